/**
 * guard/struct-encode.ts writes a property map as google-protobuf 3.21 serializes `Struct.fromJavaScript(value)`,
 * and the guard's Analyze and AnalyzeStack resources built with it are byte for byte the messages the generated code
 * builds (what the engine would send, and what the pack decodes).
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- generated protobuf code */
import * as path from "path";
import { mulberry32 } from "../../bench/synthetic";
import { randomJson } from "../lib/random-json";
import { PolicyPackProcess } from "../../guard/analyzer";
import { captureManifests } from "../../guard/manifests";
import { GuardResource } from "../../guard/model";
import { encodeStruct } from "../../guard/struct-encode";

const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb");
const structproto = require("google-protobuf/google/protobuf/struct_pb");

function jspb(v: unknown): Buffer {
    return Buffer.from(structproto.Struct.fromJavaScript(v).serializeBinary());
}
function ours(v: object): Buffer {
    return Buffer.from(encodeStruct(v));
}

describe("encodeStruct", () => {
    it("writes the bytes jspb writes, on random values (unicode, lone surrogates, every kind of number)", () => {
        const rand = mulberry32(2);
        for (let i = 0; i < 500; i++) {
            const v = { a: randomJson(rand, 5), b: randomJson(rand, 2) };
            expect(ours(v).toString("hex")).toBe(jspb(v).toString("hex"));
        }
    });

    it("writes empty maps, lists and strings, long strings (multi-byte lengths) and deep nesting as jspb does", () => {
        let deep: Record<string, unknown> = { leaf: "x" };
        for (let i = 0; i < 40; i++) deep = { [`k${i}`]: [deep, { n: i }] };
        const cases: Record<string, unknown>[] = [
            {},
            { e: {}, l: [], s: "", z: [[], [{}]] },
            { long: "y".repeat(70_000), mid: "é".repeat(100) },
            deep,
        ];
        for (const v of cases) expect(ours(v).equals(jspb(v))).toBe(true);
    });

    it("drops a __proto__ key as jspb's map does, and keeps keys such as constructor", () => {
        const v: Record<string, unknown> = { constructor: 1, hasOwnProperty: "x" };
        Object.defineProperty(v, "__proto__", { value: { polluted: true }, enumerable: true });
        expect(ours(v).equals(jspb(v))).toBe(true);
    });

    it("refuses what a Struct cannot hold, as jspb does", () => {
        for (const bad of [undefined, () => 1, Symbol("s"), 1n]) {
            expect(() => jspb({ k: bad })).toThrow("Unexpected struct type.");
            expect(() => encodeStruct({ k: bad })).toThrow("Unexpected struct type.");
        }
    });
});

describe("requests built with it", () => {
    const rs: GuardResource[] = captureManifests(
        [path.resolve(__dirname, "../fixtures/manifests")],
        "manifests",
        "dev",
    );
    const byUrn = new Map(rs.map((r) => [r.urn, r]));

    it("an Analyze request is the message the generated code serializes", () => {
        for (const r of rs.filter((x) => x.custom)) {
            const req = new analyzerproto.AnalyzeRequest();
            req.setUrn(r.urn);
            req.setType(r.type);
            req.setName(r.name);
            req.setProperties(structproto.Struct.fromJavaScript(r.inputs));
            req.setOptions((PolicyPackProcess as any).options(r));
            const provider = (PolicyPackProcess as any).provider(r, byUrn);
            if (provider) req.setProvider(provider);
            expect(
                PolicyPackProcess.analyzeRequest(r, byUrn).equals(Buffer.from(req.serializeBinary())),
            ).toBe(true);
        }
    });

    it("an AnalyzeStack resource is the message the generated code serializes", () => {
        const withDeps: GuardResource = {
            ...rs[rs.length - 1],
            parent: rs[0].urn,
            dependencies: [rs[0].urn, rs[1].urn],
            propertyDependencies: { spec: [rs[1].urn], a: [], metadata: [rs[0].urn] },
        };
        for (const r of [...rs, withDeps]) {
            const m = new analyzerproto.AnalyzerResource();
            m.setUrn(r.urn);
            m.setType(r.type);
            m.setName(r.name);
            m.setProperties(structproto.Struct.fromJavaScript(r.outputs));
            m.setOptions((PolicyPackProcess as any).options(r));
            const provider = (PolicyPackProcess as any).provider(r, byUrn);
            if (provider) m.setProvider(provider);
            m.setParent(r.parent ?? "");
            m.setDependenciesList(r.dependencies);
            for (const [k, urns] of Object.entries(r.propertyDependencies)) {
                if (!urns.length) continue;
                const pd = new analyzerproto.AnalyzerPropertyDependencies();
                pd.setUrnsList(urns);
                m.getPropertydependenciesMap().set(k, pd);
            }
            const bytes = Buffer.from(PolicyPackProcess.stackResource(r, byUrn));
            expect(bytes.equals(Buffer.from(m.serializeBinary()))).toBe(true);
        }
    });
});
