/**
 * policy-pack/lib/shared-props.ts and lib/wire.ts: @pulumi/policy's server decodes each resource's properties from
 * the wire once per request and shares them between policies, with the same results as the library's generated
 * decoders and per-policy deserialisation.
 *
 * Runs @pulumi/policy's own Analyze and AnalyzeStack handlers in process (each in a fresh module registry, so the
 * library is once untouched and once with the shared deserialisation installed), over a mixed stack with values
 * unknown during preview, and compares every diagnostic.
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- isolated module registries, generated protobuf code */
import { generateStack } from "../../bench/synthetic";
import { encodeRepeatedField, PolicyPackProcess } from "../../guard/analyzer";
import { GuardResource } from "../../guard/model";
import { fuzzPick } from "../lib/fuzz";
import { guardResource } from "./differential";

const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb");
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * `npm test` takes these resources of `generateStack(400, 7)`, not all of them: the library's handlers are slow per
 * resource, and the library's diagnostics over these cover all that its diagnostics over the whole stack cover (every
 * policy reporting on every resource type at every level, and every type; chosen greedily, then pruned one by one;
 * asserted below with the whole stack's counts). The e2e suite (`BLUEPRINT_FUZZ=full`) takes the whole stack.
 * Printed by `node scripts/run-ts.js scripts/pick-stack-resources.ts shared-props 400 7`.
 */
// prettier-ignore
const picked = ["service-1", "role-0", "clusterrolebinding-0", "namespace-0", "addon-0", "cluster-0", "clusterrole-0", "pod-2", "securitygroup-2", "rolebinding-0", "loggroup-1", "networkpolicy-3", "cronjob-4", "service-4", "deployment-14", "loggroup-3", "key-2", "pod-7", "cluster-2", "cronjob-11", "pod-9", "namespace-3", "pod-13", "ingress-8", "role-9", "pod-21", "rolebinding-11", "namespace-9", "deployment-57", "deployment-58", "pod-25", "cronjob-24", "cronjob-26", "launchtemplate-9", "namespace-13", "role-22", "clusterrole-7"];

/** A mixed stack (every kind the synthetic generator makes) plus workloads and roles with unknown values. */
function mixedStack(): GuardResource[] {
    const rs = fuzzPick(generateStack(400, 7).map(guardResource), picked);
    const dep = (name: string, spec: Record<string, unknown>): GuardResource =>
        guardResource({
            type: "kubernetes:apps/v1:Deployment",
            name,
            urn: `urn:pulumi:dev::bp::kubernetes:apps/v1:Deployment::${name}`,
            props: {
                apiVersion: "apps/v1",
                kind: "Deployment",
                metadata: { name, namespace: "team-a" },
                spec: {
                    selector: { matchLabels: { app: name } },
                    template: { metadata: { labels: { app: name } }, spec },
                },
            },
        });
    rs.push(
        dep("unknown-image", { containers: [{ name: "app", image: UNKNOWN }] }),
        dep("unknown-privileged", {
            containers: [{ name: "app", image: "nginx:1", securityContext: { privileged: UNKNOWN } }],
        }),
        dep("unknown-sa", { serviceAccountName: UNKNOWN, containers: [{ name: "app", image: "nginx:1" }] }),
        guardResource({
            type: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
            name: "unknown-rules",
            urn: "urn:pulumi:dev::bp::kubernetes:rbac.authorization.k8s.io/v1:ClusterRole::unknown-rules",
            props: {
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "ClusterRole",
                metadata: { name: "unknown-rules" },
                rules: [{ apiGroups: [""], resources: [UNKNOWN], verbs: ["get"] }],
            },
        }),
    );
    return rs;
}

interface Server {
    analyze(r: GuardResource): Promise<string[]>;
    analyzeStack(rs: GuardResource[]): Promise<string[]>;
    stats?: { deserialized: number; reused: number };
}

/** @pulumi/policy's handlers over the pack's policies, in a fresh module registry. */
function server(shared: boolean): Server {
    let s!: Server;
    jest.isolateModules(() => {
        let stats: Server["stats"];
        // The request decoders the server would use: the generated ones, or lib/wire.ts's when shared.
        let decodeAnalyze = (b: Uint8Array) => analyzerproto.AnalyzeRequest.deserializeBinary(b);
        let decodeStack = (b: Uint8Array) => analyzerproto.AnalyzeStackRequest.deserializeBinary(b);
        if (shared) {
            const wire = require("../../policy-pack/lib/wire");
            wire.installWireProperties();
            const svc = require("@pulumi/pulumi/proto/analyzer_grpc_pb").AnalyzerService;
            decodeAnalyze = svc.analyze.requestDeserialize;
            decodeStack = svc.analyzeStack.requestDeserialize;
            const sp = require("../../policy-pack/lib/shared-props");
            sp.installSharedProps();
            stats = sp.sharedPropsStats;
        }
        const srv = require("@pulumi/policy/server");
        const { toCrossGuard } = require("../../policy-pack/lib/adapter");
        const { allPolicies } = require("../../policy-pack/policies");
        const policies = allPolicies.map(toCrossGuard);
        const analyzeFn = srv.makeAnalyzeRpcFun("hardened-cluster", "0.1.0", "mandatory", policies);
        const stackFn = srv.makeAnalyzeStackRpcFun("hardened-cluster", "0.1.0", "mandatory", policies);
        const run = (fn: any, request: any) =>
            new Promise<string[]>((resolve, reject) =>
                fn({ request }, (err: any, resp: any) =>
                    err
                        ? reject(err)
                        : resolve(
                              resp
                                  .getDiagnosticsList()
                                  .map((d: any) =>
                                      JSON.stringify([
                                          d.getPolicyname(),
                                          d.getUrn(),
                                          d.getEnforcementlevel(),
                                          d.getMessage(),
                                      ]),
                                  ),
                          ),
                ),
            );
        s = {
            stats,
            analyze: (r) => {
                const req = new analyzerproto.AnalyzeRequest();
                req.setUrn(r.urn);
                req.setType(r.type);
                req.setName(r.name);
                req.setProperties(PolicyPackProcess.struct(r.inputs));
                // As the guard's client sends them (AnalyzerResourceOptions; the server requires them).
                req.setOptions((PolicyPackProcess as any).options(r));
                return run(analyzeFn, decodeAnalyze(req.serializeBinary()));
            },
            analyzeStack: (rs) => {
                const byUrn = new Map(rs.map((r) => [r.urn, r]));
                const bytes = encodeRepeatedField(
                    1,
                    rs.map((r) => PolicyPackProcess.stackResource(r, byUrn)),
                );
                return run(stackFn, decodeStack(new Uint8Array(bytes)));
            },
        };
    });
    return s;
}

describe("shared deserialisation of @pulumi/policy's server (lib/shared-props.ts)", () => {
    const stack = mixedStack();

    it("gives the same diagnostics as the library's per-policy deserialisation, on a mixed stack with unknowns", async () => {
        const plain = server(false);
        const shared = server(true);
        const a: string[] = [];
        const b: string[] = [];
        for (const r of stack) {
            a.push(...(await plain.analyze(r)));
            b.push(...(await shared.analyze(r)));
        }
        a.push(...(await plain.analyzeStack(stack)));
        b.push(...(await shared.analyzeStack(stack)));
        expect(b).toEqual(a);
        // The comparison means something: violations and unknown-value advisories are among them.
        expect(a.length).toBeGreaterThan(50);
        expect(a.some((d) => d.includes("unknown-privileged") && d.includes("until apply"))).toBe(true);
        // At least as much as over the whole generated stack (the counts): the policies reporting, each on each
        // resource type at each level, and the resource types.
        const typeOf = new Map(stack.map((r) => [r.urn, r.type]));
        const reported = a.map((d) => JSON.parse(d) as [string, string, number, string]);
        const coverage: Array<[string, Set<string>, number]> = [
            ["policies", new Set(reported.map(([p]) => p)), 48],
            [
                "policyTypeLevels",
                new Set(reported.map(([p, u, l]) => `${p} ${typeOf.get(u) ?? "(stack)"} ${l}`)),
                86,
            ],
            ["types", new Set(typeOf.values()), 17],
        ];
        const short = coverage.filter(([, got, least]) => got.size < least);
        expect(
            short.map(([k, got, least]) => `${k}: ${got.size} < ${least}: ${[...got].sort().join(", ")}`),
        ).toEqual([]);
    }, 120_000);

    it("deserializes each resource once per request, not once per policy", async () => {
        const s = server(true);
        const stats = s.stats!;
        const before = { ...stats };
        await s.analyzeStack(stack);
        expect(stats.deserialized - before.deserialized).toBe(stack.length);
        // Every other stack policy got the same object.
        expect(stats.reused - before.reused).toBeGreaterThan(stack.length * 10);
        // A new request is deserialized again: the memo is per request (keyed by the request's own Structs).
        const mid = stats.deserialized;
        await s.analyzeStack(stack);
        expect(stats.deserialized - mid).toBe(stack.length);
        const r = stack.find((x) => x.type === "kubernetes:apps/v1:Deployment")!;
        const d0 = stats.deserialized;
        await s.analyze(r);
        await s.analyze(r);
        expect(stats.deserialized - d0).toBe(2);
    }, 60_000);
});

describe("what is shared is per request", () => {
    it("a second AnalyzeStack with a changed resource is judged on the new properties", async () => {
        const s = server(true);
        const base = mixedStack();
        const i = base.findIndex((r) => r.name === "unknown-image");
        const before = await s.analyzeStack(base);
        const changed = base.map((r, j) =>
            j === i
                ? {
                      ...r,
                      inputs: JSON.parse(
                          JSON.stringify(r.inputs).replace(
                              '"containers":[{',
                              '"hostNetwork":true,"containers":[{"securityContext":{"privileged":true},',
                          ),
                      ),
                  }
                : r,
        );
        changed[i].outputs = changed[i].inputs;
        const after = await s.analyzeStack(changed);
        const about = (ds: string[]) => ds.filter((d) => d.includes("unknown-image") && d.includes("pss-"));
        expect(about(after).length).toBeGreaterThan(about(before).length);
        expect(about(after).some((d) => d.includes("hostNetwork"))).toBe(true);
        // And the first request again gives exactly its first answer.
        expect(await s.analyzeStack(base)).toEqual(before);
    }, 60_000);
});

describe("the shared read-only proxy", () => {
    function load() {
        let mods!: { sp: any; deserialize: any; proxy: any };
        jest.isolateModules(() => {
            const sp = require("../../policy-pack/lib/shared-props");
            sp.installSharedProps();
            mods = {
                sp,
                deserialize: require("@pulumi/policy/deserialize"),
                proxy: require("@pulumi/policy/proxy"),
            };
        });
        return mods;
    }
    const props = {
        metadata: { name: "x", labels: { a: "1" } },
        spec: {
            containers: [
                { name: "c", image: UNKNOWN },
                { name: "d", image: "nginx:1" },
            ],
        },
    };

    it("reports an unknown with the library's error and path, and shares child proxies", () => {
        const { deserialize, proxy } = load();
        const v = proxy.unknownCheckingProxy(
            deserialize.deserializeProperties(PolicyPackProcess.struct(props), false),
        );
        let err: any;
        try {
            void v.spec.containers[0].image;
        } catch (e) {
            err = e;
        }
        expect(err).toBeInstanceOf(proxy.UnknownValueError);
        expect(err.message).toBe("string value at .spec.containers.0.image can't be known during preview");
        expect(err.props).toEqual(["spec", "containers", "0", "image"]);
        expect(v.spec.containers[1].image).toBe("nginx:1");
        expect(v.spec.containers.filter((c: any) => c.name === "d")).toHaveLength(1);
        expect(v.metadata).toBe(v.metadata);
        expect(v.metadata[proxy.isSpecialProxy]).toBe(true);
    });

    it("refuses writes: a policy cannot change what the next policy sees", () => {
        const { deserialize, proxy } = load();
        const v = proxy.unknownCheckingProxy(
            deserialize.deserializeProperties(PolicyPackProcess.struct(props), false),
        );
        expect(() => {
            v.metadata.labels.a = "2";
        }).toThrow(/modify its input at \.metadata\.labels\.a/);
        expect(() => delete v.metadata.name).toThrow(TypeError);
        expect(() => v.spec.containers.sort()).toThrow(TypeError);
        expect(v.metadata.labels.a).toBe("1");
    });

    it("leaves values it did not deserialize (remediations, with secrets) to the library", () => {
        const { deserialize, proxy } = load();
        const own = { a: { b: 1 } };
        const v = proxy.unknownCheckingProxy(own);
        v.a.b = 2;
        expect(own.a.b).toBe(2);
        const withSecrets = deserialize.deserializeProperties(PolicyPackProcess.struct(props), true);
        expect(withSecrets).not.toBe(
            deserialize.deserializeProperties(PolicyPackProcess.struct(props), true),
        );
    });
});
