/**
 * Comparing byte strings in tests. Jest's `toEqual` walks a Buffer or Uint8Array element by element through its
 * generic equality (about a second per few hundred kB), and its failure prints every byte. `bytesDiff` compares
 * natively and says, in one line, where the two first differ:
 *
 *     expect(bytesDiff(actual, expected)).toBeUndefined();
 */

const around = 8;

/** `bytes` as a Buffer over the same memory (no copy). */
function view(bytes: Uint8Array): Buffer {
    return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Up to `around` bytes either side of `at`, in hex, the byte at `at` in brackets (`[]` past the end). */
function hexWindow(b: Buffer, at: number): string {
    const from = Math.max(0, at - around);
    const to = Math.min(b.length, at + around + 1);
    const hex = (s: number, e: number) => [...b.subarray(s, e)].map((x) => x.toString(16).padStart(2, "0"));
    const before = hex(from, Math.min(at, to));
    const here = at < b.length ? `[${hex(at, at + 1)[0]}]` : "[]";
    const after = at < b.length ? hex(at + 1, to) : [];
    return [from > 0 ? "…" : "", ...before, here, ...after, to < b.length ? "…" : ""]
        .filter((x) => x)
        .join(" ");
}

/**
 * Undefined when `actual` and `expected` hold the same bytes; else one line: the first offset where they differ (or
 * where the shorter ends), both lengths, and the bytes around that offset in each.
 */
export function bytesDiff(actual: Uint8Array, expected: Uint8Array): string | undefined {
    const a = view(actual);
    const e = view(expected);
    if (a.length === e.length && a.equals(e)) return undefined;
    // The first difference: halve the common prefix natively (only on a failure, so no need to be clever).
    let lo = 0;
    let hi = Math.min(a.length, e.length);
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (a.subarray(lo, mid + 1).equals(e.subarray(lo, mid + 1))) lo = mid + 1;
        else hi = mid;
    }
    return (
        `bytes differ at offset ${lo} (actual ${a.length} bytes, expected ${e.length}): ` +
        `actual ${hexWindow(a, lo)} | expected ${hexWindow(e, lo)}`
    );
}

/** `bytesDiff` over two lists of byte strings: their lengths, or the first entry that differs, or undefined. */
export function bytesListDiff(
    actual: readonly Uint8Array[],
    expected: readonly Uint8Array[],
): string | undefined {
    if (actual.length !== expected.length)
        return `${actual.length} byte strings, expected ${expected.length}`;
    for (let i = 0; i < actual.length; i++) {
        const d = bytesDiff(actual[i], expected[i]);
        if (d) return `entry ${i}: ${d}`;
    }
    return undefined;
}
