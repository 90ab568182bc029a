/**
 * policy-pack/lib/wire.ts decodes Analyze and AnalyzeStack requests as the generated decoders do, except that each
 * resource's properties stay encoded until `toJavaScript()`, which must return exactly what
 * `google.protobuf.Struct.toJavaScript()` returns (values, key order, errors).
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- generated protobuf code */
import { generateStack, mulberry32 } from "../../bench/synthetic";
import { randomJson as randomAny } from "../lib/random-json";
import { encodeRepeatedField, PolicyPackProcess } from "../../guard/analyzer";
import { defaultOptions, GuardResource } from "../../guard/model";
import {
    decodeAnalyzeRequest,
    decodeAnalyzeStackRequest,
    installWireProperties,
    wirePropertiesInstalled,
    WireStruct,
} from "../../policy-pack/lib/wire";

const pulumiDir = require.resolve("@pulumi/pulumi");
const jspb = require(require.resolve("google-protobuf", { paths: [pulumiDir] }));
const structproto = require(
    require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }),
);
const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb");

/** The outcome of a decode: the value with its key order, or the error message. */
function outcome(f: () => unknown): string {
    try {
        return JSON.stringify(f(), (_k, v) =>
            v && typeof v === "object" && !Array.isArray(v) ? Object.entries(v) : v,
        );
    } catch (e) {
        return `error: ${(e as Error).message}`;
    }
}

function viaJspb(bytes: Uint8Array): string {
    return outcome(() => structproto.Struct.deserializeBinary(bytes).toJavaScript());
}
function viaWire(bytes: Uint8Array): string {
    return outcome(() => new WireStruct(bytes).toJavaScript());
}

function resource(
    name: string,
    props: Record<string, unknown>,
    extra: Partial<GuardResource> = {},
): GuardResource {
    return {
        urn: `urn:pulumi:dev::bp::kubernetes:apps/v1:Deployment::${name}`,
        type: "kubernetes:apps/v1:Deployment",
        name,
        custom: true,
        dependencies: [],
        propertyDependencies: {},
        options: defaultOptions(),
        inputs: props,
        outputs: props,
        ...extra,
    };
}

/** Random JSON with the awkward parts: unicode, lone surrogates, numeric and unsorted keys, -0, big numbers. */
/** The numbers both decoders must agree on (JSON-representable, plus -0 and the extremes). */
const wireNumbers = [0, -0, 1.5, -2, 1e308, 5e-324, 2 ** 53 + 2];
const randomJson = (rand: () => number, depth: number): unknown => randomAny(rand, depth, wireNumbers);

describe("lib/wire.ts: properties decoded from the wire", () => {
    it("equals Struct.toJavaScript() on random JSON (values and key order)", () => {
        const rand = mulberry32(15);
        for (let i = 0; i < 400; i++) {
            const v = { root: randomJson(rand, 5), more: randomJson(rand, 3) };
            const bytes = structproto.Struct.fromJavaScript(v).serializeBinary();
            expect(viaWire(bytes)).toBe(viaJspb(bytes));
        }
    });

    /** A Struct written field by field, to make messages no jspb encoder would (but a decoder must survive). */
    function craft(build: (w: any) => void): Uint8Array {
        const w = new jspb.BinaryWriter();
        build(w);
        return w.getResultBuffer();
    }
    const entry = (w: any, key: string | undefined, values: ((v: any) => void)[]) => {
        w.beginSubMessage(1);
        if (key !== undefined) w.writeString(1, key);
        for (const v of values) {
            w.beginSubMessage(2);
            v(w);
            w.endSubMessage();
        }
        w.endSubMessage();
    };

    it.each([
        [
            "a repeated key (the last wins)",
            (w: any) => {
                entry(w, "k", [(v) => v.writeString(3, "first")]);
                entry(w, "k", [(v) => v.writeString(3, "second")]);
            },
        ],
        [
            "two kinds in one Value (the last wins)",
            (w: any) => {
                entry(w, "k", [(v) => (v.writeString(3, "s"), v.writeDouble(2, 4))]);
            },
        ],
        ["a Value with no kind", (w: any) => entry(w, "k", [() => undefined])],
        ["an entry with no value", (w: any) => entry(w, "k", [])],
        ["an entry with no key", (w: any) => entry(w, undefined, [(v) => v.writeBool(4, true)])],
        [
            "a value field twice in one entry (merged)",
            (w: any) => {
                entry(w, "k", [(v) => v.writeString(3, "s"), () => undefined]);
            },
        ],
        [
            "a nested Struct replaced by a valid one after an invalid one",
            (w: any) => {
                entry(w, "k", [
                    (v) => {
                        v.beginSubMessage(5);
                        entry(v, "bad", [() => undefined]);
                        v.endSubMessage();
                        v.beginSubMessage(5);
                        entry(v, "good", [(x) => x.writeEnum(1, 0)]);
                        v.endSubMessage();
                    },
                ]);
            },
        ],
        [
            "a list with an invalid element",
            (w: any) => {
                entry(w, "k", [
                    (v) => {
                        v.beginSubMessage(6);
                        v.beginSubMessage(1);
                        v.writeDouble(2, 1);
                        v.endSubMessage();
                        v.beginSubMessage(1);
                        v.endSubMessage();
                        v.endSubMessage();
                    },
                ]);
            },
        ],
        [
            "unknown fields",
            (w: any) => {
                w.writeString(7, "ignored");
                entry(w, "k", [(v) => (v.writeString(9, "x"), v.writeString(3, "s"))]);
            },
        ],
        [
            "a __proto__ key",
            (w: any) => {
                entry(w, "__proto__", [(v) => v.writeString(3, "polluted")]);
                entry(w, "a", [(v) => v.writeString(3, "kept")]);
            },
        ],
    ])("decodes %s as jspb does", (_what, build) => {
        const bytes = craft(build);
        expect(viaWire(bytes)).toBe(viaJspb(bytes));
    });

    it("decodes AnalyzeStack and Analyze requests with every field the generated decoders read", () => {
        const stack = generateStack(200, 3).map((r) => {
            const props = JSON.parse(JSON.stringify(r.props)) as Record<string, unknown>;
            return resource(r.name, props, { urn: r.urn, type: r.type });
        });
        const provider = resource(
            "default",
            { kubeconfig: "x" },
            {
                urn: "urn:pulumi:dev::bp::pulumi:providers:kubernetes::default",
                type: "pulumi:providers:kubernetes",
            },
        );
        stack.unshift(provider);
        stack[1] = {
            ...stack[1],
            parent: provider.urn,
            provider: `${provider.urn}::id`,
            dependencies: [provider.urn, stack[2].urn],
            propertyDependencies: { spec: [stack[2].urn], metadata: [provider.urn] },
            options: { ...defaultOptions(), protect: true, ignoreChanges: ["spec"], aliases: ["urn:x"] },
        };
        const byUrn = new Map(stack.map((r) => [r.urn, r]));
        const bytes = new Uint8Array(
            encodeRepeatedField(
                1,
                stack.map((r) => PolicyPackProcess.stackResource(r, byUrn)),
            ),
        );
        const generated = analyzerproto.AnalyzeStackRequest.deserializeBinary(bytes).getResourcesList();
        const wire = decodeAnalyzeStackRequest(bytes).getResourcesList();
        expect(wire).toHaveLength(generated.length);
        const entriesOf = (map: any) => {
            const out: [string, string[]][] = [];
            map.forEach((v: any, k: string) => out.push([k, v.getUrnsList()]));
            return out;
        };
        // Every field but the properties (toObject would convert those through jspb's Struct API).
        const fields = (m: any) => ({
            type: m.getType(),
            urn: m.getUrn(),
            name: m.getName(),
            options: m.getOptions()?.toObject(),
            provider: m.getProvider() && {
                type: m.getProvider().getType(),
                urn: m.getProvider().getUrn(),
                name: m.getProvider().getName(),
                properties: outcome(() => m.getProvider().getProperties()?.toJavaScript()),
            },
            ...(m.getParent
                ? {
                      parent: m.getParent(),
                      dependencies: m.getDependenciesList(),
                      propertydependenciesMap: entriesOf(m.getPropertydependenciesMap()),
                  }
                : {}),
        });
        generated.forEach((g: any, i: number) => {
            const w = wire[i];
            expect(fields(w)).toEqual(fields(g));
            expect(outcome(() => w.getProperties().toJavaScript())).toBe(
                outcome(() => g.getProperties().toJavaScript()),
            );
        });
        expect(fields(wire[1]).propertydependenciesMap).toHaveLength(2);

        const req = new analyzerproto.AnalyzeRequest();
        req.setType(stack[1].type);
        req.setUrn(stack[1].urn);
        req.setName(stack[1].name);
        req.setProperties(PolicyPackProcess.struct(stack[1].inputs));
        const one = req.serializeBinary();
        const g = analyzerproto.AnalyzeRequest.deserializeBinary(one);
        const w = decodeAnalyzeRequest(one);
        expect(fields(w)).toEqual(fields(g));
        expect(JSON.stringify(w.getProperties().toJavaScript())).toBe(
            JSON.stringify(g.getProperties().toJavaScript()),
        );
    });

    it("is what the analyzer service decodes with once installed", () => {
        const svc = require("@pulumi/pulumi/proto/analyzer_grpc_pb").AnalyzerService;
        installWireProperties();
        expect(wirePropertiesInstalled()).toBe(true);
        expect(svc.analyze.requestDeserialize).toBe(decodeAnalyzeRequest);
        expect(svc.analyzeStack.requestDeserialize).toBe(decodeAnalyzeStackRequest);
    });
});
