/**
 * A google.protobuf.Struct decoder of our own: what `Struct.deserializeBinary(bytes).toJavaScript()` (google-protobuf
 * 3.21.x, the version @pulumi/pulumi ships) returns or throws, read in one pass straight to JavaScript.
 *
 * google-protobuf's BinaryReader was the pack's largest cost on big stacks (a closure per nested message, a state
 * object per value, the reader's assertion and callback plumbing); this reads the same bytes with the same rules:
 *
 * - Parsing is google-protobuf's, step by step: the same tag, varint, double and string readers (the varint reader's
 *   quirks included: a length read in its 10-byte form can be negative, bytes past the buffer read as `undefined`),
 *   the same end-of-message checks (an assertion when a varint, a double or a skip passes the end; "Decoder hit an
 *   error" at the next field when a string or a skipped varint did), unknown fields skipped as its `skipField` skips
 *   them (groups included), an end-group tag ending the message it is in. A map entry (the Struct's `fields`) is read
 *   as `jspb.Map.deserializeBinary` reads it: its unknown fields are NOT skipped (the next tag is read from the
 *   field's payload), a repeated value merges into the same Value, the last key wins.
 * - Strings: ASCII ones are sliced natively; any other goes through a transcription of google-protobuf's UTF-8
 *   decoder (it accepts overlong forms, encoded surrogates and stray bytes, and can read past the string's end).
 * - Conversion is `toJavaScript()`'s: keys in sorted order (the last of repeated keys wins, a `__proto__` key is
 *   dropped unconverted), a Value without a kind is "Unexpected struct type" but only if it survives (a oneof field
 *   replaced later, or a dropped key, never fails), and a parse error anywhere wins over a conversion error (jspb
 *   parses the whole message first).
 * - The one deliberate difference: skipping a length-delimited field of negative length (a 10-byte length varint)
 *   moves google-protobuf's cursor BACKWARDS, which can loop forever. This reader moves back too, but at most
 *   `backwardBudget` times per decode; after that it throws ("does not end") where google-protobuf would hang.
 *
 * Errors carry google-protobuf's messages ("Assertion failed", "Failure: ..."); test/policy-pack/wire.test.ts compares
 * values, key order and errors with google-protobuf on random, crafted and mutated messages.
 */

/** The wire sentinels of values unknown during preview (@pulumi/policy's proxy.ts; checked against it by a test). */
export const unknownSentinels = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);
/** The key that marks a secret, asset, archive or resource reference (@pulumi/pulumi runtime/rpc `specialSigKey`). */
export const specialSigKey = "4dabf18193072939515e22adb298388d";

/** A Value with no kind set (yet). */
const NO_KIND = Symbol("no kind");
/** A value whose conversion fails ("Unexpected struct type"): a Value without kind, or a Struct/list holding one. */
const INVALID = Symbol("invalid");
/** Thrown to leave a `decodeKnownFrozen`: an unknown sentinel or a special key was met. */
const DECLINED = Symbol("declined");

// The decode in progress (decoding is synchronous and not re-entrant): google-protobuf's decoder and reader state.
const empty = new Uint8Array(0);
let buf: Uint8Array = empty;
let pos = 0;
let end = 0;
let fieldNo = -1;
let wireType = -1;
/** Whether to freeze every object and array built, and to stop at an unknown sentinel or a special key. */
let frozen = false;
/** How many more backward skips this decode may make (see the file's comment). */
let backwardBudget = 0;
const scratch = new DataView(new ArrayBuffer(8));
const scratchBytes = new Uint8Array(scratch.buffer);

function assertionFailed(): never {
    throw new Error("Assertion failed");
}
function failure(message: string): never {
    throw new Error(`Failure: ${message}`);
}

/** google-protobuf's `readUnsignedVarint32` (bytes past the buffer are `undefined`: such reads fail its checks). */
function readVarint32(): number {
    const a = buf;
    let b = a[pos];
    let c = b & 127;
    if (b < 128) {
        pos += 1;
        if (pos > end) assertionFailed();
        return c;
    }
    b = a[pos + 1];
    c |= (b & 127) << 7;
    if (b < 128) {
        pos += 2;
        if (pos > end) assertionFailed();
        return c;
    }
    b = a[pos + 2];
    c |= (b & 127) << 14;
    if (b < 128) {
        pos += 3;
        if (pos > end) assertionFailed();
        return c;
    }
    b = a[pos + 3];
    c |= (b & 127) << 21;
    if (b < 128) {
        pos += 4;
        if (pos > end) assertionFailed();
        return c;
    }
    b = a[pos + 4];
    c |= (b & 15) << 28;
    if (b < 128) {
        pos += 5;
        if (pos > end) assertionFailed();
        return c >>> 0;
    }
    pos += 5;
    if (a[pos++] >= 128 && a[pos++] >= 128 && a[pos++] >= 128 && a[pos++] >= 128 && a[pos++] >= 128)
        assertionFailed();
    if (pos > end) assertionFailed();
    return c; // signed: a length read this way can be negative
}

/** google-protobuf's `nextField`: false at the end; an error past it or on wire types 6 and 7. */
function nextField(): boolean {
    if (pos === end) return false;
    if (pos > end || pos < 0) failure("Decoder hit an error");
    const b = buf[pos];
    let tag: number;
    if (b < 128) {
        pos++; // pos < end: no check needed
        tag = b;
    } else tag = readVarint32();
    wireType = tag & 7;
    fieldNo = tag >>> 3;
    if (wireType > 5) failure("Invalid wire type: %s (at position %s)");
    return true;
}

/** `readVarint32()` with the one-byte case inline. */
function readLength(): number {
    const b = buf[pos];
    if (b < 128 && pos < end) {
        pos++;
        return b;
    }
    return readVarint32();
}

/** google-protobuf's `skipField` for the current field. */
function skipField(): void {
    switch (wireType) {
        case 0:
            while (buf[pos] & 128) pos++;
            pos++;
            break;
        case 1:
            pos += 8;
            if (pos > end) assertionFailed();
            break;
        case 2: {
            const length = readVarint32();
            if (length < 0 && --backwardBudget < 0)
                throw new Error("Failure: the message does not end (negative lengths move the cursor back)");
            pos += length;
            if (pos > end) assertionFailed();
            break;
        }
        case 5:
            pos += 4;
            if (pos > end) assertionFailed();
            break;
        case 3: {
            const group = fieldNo;
            for (;;) {
                if (!nextField()) failure("Unmatched start-group tag: stream EOF");
                if ((wireType as number) === 4) {
                    // (nextField() set it: the cast undoes the narrowing to 3 of this case)
                    if (fieldNo !== group) failure("Unmatched end-group tag");
                    break;
                }
                skipField();
            }
            break;
        }
        default:
            failure("Invalid wire encoding for field.");
    }
}

/** google-protobuf's `readEnum` (a 64-bit varint; the value is not needed: a null_value is null). */
function skipEnum(): void {
    const a = buf;
    let b = 128;
    for (let f = 0; f < 4 && b >= 128; f++) b = a[pos++];
    if (b >= 128) b = a[pos++];
    if (b >= 128) for (let f = 0; f < 5 && b >= 128; f++) b = a[pos++];
    if (!(b < 128)) failure("Failed to read varint, encoding is invalid.");
}

function readDouble(): number {
    if (pos + 8 > end) assertionFailed();
    // Bytes past the buffer (in a message whose length runs past it) are undefined: stored as 0, as jspb reads them.
    const a = buf;
    for (let i = 0; i < 8; i++) scratchBytes[i] = a[pos + i];
    pos += 8;
    return scratch.getFloat64(0, true);
}

/**
 * Recently decoded short ASCII strings, by a hash of their bytes: keys and many values repeat across resources
 * (`metadata`, `name`, `app.kubernetes.io/name`, `RuntimeDefault`), and a hit costs a comparison, not a new string.
 */
const recent: string[] = new Array<string>(4096).fill("");
/** Their bytes (at most `recentMax` each), compared byte for byte. */
const recentMax = 40;
const recentBytes = new Uint8Array(4096 * recentMax);

/** google-protobuf's `readString` (the cursor ends where its decoder stopped, possibly past the string). */
function readString(): string {
    if (wireType !== 2) assertionFailed();
    const length = readLength();
    if (length <= 0) return ""; // jspb: nothing decoded, the cursor stays
    const start = pos;
    const stop = start + length;
    if (stop > buf.length) return readStringSlow(start, stop);
    const a = buf;
    // The cache first: a hit (every byte equal to an ASCII string's) is an ASCII string; one pass.
    const slot = (length * 31 + a[start] * 7 + a[stop - 1] * 131 + a[start + (length >> 1)] * 17) & 4095;
    const cached = recent[slot];
    const base = slot * recentMax;
    if (cached.length === length) {
        let j = 0;
        while (j < length && recentBytes[base + j] === a[start + j]) j++;
        if (j === length) {
            pos = stop;
            return cached;
        }
    }
    for (let i = start; i < stop; i++) if (a[i] >= 128) return readStringSlow(start, stop);
    pos = stop;
    const s = length < 12 ? smallAscii(a, start, stop) : latin1(a, start, stop);
    if (length <= recentMax) {
        recent[slot] = s;
        for (let j = 0; j < length; j++) recentBytes[base + j] = a[start + j];
    }
    return s;
}

function smallAscii(a: Uint8Array, start: number, stop: number): string {
    let s = "";
    for (let i = start; i < stop; i++) s += String.fromCharCode(a[i]);
    return s;
}

/** Node's native latin1 decoder (it reads any Uint8Array), else TextDecoder; for ASCII bytes only. */
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice?: (s: number, e: number) => string })
    .latin1Slice;
const textDecoder = new TextDecoder("latin1");
function latin1(a: Uint8Array, start: number, stop: number): string {
    return latin1Slice ? latin1Slice.call(a, start, stop) : textDecoder.decode(a.subarray(start, stop));
}

/** google-protobuf's UTF-8 decoder, transcribed (lenient: see the file's comment). */
function readStringSlow(start: number, stop: number): string {
    const b = buf;
    let c = start;
    const d: number[] = [];
    let f = "";
    while (c < stop) {
        if (c >= b.length) {
            // Past the buffer every byte is undefined, which jspb's loop skips one by one (up to 2^32 times).
            c = stop;
            break;
        }
        let h = b[c++];
        if (h < 128) d.push(h);
        else if (h < 192) continue;
        else if (h < 224) {
            const m = b[c++];
            d.push(((h & 31) << 6) | (m & 63));
        } else if (h < 240) {
            const m = b[c++];
            const t = b[c++];
            d.push(((h & 15) << 12) | ((m & 63) << 6) | (t & 63));
        } else if (h < 248) {
            const m = b[c++];
            const t = b[c++];
            const x = b[c++];
            h = ((h & 7) << 18) | ((m & 63) << 12) | ((t & 63) << 6) | (x & 63);
            h -= 65536;
            d.push(((h >> 10) & 1023) + 55296, (h & 1023) + 56320);
        }
        if (d.length >= 8192) {
            f += String.fromCharCode(...d);
            d.length = 0;
        }
    }
    f += String.fromCharCode(...d);
    pos = c;
    return f;
}

/** Enters a length-delimited field as google-protobuf's `readMessage` does; returns the outer end. */
function enterMessage(): number {
    if (wireType !== 2) assertionFailed();
    const outer = end;
    const length = readLength();
    end = pos + length;
    return outer;
}
/** Leaves it: the cursor goes to the message's declared end, whatever was read. */
function leaveMessage(outer: number): void {
    pos = end;
    end = outer;
}

/** A google.protobuf.Value's fields, merged into `kind` (NO_KIND, INVALID or the value so far). */
function readValue(kind: unknown): unknown {
    while (nextField()) {
        if (wireType === 4) break;
        switch (fieldNo) {
            case 1:
                if (wireType !== 0) assertionFailed();
                skipEnum();
                kind = null;
                break;
            case 2:
                if (wireType !== 1) assertionFailed();
                kind = readDouble();
                break;
            case 3: {
                const s = readString();
                if (frozen && s.length === 36 && unknownSentinels.has(s)) throw DECLINED;
                kind = s;
                break;
            }
            case 4:
                if (wireType !== 0) assertionFailed();
                kind = readVarint32() !== 0;
                break;
            case 5: {
                const outer = enterMessage();
                kind = readStruct();
                leaveMessage(outer);
                break;
            }
            case 6: {
                const outer = enterMessage();
                kind = readList();
                leaveMessage(outer);
                break;
            }
            default:
                skipField();
        }
    }
    return kind;
}

/** A google.protobuf.ListValue: the array, or INVALID when an element cannot be converted. */
function readList(): unknown[] | typeof INVALID {
    const out: unknown[] = [];
    let invalid = false;
    while (nextField()) {
        if (wireType === 4) break;
        if (fieldNo !== 1) {
            skipField();
            continue;
        }
        const outer = enterMessage();
        const v = readValue(NO_KIND);
        leaveMessage(outer);
        if (v === NO_KIND || v === INVALID) invalid = true;
        out.push(v);
    }
    if (invalid) return INVALID;
    if (frozen) Object.freeze(out);
    return out;
}

/**
 * A google.protobuf.Struct: the object, or INVALID when a surviving value cannot be converted. Keys usually arrive
 * sorted and once each (every encoder writes maps sorted): those are assigned as they come. The first key out of
 * order switches to collecting every entry (the last of a key wins) and assigning them sorted at the end.
 */
function readStruct(): Record<string, unknown> | typeof INVALID {
    let result: Record<string, unknown> = {};
    let last = "";
    let first = true;
    let invalid = false;
    let entries: Map<string, unknown> | undefined;
    while (nextField()) {
        if (wireType === 4) break;
        if (fieldNo !== 1) {
            skipField();
            continue;
        }
        // A map entry, as jspb.Map.deserializeBinary reads it (no skipping of unknown fields).
        const outer = enterMessage();
        let key = "";
        let kind: unknown = NO_KIND;
        while (nextField()) {
            if (wireType === 4) break;
            if (fieldNo === 1) key = readString();
            else if (fieldNo === 2) {
                const outerValue = enterMessage();
                kind = readValue(kind);
                leaveMessage(outerValue);
            }
        }
        leaveMessage(outer);
        if (key === "__proto__") continue; // jspb's map object drops it (it sets the prototype); never converted
        if (kind === NO_KIND) kind = INVALID;
        if (entries) entries.set(key, kind);
        else if (first || key > last) {
            first = false;
            last = key;
            if (key === specialSigKey && frozen) throw DECLINED;
            if (kind === INVALID) invalid = true;
            result[key] = kind;
        } else {
            entries = new Map(Object.entries(result));
            entries.set(key, kind);
        }
    }
    if (entries) {
        result = {};
        invalid = false;
        for (const key of [...entries.keys()].sort()) {
            const v = entries.get(key);
            if (v === INVALID) invalid = true;
            if (key === specialSigKey && frozen) throw DECLINED;
            result[key] = v;
        }
    }
    if (invalid) return INVALID;
    if (frozen) Object.freeze(result);
    return result;
}

function begin(bytes: Uint8Array, freeze: boolean): void {
    // google-protobuf reads a Buffer (or any Uint8Array subclass) through a plain Uint8Array view of it.
    buf =
        bytes.constructor === Uint8Array
            ? bytes
            : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    pos = 0;
    end = buf.length;
    fieldNo = wireType = -1;
    frozen = freeze;
    backwardBudget = 1000;
}

function finish(): void {
    buf = empty;
    frozen = false;
}

/** `Struct.deserializeBinary(bytes).toJavaScript()`: the same value (and key order), or an error where it throws. */
export function decodeStruct(bytes: Uint8Array): Record<string, unknown> {
    let value: Record<string, unknown> | typeof INVALID;
    begin(bytes, false);
    try {
        value = readStruct();
    } finally {
        finish();
    }
    if (value === INVALID) throw new Error("Unexpected struct type");
    return value;
}

/**
 * `decodeStruct(bytes)`, deep-frozen, when it is plain JSON with every value known: no unknown sentinel anywhere
 * and no special-signature key. Otherwise undefined: the caller takes the library's path. Where `decodeStruct` throws, this throws the same or returns undefined.
 */
export function decodeKnownFrozen(bytes: Uint8Array): Record<string, unknown> | undefined {
    let value: Record<string, unknown> | typeof INVALID;
    begin(bytes, true);
    try {
        value = readStruct();
    } catch (e) {
        if (e === DECLINED) return undefined;
        throw e;
    } finally {
        finish();
    }
    if (value === INVALID) throw new Error("Unexpected struct type");
    return value;
}
