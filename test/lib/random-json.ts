/**
 * Seeded random JSON-like values for the wire-format tests (the guard's Struct encoder and the pack's decoder):
 * unicode keys and strings, lone surrogates, NUL, and the numbers each test chooses.
 */

const strings = ["", "a", "é", "日本", "😀", "\ud800", "x\udfffy", "\ud83d\ude00\ud83d", "0", "10", "2", "__x", "Z", "a b", "\u0000"]; // prettier-ignore

/** Every kind of number a Struct carries, including the ones JSON cannot (NaN, infinities, -0). */
export const allNumbers = [0, -0, 1, -1, 1.5, 127, 128, 16384, 2 ** 31, -(2 ** 31), 2 ** 53 + 2, 1e308, 5e-324, 2.2250738585072014e-308, Infinity, -Infinity, NaN]; // prettier-ignore

/** A value of at most `depth` levels: scalars, arrays of up to 3 and objects of up to 4 keys. */
export function randomJson(rand: () => number, depth: number, numbers: number[] = allNumbers): unknown {
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    const r = rand();
    if (depth <= 0 || r < 0.3) return pick<unknown>([null, true, false, pick(numbers), pick(strings)]);
    if (r < 0.6)
        return Array.from({ length: Math.floor(rand() * 4) }, () => randomJson(rand, depth - 1, numbers));
    const o: Record<string, unknown> = {};
    for (let i = Math.floor(rand() * 5); i > 0; i--)
        o[pick(strings) + pick(strings)] = randomJson(rand, depth - 1, numbers);
    return o;
}
