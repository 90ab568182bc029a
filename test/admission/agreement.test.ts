/**
 * Issue 18: the admission form of each policy agrees with its TypeScript check. Every generated CEL expression is
 * evaluated with a real CEL implementation (@bufbuild/cel) on the same objects the TypeScript check sees: the
 * admission fixtures (each policy's pass and fail cases, every fixture through every admission policy), the PSA
 * conformance pods (../shared/conformance/pod-security) through every pod policy, and the blueprint's policy config
 * (exemptions as matchConditions). The verdict must be identical for every pair; there are no listed exceptions.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { generateAdmissionPolicies, GeneratedPolicy, Obj } from "../../policy-pack/admission/generate";
import { findExemption } from "../../policy-pack/lib/exemptions";
import { allPolicies } from "../../policy-pack/policies";
import { Exemption, PolicyResource } from "../../policy-pack/lib/types";
import { evaluatePolicy, Verdict } from "./cel-eval";
import { AdmissionFixture, fixturePolicyConfig, fixtures } from "./fixtures";

import blueprintConfig from "../../policy-pack/blueprint.policy-config.json";

/** The object as the pack sees it: a Pulumi type token and the object as props. */
export function asResource(o: Obj): PolicyResource {
    const [group, version] = o.apiVersion.includes("/") ? o.apiVersion.split("/") : ["core", o.apiVersion];
    const type = `kubernetes:${group}/${version}:${o.kind}`;
    const name = o.metadata?.name ?? "x";
    return { type, name, urn: `urn:pulumi:test::bp::${type}::${name}`, props: o };
}

/**
 * The TypeScript verdict of one policy on one object: true when it violates (after exemptions). `ns`, the Namespace
 * the object lands in, is part of the stack a stack policy sees (findings about the Namespace itself do not count).
 */
export function tsViolates(g: GeneratedPolicy, o: Obj, ns?: Obj): boolean {
    const p = allPolicies.find((x) => x.name === g.name)!;
    const r = asResource(o);
    if (findExemption(g.config.exemptions as Exemption[], r)) return false;
    const findings =
        p.kind === "stack"
            ? p
                  .check(ns ? [asResource(ns), r] : [r], g.config)
                  .filter((f) => f.urn === undefined || f.urn === r.urn)
            : p.types && !p.types.includes(r.type)
              ? []
              : p.check(r, g.config);
    return findings.some((f) => !f.undecided);
}

/**
 * The generated policy evaluated with its params object and the object's Namespace as namespaceObject. Evaluation is
 * pure: each (policy, object, Namespace) is evaluated once, and the tests below that look at the same evaluation (its
 * verdict, its messages) read the one result.
 */
const evaluations = new WeakMap<GeneratedPolicy, Map<Obj, Map<Obj | undefined, Verdict>>>();
function celEvaluation(g: GeneratedPolicy, o: Obj, ns?: Obj): Verdict {
    let byObject = evaluations.get(g);
    if (!byObject) evaluations.set(g, (byObject = new Map()));
    let byNs = byObject.get(o);
    if (!byNs) byObject.set(o, (byNs = new Map()));
    let v = byNs.get(ns);
    if (!v)
        byNs.set(ns, (v = evaluatePolicy(g.policy, { object: o, params: g.params, namespaceObject: ns })));
    return v;
}

/** The CEL verdict. */
function celViolates(g: GeneratedPolicy, o: Obj, ns?: Obj): boolean {
    return !celEvaluation(g, o, ns).admitted;
}

function loadPsaFixtures(): { id: string; object: Obj }[] {
    const root = path.resolve(__dirname, "../../../shared/conformance/pod-security");
    const out: { id: string; object: Obj }[] = [];
    for (const level of ["baseline", "restricted"])
        for (const expect of ["pass", "fail"]) {
            const dir = path.join(root, level, "v1.37", expect);
            for (const f of fs
                .readdirSync(dir)
                .filter((n) => n.endsWith(".yaml"))
                .sort())
                out.push({
                    id: `psa:${level}/${expect}/${f}`,
                    object: parse(fs.readFileSync(path.join(dir, f), "utf8")),
                });
        }
    return out;
}

// The fixtures' config: each policy's defaults, and the target version namespace-psa-version-outdated needs.
const generated = generateAdmissionPolicies(allPolicies, { policyConfig: fixturePolicyConfig });
const withBlueprintConfig = generateAdmissionPolicies(allPolicies, { policyConfig: blueprintConfig });
const psa = loadPsaFixtures();

test("the catalogue has admission forms for workloads, exposure and namespace labels", () => {
    expect(generated.map((g) => g.name)).toEqual(
        expect.arrayContaining([
            "read-only-root-filesystem",
            "image-tag-pinned",
            "container-resources",
            "no-secret-env-vars",
            "service-no-nodeport",
            "ingress-tls",
            "namespace-psa-enforce",
        ]),
    );
    expect(psa.length).toBe(148);
});

/**
 * The listed exceptions: the policies without an admission form, each with its reason in its own metadata
 * (`previewOnly`, also rendered in docs/policies.md). Every policy is one or the other, never both, never neither.
 */
const previewOnly = allPolicies.filter((p) => !p.admission).map((p) => [p.name, p.previewOnly] as const);

test("every policy has an admission form or a listed reason to stay preview-only", () => {
    expect(allPolicies.filter((p) => !p.admission && !p.previewOnly?.trim()).map((p) => p.name)).toEqual([]);
    expect(allPolicies.filter((p) => p.admission && p.previewOnly).map((p) => p.name)).toEqual([]);
    // Pod Security is Kubernetes' own PSA; the other exceptions need other objects or are AWS resources.
    const reasons = new Map(previewOnly);
    for (const p of allPolicies.filter((x) => x.frameworks.pss && x.name.startsWith("pss-")))
        expect([p.name, reasons.get(p.name)]).toEqual([
            p.name,
            expect.stringContaining("Pod Security Admission"),
        ]);
    expect(generated.length + previewOnly.length).toBe(allPolicies.length);
});

describe.each(generated.map((g) => [g.name, g] as const))("%s", (_name, g) => {
    const own = fixtures.filter((f) => f.policy === g.name);

    test("has its own pass and fail fixtures, and both engines give each its expected verdict", () => {
        expect(own.some((f) => f.expect === "pass")).toBe(true);
        expect(own.some((f) => f.expect === "fail")).toBe(true);
        for (const f of own) {
            const want = f.expect === "fail";
            expect([f.id, "ts", tsViolates(g, f.object, f.namespace)]).toEqual([f.id, "ts", want]);
            expect([f.id, "cel", celViolates(g, f.object, f.namespace)]).toEqual([f.id, "cel", want]);
        }
    });

    test("every messageExpression evaluates to its message on every fixture the policy refuses", () => {
        const errors = [...fixtures, ...psa].flatMap((f) => {
            const v = celEvaluation(g, f.object, (f as { namespace?: Obj }).namespace);
            return v.messageErrors.map((e) => `${f.id}: ${e.slice(0, 300)}`);
        });
        expect(errors).toEqual([]);
    });

    test("CEL and TypeScript agree on every admission fixture and every PSA conformance pod", () => {
        const all: { id: string; object: Obj; namespace?: Obj }[] = [...fixtures, ...psa];
        const disagree = all
            .map((f) => ({
                id: f.id,
                ts: tsViolates(g, f.object, f.namespace),
                cel: celViolates(g, f.object, f.namespace),
            }))
            .filter((x) => x.ts !== x.cel);
        expect(disagree).toEqual([]);
    });
});

test("the blueprint's exemptions become matchConditions that exempt exactly what the pack exempts", () => {
    const ro = withBlueprintConfig.find((g) => g.name === "read-only-root-filesystem")!;
    const exemptions = ro.config.exemptions as Exemption[];
    expect(exemptions.length).toBeGreaterThan(0);
    expect(ro.policy.spec.matchConditions).toHaveLength(exemptions.length);
    for (const e of exemptions) {
        const o = {
            apiVersion: "apps/v1",
            kind: e.kind && !e.kind.includes(":") ? e.kind : "Deployment",
            metadata: { name: e.name ?? "any", namespace: e.namespace ?? "apps" },
            spec: { template: { spec: { containers: [{ name: "w", image: "nginx:1" }] } } },
        };
        expect(evaluatePolicy(ro.policy, { object: o }).excluded).toBe(true);
        expect(tsViolates(ro, o)).toBe(false);
        const other = { ...o, metadata: { ...o.metadata, namespace: "not-exempt" } };
        if (e.namespace) {
            expect(evaluatePolicy(ro.policy, { object: other }).excluded).toBe(false);
            expect([tsViolates(ro, other), celViolates(ro, other)]).toEqual([true, true]);
        }
    }
});

test("every pod-bearing kind reaches its pod spec through the variables", () => {
    const g = generated.find((x) => x.name === "read-only-root-filesystem")!;
    const bad = [{ name: "w", image: "nginx:1" }];
    const spec = { containers: bad };
    const objs: Obj[] = [
        { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "a" }, spec },
        { apiVersion: "v1", kind: "PodTemplate", metadata: { name: "p", namespace: "a" }, template: { spec } },
        { apiVersion: "v1", kind: "ReplicationController", metadata: { name: "p", namespace: "a" }, spec: { template: { spec } } },
        ...["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"].map((kind) => ({
            apiVersion: "apps/v1", kind, metadata: { name: "p", namespace: "a" }, spec: { template: { spec } },
        })),
        { apiVersion: "batch/v1", kind: "Job", metadata: { name: "p", namespace: "a" }, spec: { template: { spec } } },
        { apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "p", namespace: "a" },
          spec: { jobTemplate: { spec: { template: { spec } } } } },
    ]; // prettier-ignore
    for (const o of objs) {
        const v = evaluatePolicy(g.policy, { object: o });
        expect([o.kind, v.matched, v.admitted]).toEqual([o.kind, true, false]);
        expect(v.messages[0]).toContain(`${o.kind} "p" containers [w]`);
    }
});

export type { AdmissionFixture };
