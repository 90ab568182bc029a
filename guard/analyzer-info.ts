/**
 * The GetAnalyzerInfo answer, decoded without a message tree for the config schemas.
 *
 * The generated decoder (@pulumi/pulumi/proto/analyzer_pb.js) builds every policy's config schema as a tree of
 * google-protobuf messages (a message per Value, Struct and ListValue) that the guard then converts to JavaScript:
 * for this pack's 84 policies (about 125 kB) that was 100-200 ms of the guard's CPU on the path of every start.
 * `decodeAnalyzerInfo` reads the message as the generated code does, field by field with google-protobuf's own
 * reader, into the generated message classes, except the schemas' and the initial config's `properties` Structs:
 * those keep their bytes and are decoded straight to JavaScript by `WireStruct` (policy-pack/lib/wire.ts, tested
 * byte for byte against google-protobuf) when `getProperties().toJavaScript()` is called. Anything the fast reader
 * cannot read (a malformed message) is decoded again by the generated decoder, whose result or error stands.
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- generated protobuf code */
import { WireStruct } from "../policy-pack/lib/wire";

const pulumiDir = require.resolve("@pulumi/pulumi");
const jspb = require(require.resolve("google-protobuf", { paths: [pulumiDir] }));
const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb");

/** Gives a decoded message the `properties` Struct it had on the wire (last one wins, as the generated code). */
function setWireProperties(msg: any, bytes: Uint8Array | undefined): void {
    const props = bytes ? new WireStruct(bytes) : undefined;
    msg.getProperties = () => props;
    msg.hasProperties = () => props !== undefined;
}

function readPolicyConfigSchema(msg: any, reader: any): void {
    let props: Uint8Array | undefined;
    while (reader.nextField()) {
        if (reader.isEndGroup()) break;
        switch (reader.getFieldNumber()) {
            case 1:
                props = reader.readBytes();
                break;
            case 2:
                msg.addRequired(reader.readString());
                break;
            default:
                reader.skipField();
        }
    }
    setWireProperties(msg, props);
}

function readPolicyConfig(msg: any, reader: any): void {
    let props: Uint8Array | undefined;
    while (reader.nextField()) {
        if (reader.isEndGroup()) break;
        switch (reader.getFieldNumber()) {
            case 1:
                msg.setEnforcementlevel(reader.readEnum());
                break;
            case 2:
                props = reader.readBytes();
                break;
            default:
                reader.skipField();
        }
    }
    setWireProperties(msg, props);
}

function readPolicyInfo(msg: any, reader: any): void {
    while (reader.nextField()) {
        if (reader.isEndGroup()) break;
        switch (reader.getFieldNumber()) {
            case 1:
                msg.setName(reader.readString());
                break;
            case 2:
                msg.setDisplayname(reader.readString());
                break;
            case 3:
                msg.setDescription(reader.readString());
                break;
            case 4:
                msg.setMessage(reader.readString());
                break;
            case 5:
                msg.setEnforcementlevel(reader.readEnum());
                break;
            case 6: {
                const v = new analyzerproto.PolicyConfigSchema();
                reader.readMessage(v, readPolicyConfigSchema);
                msg.setConfigschema(v);
                break;
            }
            case 7:
                msg.setPolicyType(reader.readEnum());
                break;
            case 8:
                msg.setSeverity(reader.readEnum());
                break;
            case 9: {
                const v = new analyzerproto.PolicyComplianceFramework();
                reader.readMessage(v, analyzerproto.PolicyComplianceFramework.deserializeBinaryFromReader);
                msg.setFramework(v);
                break;
            }
            case 10:
                msg.addTags(reader.readString());
                break;
            case 11:
                msg.setRemediationSteps(reader.readString());
                break;
            case 12:
                msg.setUrl(reader.readString());
                break;
            default:
                reader.skipField();
        }
    }
}

function readAnalyzerInfo(msg: any, reader: any): any {
    while (reader.nextField()) {
        if (reader.isEndGroup()) break;
        switch (reader.getFieldNumber()) {
            case 1:
                msg.setName(reader.readString());
                break;
            case 2:
                msg.setDisplayname(reader.readString());
                break;
            case 3: {
                const v = new analyzerproto.PolicyInfo();
                reader.readMessage(v, readPolicyInfo);
                msg.addPolicies(v);
                break;
            }
            case 4:
                msg.setVersion(reader.readString());
                break;
            case 5:
                msg.setSupportsconfig(reader.readBool());
                break;
            case 6:
                reader.readMessage(msg.getInitialconfigMap(), (m: any, r: any) =>
                    jspb.Map.deserializeBinary(
                        m,
                        r,
                        jspb.BinaryReader.prototype.readString,
                        jspb.BinaryReader.prototype.readMessage,
                        readPolicyConfig,
                        "",
                        new analyzerproto.PolicyConfig(),
                    ),
                );
                break;
            case 7:
                msg.setDescription(reader.readString());
                break;
            case 8:
                msg.setReadme(reader.readString());
                break;
            case 9:
                msg.setProvider(reader.readString());
                break;
            case 10:
                msg.addTags(reader.readString());
                break;
            case 11:
                msg.setRepository(reader.readString());
                break;
            default:
                reader.skipField();
        }
    }
    return msg;
}

/** GetAnalyzerInfo's answer from its bytes: the fast reader, or the generated decoder when it cannot read them. */
export function decodeAnalyzerInfo(buf: Uint8Array): any {
    try {
        return readAnalyzerInfo(new analyzerproto.AnalyzerInfo(), new jspb.BinaryReader(new Uint8Array(buf)));
    } catch {
        return analyzerproto.AnalyzerInfo.deserializeBinary(new Uint8Array(buf));
    }
}
