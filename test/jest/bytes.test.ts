/** test/lib/bytes.ts: where two byte strings first differ, compared natively, in one line. */
import { bytesDiff, bytesListDiff } from "../lib/bytes";

describe("bytesDiff", () => {
    test("equal byte strings: undefined, whatever their kind (Buffer, Uint8Array, a view into a larger buffer)", () => {
        expect(bytesDiff(Buffer.from([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBeUndefined();
        const big = Buffer.alloc(1 << 20, 7);
        expect(bytesDiff(big, Buffer.from(big))).toBeUndefined();
        const backing = new Uint8Array([9, 1, 2, 3, 9]);
        expect(bytesDiff(backing.subarray(1, 4), Buffer.from([1, 2, 3]))).toBeUndefined();
    });

    test("empty", () => {
        expect(bytesDiff(new Uint8Array(0), Buffer.alloc(0))).toBeUndefined();
        expect(bytesDiff(new Uint8Array(0), Buffer.from([0xab]))).toBe(
            "bytes differ at offset 0 (actual 0 bytes, expected 1): actual [] | expected [ab]",
        );
    });

    test("a different byte: its offset, both lengths, a hex window around it", () => {
        const a = Buffer.alloc(100, 0x11);
        const b = Buffer.from(a);
        b[40] = 0xfe;
        expect(bytesDiff(a, b)).toBe(
            "bytes differ at offset 40 (actual 100 bytes, expected 100): " +
                "actual … 11 11 11 11 11 11 11 11 [11] 11 11 11 11 11 11 11 11 … | " +
                "expected … 11 11 11 11 11 11 11 11 [fe] 11 11 11 11 11 11 11 11 …",
        );
        // The first of several differences, at either end.
        b[0] = 0;
        b[99] = 0;
        expect(bytesDiff(a, b)).toMatch(/^bytes differ at offset 0 .*actual \[11\] 11/);
        const c = Buffer.from(a);
        c[99] = 0;
        expect(bytesDiff(a, c)).toMatch(
            /^bytes differ at offset 99 .*expected … 11 11 11 11 11 11 11 11 \[00\]$/,
        );
    });

    test("a different length: where the shorter ends", () => {
        const a = Buffer.from([1, 2, 3, 4]);
        expect(bytesDiff(a, a.subarray(0, 2))).toBe(
            "bytes differ at offset 2 (actual 4 bytes, expected 2): actual 01 02 [03] 04 | expected 01 02 []",
        );
        expect(bytesDiff(a.subarray(0, 3), a)).toBe(
            "bytes differ at offset 3 (actual 3 bytes, expected 4): actual 01 02 03 [] | expected 01 02 03 [04]",
        );
        // A difference before the end comes first.
        expect(bytesDiff(Buffer.from([1, 9]), a)).toMatch(
            /^bytes differ at offset 1 \(actual 2 bytes, expected 4\)/,
        );
    });
});

describe("bytesListDiff", () => {
    test("equal lists, a different count, the first entry that differs", () => {
        const x = [Buffer.from([1]), new Uint8Array([2, 3])];
        expect(bytesListDiff(x, [Buffer.from([1]), Buffer.from([2, 3])])).toBeUndefined();
        expect(bytesListDiff([], [])).toBeUndefined();
        expect(bytesListDiff(x, x.slice(0, 1))).toBe("2 byte strings, expected 1");
        expect(bytesListDiff(x, [Buffer.from([1]), Buffer.from([2, 4])])).toBe(
            "entry 1: bytes differ at offset 1 (actual 2 bytes, expected 2): actual 02 [03] | expected 02 [04]",
        );
    });
});
