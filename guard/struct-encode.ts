/**
 * A property map encoded as a `google.protobuf.Struct`, byte for byte what
 * `Struct.fromJavaScript(value).serializeBinary()` (google-protobuf 3.21) produces, without building the message
 * tree: at 10,000 objects the tree (a jspb message per Value, Struct and ListValue) was the guard's largest cost after
 * YAML parsing. What jspb does, and so what this does:
 *  - a map's keys are written sorted (JavaScript's default string order), each entry as {1: key, 2: value}; a key
 *    `__proto__` is dropped (jspb's map stores entries in a plain object, where that key sets the prototype);
 *  - a Value holds exactly one kind: null (1, enum 0), number (2, double), string (3), bool (4), struct (5), list (6);
 *    anything else (undefined, a function, a symbol, a bigint) is an error, "Unexpected struct type.";
 *  - strings are UTF-8; a string with lone surrogates is written as jspb writes it (see utf8 below); NaN is written
 *    as jspb writes it (ff ff ff ff ff ff ff 7f).
 * test/guard/struct-encode.test.ts compares it with jspb on random and awkward values.
 */

import { varintSize } from "../lib/protowire";

/** String.prototype.isWellFormed (Node 20; not in the ES2022 lib this project compiles against). */
const wellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/**
 * The bytes of a string that is not well-formed UTF-16 (a well-formed one, surrogate pairs included, is plain UTF-8,
 * written in place: see Encoder.str). jspb's own encoder is followed exactly (jspb.BinaryEncoder.writeString): a high
 * surrogate followed by anything but a low surrogate is dropped, a high surrogate at the very end and a lone low
 * surrogate are written as 3-byte sequences.
 */
function utf8(s: string): Buffer {
    const out: number[] = [];
    for (let i = 0; i < s.length; i++) {
        let c = s.charCodeAt(i);
        if (c < 0x80) out.push(c);
        else if (c < 0x800) out.push((c >> 6) | 0xc0, (c & 0x3f) | 0x80);
        else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
            const d = s.charCodeAt(i + 1);
            if (d >= 0xdc00 && d <= 0xdfff) {
                c = (c - 0xd800) * 0x400 + d - 0xdc00 + 0x10000;
                out.push(
                    (c >> 18) | 0xf0,
                    ((c >> 12) & 0x3f) | 0x80,
                    ((c >> 6) & 0x3f) | 0x80,
                    (c & 0x3f) | 0x80,
                );
                i++;
            }
        } else out.push((c >> 12) | 0xe0, ((c >> 6) & 0x3f) | 0x80, (c & 0x3f) | 0x80);
    }
    return Buffer.from(out);
}

/**
 * Two passes over the value: `measure` computes the size of every length-delimited part in pre-order (pushing
 * onto `sizes`, with strings' bytes onto `strings` and each map's sorted keys onto `keyLists`), then `write` emits the bytes, taking sizes and strings in the
 * same order. Each value is visited twice, whatever its depth.
 */
class Encoder {
    private readonly sizes: number[] = [];
    /** Each string as written: itself when well-formed (written as UTF-8 in place), else jspb's bytes of it. */
    private readonly strings: (string | Buffer)[] = [];
    private readonly lengths: number[] = [];
    private readonly keyLists: string[][] = [];
    private si = 0;
    private ti = 0;
    private ki = 0;
    private buf!: Buffer;
    private pos = 0;

    encodeStruct(obj: object): Uint8Array {
        const size = this.measureStruct(obj);
        this.buf = Buffer.allocUnsafe(size);
        this.writeStruct(obj);
        return new Uint8Array(this.buf.buffer, this.buf.byteOffset, this.pos);
    }

    private keys(obj: object): string[] {
        const keys: string[] = [];
        for (const k in obj) if (k !== "__proto__") keys.push(k);
        return keys.sort();
    }

    private str(s: string): number {
        const b = wellFormed(s) ? s : utf8(s);
        const l = typeof b === "string" ? Buffer.byteLength(b, "utf8") : b.length;
        this.strings.push(b);
        this.lengths.push(l);
        return l;
    }

    private measureStruct(obj: object): number {
        let total = 0;
        const keys = this.keys(obj);
        this.keyLists.push(keys);
        for (const k of keys) {
            const slot = this.sizes.length;
            this.sizes.push(0);
            const kl = this.str(k);
            const vl = this.measureValue((obj as Record<string, unknown>)[k]);
            const entry = 1 + varintSize(kl) + kl + 1 + varintSize(vl) + vl;
            this.sizes[slot] = entry;
            total += 1 + varintSize(entry) + entry;
        }
        return total;
    }

    private measureList(list: unknown[]): number {
        let total = 0;
        for (const v of list) {
            const vl = this.measureValue(v);
            total += 1 + varintSize(vl) + vl;
        }
        return total;
    }

    /** Size of a Value's content (and records what `write` needs). */
    private measureValue(v: unknown): number {
        if (v === null) return 2;
        switch (typeof v) {
            case "string": {
                const l = this.str(v);
                return 1 + varintSize(l) + l;
            }
            case "number":
                return 9;
            case "boolean":
                return 2;
            case "object": {
                const slot = this.sizes.length;
                this.sizes.push(0);
                const l = Array.isArray(v) ? this.measureList(v) : this.measureStruct(v);
                this.sizes[slot] = l;
                return 1 + varintSize(l) + l;
            }
            default:
                throw new Error("Unexpected struct type.");
        }
    }

    private byte(b: number): void {
        this.buf[this.pos++] = b;
    }

    private varint(n: number): void {
        while (n > 0x7f) {
            this.buf[this.pos++] = (n & 0x7f) | 0x80;
            n = Math.floor(n / 128);
        }
        this.buf[this.pos++] = n;
    }

    /** The next string (its length prefix already written by the caller). */
    private nextString(): void {
        const s = this.strings[this.ti];
        const l = this.lengths[this.ti++];
        if (typeof s === "string") this.buf.write(s, this.pos, l, "utf8");
        else s.copy(this.buf, this.pos);
        this.pos += l;
    }

    private writeStruct(obj: object): void {
        for (const k of this.keyLists[this.ki++]) {
            this.byte(0x0a);
            this.varint(this.sizes[this.si++]);
            this.byte(0x0a);
            this.varint(this.lengths[this.ti]);
            this.nextString();
            this.byte(0x12);
            this.writeValue((obj as Record<string, unknown>)[k]);
        }
    }

    /** A Value, with its own length prefix. */
    private writeValue(v: unknown): void {
        if (v === null) {
            this.varint(2);
            this.byte(0x08);
            this.byte(0);
            return;
        }
        switch (typeof v) {
            case "string": {
                const l = this.lengths[this.ti];
                this.varint(1 + varintSize(l) + l);
                this.byte(0x1a);
                this.varint(l);
                this.nextString();
                return;
            }
            case "number":
                this.varint(9);
                this.byte(0x11);
                if (Number.isNaN(v)) {
                    this.buf.writeUInt32LE(0xffffffff, this.pos);
                    this.buf.writeUInt32LE(0x7fffffff, this.pos + 4);
                } else this.buf.writeDoubleLE(v, this.pos);
                this.pos += 8;
                return;
            case "boolean":
                this.varint(2);
                this.byte(0x20);
                this.byte(v ? 1 : 0);
                return;
            default: {
                const l = this.sizes[this.si++];
                this.varint(1 + varintSize(l) + l);
                if (Array.isArray(v)) {
                    this.byte(0x32);
                    this.varint(l);
                    for (const x of v) {
                        this.byte(0x0a);
                        this.writeValue(x);
                    }
                } else {
                    this.byte(0x2a);
                    this.varint(l);
                    this.writeStruct(v as object);
                }
            }
        }
    }
}

/** A string's bytes as jspb's BinaryWriter.writeString writes them. */
export function stringBytes(s: string): Buffer {
    return wellFormed(s) ? Buffer.from(s, "utf8") : utf8(s);
}

/** `Struct.fromJavaScript(props).serializeBinary()`, without the message tree. */
export function encodeStruct(props: object): Uint8Array {
    return new Encoder().encodeStruct(props);
}
