/**
 * The differential harness of the policy pack's fast path (test/policy-pack/fast-server.test.ts, and
 * scripts/pick-stack-resources.ts, which picks the resources those tests compare): @pulumi/policy's real `serve`,
 * started in its own module registry with the gRPC server's `addService` captured and `bindAsync` stubbed (nothing
 * listens), once untouched (the library's handlers and generated decoders, the reference) and once as the pack
 * installs itself (policy-pack/index.ts); requests built as the guard builds them.
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- isolated module registries, generated protobuf code */
import * as path from "path";
import { encodeRepeatedField, PolicyPackProcess } from "../../guard/analyzer";
import { defaultOptions, GuardResource } from "../../guard/model";
import { PolicyConfigEntry } from "../../guard/policy-config";
import { BlueprintPolicy, PolicyResource } from "../../policy-pack/lib/types";

/** Runs `fn` in a fresh module registry under Jest; outside Jest (a script), in this process's one registry. */
function isolated(fn: () => void): void {
    if (typeof jest !== "undefined") jest.isolateModules(fn);
    else fn();
}

/**
 * The seven values the engine sends for a value unknown during preview. The test's own list on purpose, not
 * policy-pack/lib/wire-reader.ts's: a sentinel that list missed would then make the pack's answers differ.
 */
export const SENTINELS = [
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
];

export interface Server {
    configure(config: Record<string, PolicyConfigEntry>): Promise<void>;
    /** The AnalyzeResponse's bytes (base64), or `error: <first line>`. */
    analyze(bytes: Uint8Array): Promise<string>;
    analyzeStack(bytes: Uint8Array): Promise<string>;
    fast: boolean;
}

const levelToProto: Record<string, number> = { advisory: 0, mandatory: 1, remediate: 2, disabled: 3 };

/**
 * The library's `serve` in a fresh module registry, over the pack's policies (plus `extra`); `pack`: installed as
 * policy-pack/index.ts installs it.
 */
export function server(pack: boolean, extra: BlueprintPolicy[] = []): Server {
    let s!: Server;
    isolated(() => {
        if (pack) {
            require("../../policy-pack/lib/wire").installWireProperties();
            require("../../policy-pack/lib/shared-props").installSharedProps();
            require("../../policy-pack/lib/fast-server").installFastServer();
        }
        const srv = require("@pulumi/policy/server");
        const grpc = require(
            require.resolve("@grpc/grpc-js", {
                paths: [path.dirname(require.resolve("@pulumi/policy/server"))],
            }),
        );
        const svc = require("@pulumi/pulumi/proto/analyzer_grpc_pb").AnalyzerService;
        const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb");
        const structproto = require(
            require.resolve("google-protobuf/google/protobuf/struct_pb", {
                paths: [require.resolve("@pulumi/pulumi")],
            }),
        );
        const { toCrossGuard } = require("../../policy-pack/lib/adapter");
        const { allPolicies } = require("../../policy-pack/policies");
        const policies = [...allPolicies, ...extra].map(toCrossGuard);
        let impl: any;
        const proto = grpc.Server.prototype;
        const [add, bind] = [proto.addService, proto.bindAsync];
        proto.addService = function (service: unknown, implementation: any) {
            if (service === svc) impl = implementation;
            return add.call(this, service, implementation);
        };
        proto.bindAsync = () => undefined;
        try {
            srv.serve("hardened-cluster", "0.1.0", "mandatory", { policies }, {});
        } finally {
            proto.addService = add;
            proto.bindAsync = bind;
        }
        const call = (fn: any, request: any) =>
            new Promise<any>((resolve, reject) =>
                fn({ request }, (err: any, resp: any) => (err ? reject(err) : resolve(resp))),
            );
        const outcome = async (p: Promise<any>) => {
            try {
                return Buffer.from((await p).serializeBinary()).toString("base64");
            } catch (e) {
                return `error: ${String((e as Error).message).split("\n")[0]}`;
            }
        };
        s = {
            fast: !!require("../../policy-pack/lib/fast-server").fastServerStats.serving,
            // Built with this registry's own generated classes (guard/analyzer.ts builds the same message with the
            // guard's): the server gets messages of its own module registry, as from its own gRPC decoder.
            configure: async (config) => {
                const req = new analyzerproto.ConfigureAnalyzerRequest();
                for (const [k, v] of Object.entries(config)) {
                    const pc = new analyzerproto.PolicyConfig();
                    pc.setEnforcementlevel(levelToProto[v.enforcementLevel ?? "advisory"]);
                    pc.setProperties(structproto.Struct.fromJavaScript(v.properties ?? {}));
                    req.getPolicyconfigMap().set(k, pc);
                }
                await call(impl.configure, req);
            },
            analyze: (bytes) => outcome(call(impl.analyze, svc.analyze.requestDeserialize(bytes))),
            analyzeStack: (bytes) =>
                outcome(call(impl.analyzeStack, svc.analyzeStack.requestDeserialize(bytes))),
        };
    });
    return s;
}

/** A resource as the guard sends it (plain JSON properties, its options and property dependencies). */
export function guardResource(r: PolicyResource): GuardResource {
    const props = JSON.parse(JSON.stringify(r.props ?? {})) as Record<string, unknown>;
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        custom: true,
        dependencies: [],
        propertyDependencies: r.propertyDependencies ?? {},
        options: { ...defaultOptions(), protect: !!r.opts?.protect },
        inputs: props,
        outputs: props,
    };
}

/**
 * Every Analyze, then the AnalyzeStack, of `rs` on one server: `[what, outcome]`, `what` being `analyze <urn>` or
 * `analyzeStack`.
 */
export async function outcomes(s: Server, rs: GuardResource[]): Promise<Array<[string, string]>> {
    const byUrn = new Map(rs.map((r) => [r.urn, r]));
    const out: Array<[string, string]> = [];
    for (const r of rs) {
        const bytes = new Uint8Array(PolicyPackProcess.analyzeRequest(r, byUrn));
        out.push([`analyze ${r.urn}`, await s.analyze(bytes)]);
    }
    const stack = new Uint8Array(
        encodeRepeatedField(
            1,
            rs.map((r) => PolicyPackProcess.stackResource(r, byUrn)),
        ),
    );
    out.push(["analyzeStack", await s.analyzeStack(stack)]);
    return out;
}

/** Every Analyze, then the AnalyzeStack, of `rs` on both servers (configured first): the outcomes, side by side. */
export async function both(
    a: Server,
    b: Server,
    rs: GuardResource[],
    config?: Record<string, PolicyConfigEntry>,
): Promise<Array<[string, string, string]>> {
    if (config) {
        await a.configure(config);
        await b.configure(config);
    }
    const [x, y] = [await outcomes(a, rs), await outcomes(b, rs)];
    return x.map(([what, ox], i) => [what, ox, y[i][1]]);
}

/** Replaces about `share` of the string leaves with an unknown sentinel (any of the seven), deterministically. */
export function withUnknowns<T>(value: T, rand: () => number, share: number): T {
    const visit = (v: unknown): unknown => {
        if (typeof v === "string") return rand() < share ? SENTINELS[Math.floor(rand() * 7)] : v;
        if (Array.isArray(v)) return v.map(visit);
        if (v && typeof v === "object")
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, visit(x)]));
        return v;
    };
    return visit(value) as T;
}
