/**
 * The guard decodes GetAnalyzerInfo's answer with guard/analyzer-info.ts (config schemas straight from the wire)
 * instead of the generated decoder. Differential tests: on the pack's own answer and on seeded random answers
 * (merged, damaged), every field the message has reads the same through both, or the fast reader fails too.
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- generated protobuf code */
import { mulberry32 } from "../../bench/synthetic";
import { decodeAnalyzerInfo } from "../../guard/analyzer-info";
import { randomJson } from "../lib/random-json";

const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb");
const structproto = require(
    require.resolve("google-protobuf/google/protobuf/struct_pb", {
        paths: [require.resolve("@pulumi/pulumi/proto/analyzer_pb")],
    }),
);

function attempt<T>(f: () => T): T | { error: string } {
    try {
        return f();
    } catch (e) {
        return { error: String((e as Error)?.message ?? e) };
    }
}

/** Everything a decoded AnalyzerInfo says, through its getters (what the guard and the engine read). */
function view(m: any): unknown {
    const props = (x: any) => (x ? attempt(() => x.getProperties()?.toJavaScript()) : "none");
    const initial: unknown[] = [];
    m.getInitialconfigMap().forEach((v: any, k: string) =>
        initial.push([k, v.getEnforcementlevel(), props(v)]),
    );
    return {
        name: m.getName(),
        displayName: m.getDisplayname(),
        version: m.getVersion(),
        supportsConfig: m.getSupportsconfig(),
        description: m.getDescription(),
        readme: m.getReadme(),
        provider: m.getProvider(),
        tags: m.getTagsList(),
        repository: m.getRepository(),
        policies: m.getPoliciesList().map((p: any) => ({
            name: p.getName(),
            displayName: p.getDisplayname(),
            description: p.getDescription(),
            message: p.getMessage(),
            level: p.getEnforcementlevel(),
            type: p.getPolicyType(),
            severity: p.getSeverity(),
            framework: p.getFramework()?.toObject(),
            tags: p.getTagsList(),
            remediation: p.getRemediationSteps(),
            url: p.getUrl(),
            schema: p.getConfigschema()
                ? { properties: props(p.getConfigschema()), required: p.getConfigschema().getRequiredList() }
                : "none",
        })),
        initial,
    };
}

const generated = (b: Uint8Array) => attempt(() => view(analyzerproto.AnalyzerInfo.deserializeBinary(b)));
const fast = (b: Uint8Array) => attempt(() => view(decodeAnalyzerInfo(b)));

/** Whether a view holds an error anywhere (a Struct that failed to decode). */
const hasError = (v: unknown): boolean => JSON.stringify(v).includes('"error"');

describe("GetAnalyzerInfo decoding", () => {
    test("the pack's own answer reads the same as with the generated decoder", () => {
        const server = require("@pulumi/policy/server");
        const serve = server.serve;
        let args: unknown[] = [];
        server.serve = (...a: unknown[]) => (args = a);
        try {
            require("../../policy-pack/index");
        } finally {
            server.serve = serve;
        }
        const bytes = require("@pulumi/policy/protoutil")
            .makeAnalyzerInfo(...args)
            .serializeBinary();
        const expected = generated(bytes) as any;
        expect(expected.policies.length).toBeGreaterThan(80);
        expect(expected.policies.filter((p: any) => p.schema !== "none").length).toBeGreaterThan(20);
        expect(fast(bytes)).toEqual(expected);
        expect(hasError(expected)).toBe(false);
    });

    test("seeded random answers, merged and damaged: the same reading, or the fast reader fails too", () => {
        const rand = mulberry32(1515);
        const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
        const text = () => pick(["", "a", "é", "x\ud800y", "\u0000", "long ".repeat(30)]);
        const int = () => pick([0, 1, 2, 3, 4, 7, -1, 2 ** 31 - 1]);
        const object = (): Record<string, unknown> => {
            const v = randomJson(rand, 4);
            return v !== null && typeof v === "object" && !Array.isArray(v)
                ? (v as Record<string, unknown>)
                : { v };
        };
        const randomInfo = (): Uint8Array => {
            const ai = new analyzerproto.AnalyzerInfo();
            if (rand() < 0.8) ai.setName(text());
            if (rand() < 0.3) ai.setDisplayname(text());
            if (rand() < 0.8) ai.setVersion(text());
            if (rand() < 0.8) ai.setSupportsconfig(rand() < 0.8);
            if (rand() < 0.2) ai.setDescription(text());
            if (rand() < 0.2) ai.setTagsList([text(), text()]);
            for (let i = Math.floor(rand() * 4); i > 0; i--) {
                const p = new analyzerproto.PolicyInfo();
                p.setName(text());
                if (rand() < 0.5) p.setDescription(text());
                if (rand() < 0.7) p.setEnforcementlevel(int());
                if (rand() < 0.3) p.setPolicyType(int());
                if (rand() < 0.3) p.setSeverity(int());
                if (rand() < 0.6) {
                    const s = new analyzerproto.PolicyConfigSchema();
                    if (rand() < 0.9) s.setProperties(structproto.Struct.fromJavaScript(object()));
                    if (rand() < 0.5) s.setRequiredList([text()]);
                    p.setConfigschema(s);
                }
                if (rand() < 0.2) {
                    const f = new analyzerproto.PolicyComplianceFramework();
                    f.setName(text());
                    f.setReference(text());
                    p.setFramework(f);
                }
                if (rand() < 0.3) p.setTagsList([text()]);
                if (rand() < 0.3) p.setRemediationSteps(text());
                if (rand() < 0.3) p.setUrl(text());
                ai.addPolicies(p);
            }
            for (let i = Math.floor(rand() * 3); i > 0; i--) {
                const c = new analyzerproto.PolicyConfig();
                if (rand() < 0.7) c.setEnforcementlevel(int());
                if (rand() < 0.7) c.setProperties(structproto.Struct.fromJavaScript(object()));
                ai.getInitialconfigMap().set(pick(["a", "b", "c", text()]), c);
            }
            return ai.serializeBinary();
        };
        let same = 0;
        let failed = 0;
        for (let i = 0; i < 400; i++) {
            let bytes = randomInfo();
            // Concatenated messages merge (repeated fields append, the last singular field wins).
            if (rand() < 0.3) bytes = Uint8Array.from([...bytes, ...randomInfo()]);
            const damaged = rand() < 0.25 && bytes.length > 0;
            if (damaged) {
                const copy = Uint8Array.from(bytes);
                if (rand() < 0.5) copy[Math.floor(rand() * copy.length)] ^= 1 << Math.floor(rand() * 8);
                bytes = rand() < 0.5 ? copy : copy.subarray(0, Math.floor(rand() * copy.length));
            }
            const expected = generated(bytes);
            const actual = fast(bytes);
            const clean = (v: unknown) => !("error" in (v as object)) && !hasError(v);
            if (!damaged) {
                // A well-formed answer (merged or not) reads the same, field for field.
                expect(clean(expected)).toBe(true);
                expect(actual).toEqual(expected);
                same++;
            } else {
                if (!clean(expected)) failed++;
                // A damaged one is never read cleanly into something else: a clean fast reading is the generated
                // decoder's, and what the generated decoder refuses, the fast reader does not read cleanly.
                // (The converse is not required: on garbage inside a Struct, WireStruct may refuse what
                // google-protobuf reads as something.)
                if (clean(actual)) expect(actual).toEqual(expected);
                if (!clean(expected)) expect(clean(actual)).toBe(false);
            }
        }
        expect(same).toBeGreaterThan(250);
        expect(failed).toBeGreaterThan(5);
    });
});
