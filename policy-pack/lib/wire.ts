/**
 * Reads the analyzer's resource properties straight from the wire, without google-protobuf's message tree.
 *
 * The generated code (@pulumi/pulumi/proto/analyzer_pb.js) turns every `google.protobuf.Struct` of a request into a
 * tree of jspb messages (a message per Value, Struct and ListValue, each with its arrays and wrapper caches), and
 * @pulumi/policy then converts that tree to plain JavaScript. At 3,000 Deployments the AnalyzeStack request was 5.8 MB
 * on the wire and 220 MB as a message tree, and building it took longer than every stack policy together.
 *
 * `installWireProperties()` replaces the request decoders of `Analyze` and `AnalyzeStack` in the service definition
 * @pulumi/policy's server registers (`AnalyzerService.<method>.requestDeserialize`, read when the server starts): every
 * field is read as the generated code reads it, except each resource's `properties`, which is kept as its bytes and
 * decoded to JavaScript (by lib/wire-reader.ts, a transcription of google-protobuf's reader for exactly a Struct, so
 * values, key order and errors are google-protobuf's) when the server asks for it (`getProperties().toJavaScript()`,
 * once per request with lib/shared-props.ts). The result is the value `Struct.toJavaScript()` returns.
 * The provider's `properties` are kept encoded likewise. Other methods, and the other messages inside a resource
 * (options, property dependencies), keep the generated decoders.
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- generated protobuf code */
import { installGrpcRelease } from "./grpc-release";
import { encodeAnalyzeResponse } from "./response-encode";
import { decodeKnownFrozen, decodeStruct } from "./wire-reader";

const pulumiDir = require.resolve("@pulumi/pulumi");
const jspb = require(require.resolve("google-protobuf", { paths: [pulumiDir] }));
const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb");
const analyzerrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");

const marker = Symbol.for("hardened-cluster.wireProperties");

export { specialSigKey } from "./wire-reader";

/** A resource's `properties`, still encoded: `toJavaScript()` decodes it as google.protobuf.Struct would. */
export class WireStruct {
    constructor(private bytes: Uint8Array | undefined) {}
    toJavaScript(): Record<string, unknown> {
        return decodeStruct(this.encoded());
    }
    /**
     * Lets go of the bytes (a view into the whole request: lib/fast-server.ts releases every resource's once it has
     * decoded them all, so that the request's memory is freed while the policies run). Reading it afterwards is an
     * internal error, never an empty value.
     */
    release(): void {
        this.bytes = undefined;
    }
    private encoded(): Uint8Array {
        if (!this.bytes)
            throw new Error("internal: resource properties read after the request released them");
        return this.bytes;
    }
    /**
     * The value @pulumi/policy's `deserializeProperties(struct, false)` would return, deep-frozen, when it is plain
     * JSON with every value known: no unknown sentinel anywhere (so no read can raise `UnknownValueError`) and no
     * special-signature key (so the library's conversion is a plain copy: no secret, asset, archive or resource
     * reference to convert). Otherwise undefined: the caller takes the library's path. An error decoding is thrown
     * as `toJavaScript()` throws it (or left to that path).
     */
    decodeKnownFrozen(): Record<string, unknown> | undefined {
        return decodeKnownFrozen(this.encoded());
    }
}

/** Sets the `properties` of a decoded message to its still-encoded bytes. */
function setWireProperties(msg: any, bytes: Uint8Array | undefined): void {
    const props = bytes ? new WireStruct(bytes) : undefined;
    msg.getProperties = () => props;
    msg.hasProperties = () => props !== undefined;
}

/** AnalyzerProviderResource: the generated field-by-field reader, `properties` (field 2) kept encoded. */
function readProviderFields(msg: any, reader: any): any {
    let props: Uint8Array | undefined;
    while (reader.nextField()) {
        if (reader.isEndGroup()) break;
        switch (reader.getFieldNumber()) {
            case 1:
                msg.setType(reader.readString());
                break;
            case 2:
                props = reader.readBytes();
                break;
            case 3:
                msg.setUrn(reader.readString());
                break;
            case 4:
                msg.setName(reader.readString());
                break;
            default:
                reader.skipField();
        }
    }
    setWireProperties(msg, props);
    return msg;
}

/** AnalyzeRequest and AnalyzerResource: the generated field-by-field reader, `properties` (field 2) kept encoded. */
function readResourceFields(msg: any, reader: any, withStackFields: boolean): any {
    let props: Uint8Array | undefined;
    while (reader.nextField()) {
        if (reader.isEndGroup()) break;
        switch (reader.getFieldNumber()) {
            case 1:
                msg.setType(reader.readString());
                break;
            case 2:
                props = reader.readBytes();
                break;
            case 3:
                msg.setUrn(reader.readString());
                break;
            case 4:
                msg.setName(reader.readString());
                break;
            case 5: {
                const v = new analyzerproto.AnalyzerResourceOptions();
                reader.readMessage(v, analyzerproto.AnalyzerResourceOptions.deserializeBinaryFromReader);
                msg.setOptions(v);
                break;
            }
            case 6: {
                const v = new analyzerproto.AnalyzerProviderResource();
                reader.readMessage(v, readProviderFields);
                msg.setProvider(v);
                break;
            }
            case 7:
                if (!withStackFields) reader.skipField();
                else msg.setParent(reader.readString());
                break;
            case 8:
                if (!withStackFields) reader.skipField();
                else msg.addDependencies(reader.readString());
                break;
            case 9:
                if (!withStackFields) reader.skipField();
                else
                    reader.readMessage(msg.getPropertydependenciesMap(), (m: any, r: any) =>
                        jspb.Map.deserializeBinary(
                            m,
                            r,
                            jspb.BinaryReader.prototype.readString,
                            jspb.BinaryReader.prototype.readMessage,
                            analyzerproto.AnalyzerPropertyDependencies.deserializeBinaryFromReader,
                            "",
                            new analyzerproto.AnalyzerPropertyDependencies(),
                        ),
                    );
                break;
            default:
                reader.skipField();
        }
    }
    setWireProperties(msg, props);
    return msg;
}

/** `Analyze`'s request, as the generated decoder builds it but with wire properties. */
export function decodeAnalyzeRequest(buf: Uint8Array): any {
    return readResourceFields(
        new analyzerproto.AnalyzeRequest(),
        new jspb.BinaryReader(new Uint8Array(buf)),
        false,
    );
}

/**
 * `AnalyzeStack`'s request, likewise: every resource with wire properties. Read in place: each resource's properties
 * are views into `buf` (gRPC's buffer of the message, which nothing else keeps), not into a copy of the whole
 * request (a second copy of tens of megabytes at 10,000 objects).
 */
export function decodeAnalyzeStackRequest(buf: Uint8Array): any {
    const msg = new analyzerproto.AnalyzeStackRequest();
    // A plain Uint8Array over the same memory: google-protobuf copies anything else (a Buffer) before reading it.
    const reader = new jspb.BinaryReader(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
    while (reader.nextField()) {
        if (reader.isEndGroup()) break;
        if (reader.getFieldNumber() === 1) {
            const r = new analyzerproto.AnalyzerResource();
            reader.readMessage(r, (m: any, rr: any) => readResourceFields(m, rr, true));
            msg.addResources(r);
        } else reader.skipField();
    }
    return msg;
}

/** Whether the service definition uses the wire decoders. */
export function wirePropertiesInstalled(): boolean {
    return analyzerrpc.AnalyzerService[marker] === true;
}

/** Installs the decoders into the service definition (before the server starts; idempotent). */
export function installWireProperties(): void {
    const svc = analyzerrpc.AnalyzerService;
    if (svc[marker]) return;
    if (
        !svc?.analyze?.requestDeserialize ||
        !svc?.analyzeStack?.requestDeserialize ||
        !svc?.analyze?.responseSerialize ||
        !svc?.analyzeStack?.responseSerialize
    )
        throw new Error(
            "@pulumi/pulumi changed: AnalyzerService.analyze/analyzeStack.requestDeserialize or responseSerialize is missing (policy-pack/lib/wire.ts supports 3.248.0)",
        );
    svc.analyze.requestDeserialize = decodeAnalyzeRequest;
    svc.analyzeStack.requestDeserialize = decodeAnalyzeStackRequest;
    // The responses, without one google-protobuf writer for the whole message (lib/response-encode.ts).
    svc.analyze.responseSerialize = encodeAnalyzeResponse;
    svc.analyzeStack.responseSerialize = encodeAnalyzeResponse;
    // gRPC's receive buffers of a request are let go once it is read (lib/grpc-release.ts).
    installGrpcRelease();
    svc[marker] = true;
}
