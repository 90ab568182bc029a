/** lib/protowire.ts, shared by the guard's requests and the pack's responses, against google-protobuf's writer. */
import { encodeLengthDelimited, varintSize } from "../../lib/protowire";

/* eslint-disable @typescript-eslint/no-require-imports -- google-protobuf is plain JavaScript */
const jspb = require("google-protobuf") as {
    BinaryWriter: new () => {
        writeBytes(field: number, b: Uint8Array): void;
        getResultBuffer(): Uint8Array;
    };
};

test("varintSize is the length of protobuf's varint, across each 7-bit boundary", () => {
    for (const [n, size] of [
        [0, 1],
        [0x7f, 1],
        [0x80, 2],
        [0x3fff, 2],
        [0x4000, 3],
        [2 ** 28 - 1, 4],
        [2 ** 28, 5],
        [2 ** 35, 6],
    ] as const)
        expect([n, varintSize(n)]).toEqual([n, size]);
});

test("length-delimited fields are google-protobuf's bytes, and with release each part is let go", () => {
    const parts: [number, Uint8Array][] = [
        [1, new Uint8Array(0)],
        [2, new Uint8Array(300).fill(7)],
        [15, new Uint8Array([1, 2, 3])],
        [16, new Uint8Array(20_000).fill(9)],
    ];
    const w = new jspb.BinaryWriter();
    for (const [f, b] of parts) w.writeBytes(f, b);
    const expected = Buffer.from(w.getResultBuffer());
    expect(encodeLengthDelimited([...parts]).equals(expected)).toBe(true);
    const held = [...parts];
    expect(encodeLengthDelimited(held, true).equals(expected)).toBe(true);
    expect(held.every((e) => e === undefined)).toBe(true);
    const kept = [...parts];
    encodeLengthDelimited(kept);
    expect(kept).toEqual(parts);
});
