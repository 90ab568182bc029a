/**
 * What policies share within one evaluation (issue 15): a remembered read replays the unknown values it met into
 * every evaluation that uses it (lib/unknowns.ts memoRead, used by the pss-* policies' readPod); the coverage check's
 * reachability model without the connection matrix; exemption lookups without exemptions; guard config
 * validation with one compiled validator per distinct schema; and the throughput bench's fresh copies.
 */
import { analyzeReachability } from "../../analysis/reachability";
import { fresh } from "../../bench/throughput";
import { PolicyInfo, reconcilePolicyConfig } from "../../guard/policy-config";
import { findExemption, findExpiredExemption } from "../../policy-pack/lib/exemptions";
import { PolicyResource } from "../../policy-pack/lib/types";
import { MemoEntry, collectUnverified, known, memoRead, trackUnknowns } from "../../lib/unknowns";
import { readPod } from "../../policy-pack/pss/policy";
import { containersOf, podOf } from "../../policy-pack/workloads/pod";
import { sharedContainers } from "../../lib/k8s";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function deployment(name: string, spec: Record<string, unknown>, namespace = "team-a"): PolicyResource {
    const urn = `urn:pulumi:dev::bp::kubernetes:apps/v1:Deployment::${name}`;
    const props = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name, namespace },
        spec: {
            selector: { matchLabels: { app: name } },
            template: { metadata: { labels: { app: name } }, spec },
        },
    };
    return {
        type: "kubernetes:apps/v1:Deployment",
        name,
        urn,
        props: trackUnknowns(props, urn, `Deployment "${name}"`),
    };
}

describe("memoRead", () => {
    it("reads once per key and replays the unknown values it read into every later evaluation", () => {
        const cache = new WeakMap<object, MemoEntry<unknown>>();
        const urn = "urn:x";
        const props = trackUnknowns({ a: { b: UNKNOWN, c: 1 } }, urn, "Thing");
        let reads = 0;
        const read = () => {
            reads++;
            return known(() => (props.a as Record<string, unknown>).b, "fallback");
        };
        const first = collectUnverified(() => memoRead(cache, props, read));
        const second = collectUnverified(() => memoRead(cache, props, read));
        expect(reads).toBe(1);
        expect(first.result).toBe("fallback");
        expect(second.result).toBe("fallback");
        expect(second.unverified).toEqual(first.unverified);
        expect(second.unverified).toEqual([{ urn, resource: "Thing", path: ".a.b" }]);
        // Outside an evaluation nothing is recorded, and the value is still remembered.
        expect(memoRead(cache, props, read)).toBe("fallback");
        expect(reads).toBe(1);
    });

    it("does not remember a read that throws, and still reports what it read", () => {
        const cache = new WeakMap<object, MemoEntry<number>>();
        const props = trackUnknowns({ a: UNKNOWN }, "urn:y", "Thing");
        let calls = 0;
        const boom = () => {
            calls++;
            known(() => props.a, undefined);
            throw new Error("boom");
        };
        const r = collectUnverified(() => {
            try {
                memoRead(cache, props, boom);
            } catch {
                // expected
            }
            return 0;
        });
        expect(r.unverified.map((u) => u.path)).toEqual([".a"]);
        expect(() => memoRead(cache, props, boom)).toThrow("boom");
        expect(calls).toBe(2);
    });

    it("pss readPod: every policy that reads a pod with an unknown value reports it, not only the first", () => {
        const r = deployment(
            "web",
            { containers: [{ name: "app", image: "nginx:1" }], hostNetwork: false },
            UNKNOWN,
        );
        const a = collectUnverified(() => readPod(r));
        const b = collectUnverified(() => readPod(r));
        expect(a.result?.template.name).toBe("web");
        expect(b.result).toBe(a.result);
        expect(a.unverified.map((u) => u.path)).toEqual([".metadata.namespace"]);
        expect(b.unverified).toEqual(a.unverified);
    });

    it("pss readPod: the same properties under another resource name are read for that resource", () => {
        const r = deployment("one", { containers: [{ name: "app", image: "nginx:1" }] });
        const other = { ...r, name: "two" };
        expect(readPod(r)?.template.name).toBe("one");
        // metadata.name wins over the resource name when known: both read the same template, each for itself.
        expect(readPod(other)?.template.name).toBe("one");
        expect(readPod({ ...r, type: "kubernetes:core/v1:ConfigMap" })).toBeUndefined();
    });
});

describe("workload pod reads shared by the workload policies (workloads/pod.ts)", () => {
    it("podOf/containersOf read once per properties object and replay unknown values into every evaluation", () => {
        // An unknown list: no container can be read (as before), and every evaluation reports the unknown list.
        const r = deployment("api", {
            containers: [{ name: "app", image: "nginx:1" }],
            initContainers: UNKNOWN,
        });
        // An unknown container name only labels messages.
        const named = deployment("web", { containers: [{ name: UNKNOWN, image: "nginx:1" }] });
        {
            const a = collectUnverified(() => containersOf(podOf(r)!));
            const b = collectUnverified(() => containersOf(podOf(r)!));
            expect(podOf(r)).toBe(podOf(r));
            expect(Object.isFrozen(podOf(r))).toBe(true);
            expect(a.result).toEqual([]);
            expect(b.result).toEqual([]);
            expect(a.unverified.map((u) => u.path)).toEqual([".spec.template.spec.initContainers"]);
            expect(b.unverified).toEqual(a.unverified);
            const c = collectUnverified(() => containersOf(podOf(named)!));
            const d = collectUnverified(() => containersOf(podOf(named)!));
            expect(c.result.map((x) => x.path)).toEqual(['containers[0] "(name unknown until apply)"']);
            expect(d.result).toEqual(c.result);
            // Each evaluation gets its own list (a policy may sort it), of the same frozen entries.
            expect(d.result).not.toBe(c.result);
            expect(d.result[0]).toBe(c.result[0]);
            expect(Object.isFrozen(c.result[0])).toBe(true);
            expect([c.unverified, d.unverified]).toEqual([[], []]);
            expect(containersOf(podOf(named)!, ["initContainers"])).toEqual([]);
            // The same pod spec gives the same frozen entries to every reader (pss-* and workload policies).
            expect(sharedContainers(podOf(named)!.spec)[0]).toBe(c.result[0]);
        }
    });

    it("the same properties under another type or name are read for that resource", () => {
        const r = deployment("one", { containers: [{ name: "app", image: "nginx:1" }] });
        expect(podOf(r)?.kind).toBe("Deployment");
        expect(podOf({ ...r, type: "kubernetes:apps/v1:StatefulSet" })?.kind).toBe("StatefulSet");
        expect(podOf({ ...r, type: "kubernetes:core/v1:ConfigMap" })).toBeUndefined();
    });
});

describe("reachability without the connection matrix", () => {
    const ns = "team-a";
    const rs = [
        {
            type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            name: "deny",
            props: {
                apiVersion: "networking.k8s.io/v1",
                kind: "NetworkPolicy",
                metadata: { name: "deny", namespace: ns },
                spec: { podSelector: { matchLabels: { app: "a" } }, policyTypes: ["Ingress"] },
            },
        },
        ...["a", "b", "c"].map((n) => ({
            type: "kubernetes:apps/v1:Deployment",
            name: n,
            props: deployment(
                n,
                { containers: [{ name: "app", image: "x", ports: [{ containerPort: 80 }] }] },
                ns,
            ).props,
        })),
    ];

    it("gives the same model (workloads, isolation, policies) with an empty matrix", () => {
        const full = analyzeReachability(rs, { synthesize: false, externalEndpoints: [] });
        const model = analyzeReachability(rs, {
            synthesize: false,
            externalEndpoints: [],
            connections: false,
        });
        expect(model.workloads).toEqual(full.workloads);
        expect(model.policies).toEqual(full.policies);
        expect(model.namespaces).toEqual(full.namespaces);
        expect(model.warnings).toEqual(full.warnings);
        expect(full.connections.length).toBeGreaterThan(0);
        expect(model.connections).toEqual([]);
        expect(model.workloads.map((w) => w.isolated.ingress)).toEqual([true, false, false]);
    });
});

describe("exemption lookups", () => {
    const r: PolicyResource = {
        type: "kubernetes:core/v1:Namespace",
        name: "ns",
        urn: "urn:ns",
        props: { metadata: { name: "ns" } },
    };
    it("find nothing without exemptions, and still honour the date with them", () => {
        expect(findExemption(undefined, r)).toBeUndefined();
        expect(findExemption([], r)).toBeUndefined();
        expect(findExpiredExemption([], r)).toBeUndefined();
        const e = { namespace: "ns", reason: "r", expires: "2026-01-01" };
        expect(findExemption([e], r, "2025-12-31")).toBe(e);
        expect(findExemption([e], r, "2026-01-02")).toBeUndefined();
        expect(findExpiredExemption([e], r, "2026-01-02")).toBe(e);
    });
});

describe("guard config validation with shared validators", () => {
    const schema = { properties: { limit: { type: "number", default: 1 } } };
    const policies: PolicyInfo[] = ["p-a", "p-b", "p-c"].map((name) => ({
        name,
        enforcementLevel: "advisory",
        configSchema: structuredClone(schema),
    }));

    it("reports each policy's own errors when policies share one schema", () => {
        expect(() =>
            reconcilePolicyConfig(
                policies,
                {},
                { "p-a": { properties: { limit: "x" } }, "p-c": { properties: { limit: "y" } } },
            ),
        ).toThrow(/^policy config: p-a: \/limit must be number\npolicy config: p-c: \/limit must be number$/);
        expect(
            reconcilePolicyConfig(policies, {}, { "p-b": { properties: { limit: 3 } } })["p-b"].properties,
        ).toEqual({
            limit: 3,
        });
    });
});

describe("the throughput bench's fresh copies", () => {
    it("have new property objects with the same content, so nothing remembered carries over between samples", () => {
        const stack = [deployment("x", { containers: [] })].map((r) => ({
            ...r,
            props: JSON.parse(JSON.stringify(r.props)),
        }));
        const copy = fresh(stack);
        expect(copy[0].props).not.toBe(stack[0].props);
        expect(copy[0].props).toEqual(stack[0].props);
        expect(copy[0].urn).toBe(stack[0].urn);
    });
});
