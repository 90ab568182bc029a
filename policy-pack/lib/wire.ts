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
 * decoded to JavaScript (with google-protobuf's own reader, so strings and numbers decode identically) when the server
 * asks for it (`getProperties().toJavaScript()`, once per request with lib/shared-props.ts). The result is the value
 * `Struct.toJavaScript()` returns: keys in the order jspb's map gives them (sorted), the last of repeated fields wins,
 * a Value without a kind is an error ("Unexpected struct type"), a `__proto__` key is dropped as jspb's map drops it.
 * The provider's `properties` are kept encoded likewise. Other methods, and the other messages inside a resource
 * (options, property dependencies), keep the generated decoders.
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- generated protobuf code */

const pulumiDir = require.resolve("@pulumi/pulumi");
const jspb = require(require.resolve("google-protobuf", { paths: [pulumiDir] }));
const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb");
const analyzerrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");

const marker = Symbol.for("hardened-cluster.wireProperties");

/** The wire sentinels of values unknown during preview (@pulumi/policy's proxy.ts; checked against it by a test). */
const unknownSentinels = new Set([
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

/**
 * What the decode in progress met (decoding is synchronous and not re-entrant): a string that is an unknown
 * sentinel, a key that marks a special value, and (when `objects` is set) every object and array it built.
 */
let seen: { unknown: boolean; special: boolean; objects: object[] | undefined } = {
    unknown: false,
    special: false,
    objects: undefined,
};

/** A resource's `properties`, still encoded: `toJavaScript()` decodes it as google.protobuf.Struct would. */
export class WireStruct {
    constructor(private readonly bytes: Uint8Array) {}
    toJavaScript(): Record<string, unknown> {
        const reader = new jspb.BinaryReader(this.bytes);
        return readStructFields(reader);
    }
    /**
     * The value @pulumi/policy's `deserializeProperties(struct, false)` would return, deep-frozen, when it is plain
     * JSON with every value known: no unknown sentinel anywhere (so no read can raise `UnknownValueError`) and no
     * special-signature key (so the library's conversion is a plain copy: no secret, asset, archive or resource
     * reference to convert). Otherwise undefined: the caller takes the library's path. An error decoding is thrown
     * as `toJavaScript()` throws it.
     */
    decodeKnownFrozen(): Record<string, unknown> | undefined {
        const outer = seen;
        seen = { unknown: false, special: false, objects: [] };
        try {
            const value = readStructFields(new jspb.BinaryReader(this.bytes));
            if (seen.unknown || seen.special) return undefined;
            for (const o of seen.objects!) Object.freeze(o);
            return Object.freeze(value);
        } finally {
            seen = outer;
        }
    }
}

type Kind = { set: false } | { set: true; value: unknown } | { set: true; error: unknown };

/** Reads the fields of one google.protobuf.Value into `state` (a repeated map value merges into the same Value). */
function readValueFields(reader: any, state: Kind): Kind {
    let s = state;
    while (reader.nextField()) {
        if (reader.isEndGroup()) break;
        switch (reader.getFieldNumber()) {
            case 1:
                reader.readEnum();
                s = { set: true, value: null };
                break;
            case 2:
                s = { set: true, value: reader.readDouble() };
                break;
            case 3: {
                const v: string = reader.readString();
                if (v.length === 36 && unknownSentinels.has(v)) seen.unknown = true;
                s = { set: true, value: v };
                break;
            }
            case 4:
                s = { set: true, value: reader.readBool() };
                break;
            case 5:
                s = nested(reader, readStructFields);
                break;
            case 6:
                s = nested(reader, readListFields);
                break;
            default:
                reader.skipField();
        }
    }
    return s;
}

/**
 * A nested Struct or ListValue. jspb keeps only the last of repeated oneof fields and converts the survivor, so an
 * error inside one that is later replaced must not escape: it is kept and thrown only if it is the final value.
 */
function nested(reader: any, read: (r: any) => unknown): Kind {
    const holder: { s?: Kind } = {};
    reader.readMessage(holder, (_: unknown, r: any) => {
        try {
            holder.s = { set: true, value: read(r) };
        } catch (e) {
            // Skip the rest of this message: readMessage resets the cursor to its end.
            holder.s = { set: true, error: e };
        }
    });
    return holder.s!;
}

function valueOf(s: Kind): unknown {
    if (!s.set) throw new Error("Unexpected struct type");
    if ("error" in s) throw s.error;
    return s.value;
}

function readStructFields(reader: any): Record<string, unknown> {
    const entries = new Map<string, Kind>();
    while (reader.nextField()) {
        if (reader.isEndGroup()) break;
        if (reader.getFieldNumber() !== 1) {
            reader.skipField();
            continue;
        }
        const entry: { key: string; value: Kind } = { key: "", value: { set: false } };
        reader.readMessage(entry, (e: typeof entry, r: any) => {
            let merged: Kind | undefined;
            while (r.nextField()) {
                if (r.isEndGroup()) break;
                const f = r.getFieldNumber();
                if (f === 1) e.key = r.readString();
                else if (f === 2) {
                    const m: { s: Kind } = { s: merged ?? { set: false } };
                    r.readMessage(m, (mm: typeof m, rr: any) => (mm.s = readValueFields(rr, mm.s)));
                    merged = m.s;
                } else r.skipField();
            }
            if (merged) e.value = merged;
        });
        entries.set(entry.key, entry.value);
    }
    const result: Record<string, unknown> = {};
    for (const key of [...entries.keys()].sort()) {
        if (key === "__proto__") continue;
        if (key === specialSigKey) seen.special = true;
        result[key] = valueOf(entries.get(key)!);
    }
    seen.objects?.push(result);
    return result;
}

function readListFields(reader: any): unknown[] {
    const out: Kind[] = [];
    while (reader.nextField()) {
        if (reader.isEndGroup()) break;
        if (reader.getFieldNumber() !== 1) {
            reader.skipField();
            continue;
        }
        const m: { s: Kind } = { s: { set: false } };
        reader.readMessage(m, (mm: typeof m, r: any) => (mm.s = readValueFields(r, mm.s)));
        out.push(m.s);
    }
    const list = out.map(valueOf);
    seen.objects?.push(list);
    return list;
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

/** `AnalyzeStack`'s request, likewise: every resource with wire properties. */
export function decodeAnalyzeStackRequest(buf: Uint8Array): any {
    const msg = new analyzerproto.AnalyzeStackRequest();
    const reader = new jspb.BinaryReader(new Uint8Array(buf));
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
    if (!svc?.analyze?.requestDeserialize || !svc?.analyzeStack?.requestDeserialize)
        throw new Error(
            "@pulumi/pulumi changed: AnalyzerService.analyze/analyzeStack.requestDeserialize is missing (policy-pack/lib/wire.ts supports 3.248.0)",
        );
    svc.analyze.requestDeserialize = decodeAnalyzeRequest;
    svc.analyzeStack.requestDeserialize = decodeAnalyzeStackRequest;
    svc[marker] = true;
}
