/**
 * How many seeded random samples the differential tests draw. `npm test` draws what still reaches the generators'
 * branches and still fails when the code under test is broken (measured by breaking it: docs/testing.md); the e2e
 * suite runs the very same tests with `BLUEPRINT_FUZZ=full` and the large counts (e2e/test/fuzz.e2e.test.ts).
 */
export const fullFuzz = process.env.BLUEPRINT_FUZZ === "full";

/** `quick` in `npm test`, `full` in the e2e suite's large-N run. */
export function fuzz<T>(quick: T, full: T): T {
    return fullFuzz ? full : quick;
}

/**
 * `npm test`: the items of `all` named in `names` (each of which must be there), in `all`'s order; the e2e suite's
 * large-N run: all of them. For differential tests over a generated stack whose reference is slow per item: the names
 * are the few items that already reach all the whole stack reaches (the test asserts that coverage).
 */
export function fuzzPick<T extends { name: string }>(
    all: readonly T[],
    names: readonly string[] | undefined,
): T[] {
    if (fullFuzz) return [...all];
    if (!names?.length) throw new Error("fuzzPick: no names to pick (npm test would compare nothing)");
    const wanted = new Set(names);
    const out = all.filter((x) => wanted.has(x.name));
    const missing = [...wanted].filter((n) => !out.some((x) => x.name === n));
    if (missing.length || out.length !== wanted.size)
        throw new Error(`fuzzPick: not exactly one item named each of ${missing.join(", ") || "the names"}`);
    return out;
}
