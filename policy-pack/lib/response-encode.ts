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
import { encodeLengthDelimited } from "../../lib/protowire";

/** AnalyzeResponse's repeated fields: diagnostics = 2, not_applicable = 3 (both messages, length-delimited). */
const diagnosticsField = 2;
const notApplicableField = 3;

/** The bytes of an AnalyzeResponse: exactly `Buffer.from(resp.serializeBinary())`, the generated serializer's. */
export function encodeAnalyzeResponse(resp: any): Buffer {
    if (!(resp instanceof analyzerproto.AnalyzeResponse))
        throw new Error("Expected argument of type pulumirpc.AnalyzeResponse");
    const entries: [number, Uint8Array][] = [];
    for (const d of resp.getDiagnosticsList()) entries.push([diagnosticsField, d.serializeBinary()]);
    for (const n of resp.getNotApplicableList()) entries.push([notApplicableField, n.serializeBinary()]);
    // Each entry's bytes are let go once copied.
    return encodeLengthDelimited(entries, true);
}
