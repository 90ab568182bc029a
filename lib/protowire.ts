/**
 * Protobuf wire-format helpers shared by the guard (requests) and the policy pack (responses): a varint's size, and
 * length-delimited fields written into one buffer of the exact size (the `AnalyzeStack` request and response of
 * 10,000 objects are tens of megabytes: no intermediate copies). Neutral: no Pulumi or policy import.
 */

/** Bytes of `n` (a non-negative integer below 2^53) as a protobuf varint. */
export function varintSize(n: number): number {
    let size = 1;
    while (n > 0x7f) {
        size++;
        n = Math.floor(n / 128);
    }
    return size;
}

/**
 * Length-delimited fields (field number and bytes each: tag, length, bytes on the wire), in the order given, in one
 * buffer of the exact size. With `release`, each entry of `fields` is dropped from the array once written, so that a
 * caller holding only this array lets each part go as the buffer fills.
 */
export function encodeLengthDelimited(fields: (readonly [number, Uint8Array])[], release = false): Buffer {
    let total = 0;
    for (const [field, p] of fields) total += varintSize((field << 3) | 2) + varintSize(p.length) + p.length;
    const out = Buffer.allocUnsafe(total);
    let pos = 0;
    const varint = (n: number): void => {
        while (n > 0x7f) {
            out[pos++] = (n & 0x7f) | 0x80;
            n = Math.floor(n / 128);
        }
        out[pos++] = n;
    };
    for (let k = 0; k < fields.length; k++) {
        const [field, p] = fields[k];
        varint((field << 3) | 2);
        varint(p.length);
        out.set(p, pos);
        pos += p.length;
        if (release) fields[k] = undefined as unknown as readonly [number, Uint8Array];
    }
    return out;
}
