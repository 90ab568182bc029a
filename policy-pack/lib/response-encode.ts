/**
 * The `Analyze` and `AnalyzeStack` responses written without one google-protobuf writer for the whole message
 * (issue 15: peak memory at 10,000 objects).
 *
 * The generated serializer (@pulumi/pulumi/proto/analyzer_grpc_pb.js `serialize_pulumirpc_AnalyzeResponse`) is
 * `Buffer.from(arg.serializeBinary())`: google-protobuf's BinaryWriter collects the bytes of the whole message in a
 * JavaScript array, one element (8 bytes) per byte, grown as it goes, then copies them into a Uint8Array, which
 * `Buffer.from` copies again. The `AnalyzeStack` response of 10,000 objects (about 10,000 diagnostics, 10 MB) took
 * the pack from 260 to 350 MB of RSS there, its peak. A message is its fields in field-number order, so an
 * AnalyzeResponse is each diagnostic (field 2) as tag, length and the diagnostic's own bytes, then each
 * not-applicable entry (field 3) likewise: here each entry is serialized by the generated code on its own and the
 * entries are written into one buffer of the exact size. Byte for byte the generated serializer's output
 * (test/policy-pack/response-encode.test.ts, which also pins the generated code this relies on).
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- generated protobuf code */
const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb");

function varintSize(n: number): number {
    let size = 1;
    while (n > 0x7f) {
        size++;
        n = Math.floor(n / 128);
    }
    return size;
}

/** AnalyzeResponse's repeated fields: diagnostics = 2, not_applicable = 3 (both messages, length-delimited). */
const diagnosticsTag = (2 << 3) | 2;
const notApplicableTag = (3 << 3) | 2;

/** The bytes of an AnalyzeResponse: exactly `Buffer.from(resp.serializeBinary())`, the generated serializer's. */
export function encodeAnalyzeResponse(resp: any): Buffer {
    if (!(resp instanceof analyzerproto.AnalyzeResponse))
        throw new Error("Expected argument of type pulumirpc.AnalyzeResponse");
    const entries: Array<[number, Uint8Array]> = [];
    for (const d of resp.getDiagnosticsList()) entries.push([diagnosticsTag, d.serializeBinary()]);
    for (const n of resp.getNotApplicableList()) entries.push([notApplicableTag, n.serializeBinary()]);
    let total = 0;
    for (const [tag, bytes] of entries) total += varintSize(tag) + varintSize(bytes.length) + bytes.length;
    const out = Buffer.allocUnsafe(total);
    let pos = 0;
    const varint = (n: number): void => {
        while (n > 0x7f) {
            out[pos++] = (n & 0x7f) | 0x80;
            n = Math.floor(n / 128);
        }
        out[pos++] = n;
    };
    for (let k = 0; k < entries.length; k++) {
        const [tag, bytes] = entries[k];
        varint(tag);
        varint(bytes.length);
        out.set(bytes, pos);
        pos += bytes.length;
        entries[k] = undefined as unknown as [number, Uint8Array];
    }
    return out;
}
