/**
 * Issue 18: the AdmissionGuardrails component and the generator: objects per policy, validationActions from the
 * policy config's level and the mode, disabled -> no binding, exemptions as matchConditions, ConfigMap params, and
 * bad args refused with one line naming the arg before any resource.
 */
import {
    Obj,
    admissionName,
    exemptionCondition,
    generateAdmissionPolicies,
    generatePolicy,
    validationActions,
} from "../../policy-pack/admission/generate";
import { allPolicies } from "../../policy-pack/policies";
import { BlueprintPolicy } from "../../policy-pack/lib/types";
import { validateAdmissionGuardrailsArgs } from "../../components/admission/admissionGuardrails";
import { admissionKeys } from "../../config/admission";
import { celEval, evaluatePolicy, toCel } from "./cel-eval";
import { goodContainer, pod } from "./fixtures";

test("validationActions: mandatory -> [Deny, Audit], advisory -> [Warn, Audit], disabled -> none; warn/audit modes override", () => {
    expect(validationActions("mandatory")).toEqual(["Deny", "Audit"]);
    expect(validationActions("advisory")).toEqual(["Warn", "Audit"]);
    expect(validationActions("disabled")).toBeUndefined();
    expect(validationActions("mandatory", "warn")).toEqual(["Warn", "Audit"]);
    expect(validationActions("mandatory", "audit")).toEqual(["Audit"]);
    expect(validationActions("disabled", "warn")).toBeUndefined();
});

test("the policy config's level decides the binding; a disabled policy gets no binding", () => {
    const cfg = {
        "read-only-root-filesystem": "disabled",
        "image-tag-pinned": { enforcementLevel: "advisory" },
    };
    const gen = generateAdmissionPolicies(allPolicies, { policyConfig: cfg });
    const ro = gen.find((g) => g.name === "read-only-root-filesystem")!;
    expect(ro.binding).toBeUndefined();
    expect(gen.find((g) => g.name === "image-tag-pinned")!.binding!.spec.validationActions).toEqual([
        "Warn",
        "Audit",
    ]);
    expect(gen.find((g) => g.name === "container-resources")!.binding!.spec).toEqual({
        policyName: admissionName("container-resources"),
        validationActions: ["Deny", "Audit"],
        matchResources: {
            namespaceSelector: {
                matchExpressions: [
                    { key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["kube-system"] },
                ],
            },
        },
    });
    // Only the pod policies leave kube-system out: an RBAC or Service policy still judges objects there.
    expect(gen.find((g) => g.name === "rbac-aws-auth")!.binding!.spec.matchResources).toBeUndefined();
    expect(
        generateAdmissionPolicies(allPolicies)
            .filter((g) => g.binding?.spec.matchResources)
            .map((g) => g.name)
            .sort(),
    ).toEqual(
        allPolicies
            .filter((p) => p.admission?.match === "pods")
            .map((p) => p.name)
            .sort(),
    );
});

test("Pod Security policies and whole-stack policies have no admission form", () => {
    const names = generateAdmissionPolicies(allPolicies).map((g) => g.name);
    expect(names.filter((n) => n.startsWith("pss-"))).toEqual([]);
    expect(names).not.toContain("namespace-default-deny");
    expect(names).not.toContain("network-workload-no-ingress");
});

test("a configurable policy's config is folded into its expression (CRD-free params)", () => {
    const p = allPolicies.find((x) => x.name === "container-resources")!;
    const only = generatePolicy(p, {
        policyConfig: { "container-resources": { required: ["limits.memory"] } },
    })!;
    const limitsOnly = pod("p", [goodContainer({ resources: { limits: { memory: "1Gi" } } })]);
    expect(evaluatePolicy(only.policy, { object: limitsOnly }).admitted).toBe(true);
    expect(evaluatePolicy(generatePolicy(p)!.policy, { object: limitsOnly }).admitted).toBe(false);
});

test("a form with params gets a ConfigMap, paramKind and a paramRef that denies when the ConfigMap is missing", () => {
    const p: BlueprintPolicy = {
        kind: "resource", name: "test-max-replicas", description: "d", enforcementLevel: "mandatory",
        severity: "low", remediation: "r", frameworks: { brief: [] },
        configSchema: { max: { type: "integer", default: 3 } },
        admission: {
            match: [{ apiGroups: ["apps"], apiVersions: ["v1"], resources: ["deployments"] }],
            params: (c) => ({ max: String(c.max) }),
            validations: [{ expression: "object.spec.replicas <= int(params.data.max)", messageExpression: "'too many'" }],
        },
        check: () => [],
    }; // prettier-ignore
    const g = generatePolicy(p, { paramsNamespace: "guardrails" })!;
    expect(g.policy.spec.paramKind).toEqual({ apiVersion: "v1", kind: "ConfigMap" });
    expect(g.params).toMatchObject({
        kind: "ConfigMap",
        metadata: { namespace: "guardrails" },
        data: { max: "3" },
    });
    expect(g.binding!.spec.paramRef).toEqual({
        name: g.params!.metadata.name,
        namespace: "guardrails",
        parameterNotFoundAction: "Deny",
    });
    const d = (replicas: number) => ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d", namespace: "a" }, spec: { replicas } }); // prettier-ignore
    expect(evaluatePolicy(g.policy, { object: d(3), params: g.params }).admitted).toBe(true);
    expect(evaluatePolicy(g.policy, { object: d(4), params: g.params }).admitted).toBe(false);
});

test("an exemption becomes a matchCondition over namespace, name and kind (Pulumi type tokens read as kinds)", () => {
    const c = exemptionCondition({ namespace: "vault", name: "vault", kind: "kubernetes:apps/v1:StatefulSet", reason: "r" }, 0);
    expect(c.name).toBe("exemption-0");
    expect(c.expression).toContain("object.kind == 'StatefulSet'");
    const exempt = (o: Obj) => celEval(c.expression, { object: toCel(o), request: toCel({ namespace: o.metadata.namespace ?? "" }) }) === false;
    const sts = { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "vault", namespace: "vault" } };
    expect(exempt(sts)).toBe(true);
    expect(exempt({ ...sts, metadata: { name: "vault", namespace: "other" } })).toBe(false);
    expect(exempt({ ...sts, kind: "Deployment" })).toBe(false);
    expect(exempt({ ...sts, metadata: { name: "vault2", namespace: "vault" } })).toBe(false);
}); // prettier-ignore

test("an exemption of a workload also covers what its controller creates in the cluster (pods, ReplicaSets, Jobs)", () => {
    const owned = (name: string, owner: Obj, kind = "Pod") => ({ apiVersion: "v1", kind, metadata: { name, namespace: "harbor", ownerReferences: [owner] } });
    const cond = (e: Obj) => exemptionCondition({ reason: "r", ...e }, 0).expression;
    const exempt = (e: Obj, o: Obj) => celEval(cond(e), { object: toCel(o), request: toCel({ namespace: o.metadata.namespace }) }) === false;
    const deploy = { namespace: "harbor", name: "harbor-core", kind: "Deployment" };
    // The Deployment's ReplicaSet, and the ReplicaSet's pods (owned by `<name>-<pod-template-hash>`).
    expect(exempt(deploy, owned("harbor-core-5d9f8c7b6", { kind: "Deployment", name: "harbor-core" }, "ReplicaSet"))).toBe(true);
    expect(exempt(deploy, owned("harbor-core-5d9f8c7b6-x2x7q", { kind: "ReplicaSet", name: "harbor-core-5d9f8c7b6" }))).toBe(true);
    // Not another Deployment's whose name merely starts the same, nor a pod in another namespace.
    expect(exempt(deploy, owned("harbor-core-api-5d9f-x", { kind: "ReplicaSet", name: "harbor-core-api-5d9f8c7b6" }))).toBe(false);
    expect(exempt(deploy, { ...owned("p", { kind: "ReplicaSet", name: "harbor-core-5d9f8c7b6" }), metadata: { name: "p", namespace: "apps", ownerReferences: [{ kind: "ReplicaSet", name: "harbor-core-5d9f8c7b6" }] } })).toBe(false);
    // A StatefulSet's and a DaemonSet's pods are owned directly; a CronJob's pods through `<name>-<time>` Jobs.
    expect(exempt({ namespace: "harbor", name: "harbor-redis", kind: "StatefulSet" }, owned("harbor-redis-0", { kind: "StatefulSet", name: "harbor-redis" }))).toBe(true);
    expect(exempt({ namespace: "harbor", name: "harbor-redis", kind: "StatefulSet" }, owned("harbor-redis-0", { kind: "DaemonSet", name: "harbor-redis" }))).toBe(false);
    expect(exempt({ namespace: "harbor", name: "scan", kind: "CronJob" }, owned("scan-28745160-abcde", { kind: "Job", name: "scan-28745160" }))).toBe(true);
    // A kind that is no controller (a Secret) matches only itself.
    expect(cond({ namespace: "harbor", name: "x", kind: "Secret" })).not.toContain("ownerReferences");
}); // prettier-ignore

test("Kubernetes' own bootstrap RBAC objects and EKS's eks: ones are not judged at admission (matchCondition)", () => {
    const gen = generateAdmissionPolicies(allPolicies);
    const rbacPolicies = gen.filter((g) => g.name.startsWith("rbac-"));
    expect(rbacPolicies.length).toBeGreaterThan(10);
    const bootstrap = (o: Obj) => ({ ...o, metadata: { ...o.metadata, labels: { "kubernetes.io/bootstrapping": "rbac-defaults" } } });
    const edit = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "system:aggregate-to-edit" },
        rules: [{ apiGroups: [""], resources: ["serviceaccounts"], verbs: ["impersonate"] }] };
    const adminBinding = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "cluster-admin" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
        subjects: [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "system:masters" }] };
    const esc = rbacPolicies.find((g) => g.name === "rbac-no-escalate-bind-impersonate")!;
    expect(evaluatePolicy(esc.policy, { object: bootstrap(edit) }).excluded).toBe(true);
    // The same object without the bootstrap label, or under a name that is not Kubernetes', is judged.
    expect(evaluatePolicy(esc.policy, { object: edit }).admitted).toBe(false);
    expect(evaluatePolicy(esc.policy, { object: bootstrap({ ...edit, metadata: { name: "team-edit" } }) }).admitted).toBe(false);
    for (const name of ["rbac-no-cluster-admin-binding", "rbac-no-system-masters-binding"]) {
        const g = rbacPolicies.find((x) => x.name === name)!;
        expect([name, evaluatePolicy(g.policy, { object: bootstrap(adminBinding) }).excluded]).toEqual([name, true]);
        expect([name, evaluatePolicy(g.policy, { object: adminBinding }).admitted]).toEqual([name, false]);
    }
}); // prettier-ignore

test("an expired exemption is dropped at generation (admission CEL has no clock); one still in force is kept", () => {
    const p = allPolicies.find((x) => x.name === "read-only-root-filesystem")!;
    const exemptions = [
        { namespace: "a", name: "old", reason: "r", owner: "team-a", expires: "2026-01-31" },
        { namespace: "a", name: "current", reason: "r", expires: "2026-02-01" },
    ];
    const g = generatePolicy(p, {
        policyConfig: { "read-only-root-filesystem": { exemptions } },
        today: "2026-02-01",
    })!;
    const conditions =
        (g.policy.spec as { matchConditions?: { expression: string }[] }).matchConditions ?? [];
    expect(conditions.map((c) => c.expression)).toEqual([expect.stringContaining("'current'")]);
});

test("bad args give one line naming the arg", () => {
    expect(validateAdmissionGuardrailsArgs({ mode: "block" as never })).toEqual([
        'mode: Unsupported value: "block": must be one of: enforce, warn, audit',
    ]);
    expect(validateAdmissionGuardrailsArgs({ paramsNamespace: "Bad_NS" })).toEqual([
        `paramsNamespace: Invalid value: "Bad_NS": must be a DNS-1123 label (lowercase letters, digits, '-', at most 63)`,
    ]);
    expect(validateAdmissionGuardrailsArgs({})).toEqual([]);
});

test("config keys admission.enabled (default true) and admission.mode (default enforce)", () => {
    expect(admissionKeys.map((k) => [k.key, k.default])).toEqual([
        ["admission.enabled", true],
        ["admission.mode", "enforce"],
    ]);
});

test("allowed-image-registries: its allow-lists are a params ConfigMap the binding references, and the tier picks one", () => {
    const p = allPolicies.find((x) => x.name === "allowed-image-registries")!;
    const cfg = { "allowed-image-registries": { registries: ["registry.k8s.io", "*.dkr.ecr.*.amazonaws.com"], appRegistries: ["harbor.example.com"] } };
    const g = generatePolicy(p, { policyConfig: cfg, paramsNamespace: "guardrails" })!;
    expect(g.policy.spec.paramKind).toEqual({ apiVersion: "v1", kind: "ConfigMap" });
    expect(g.binding!.spec.paramRef).toEqual({ name: g.params!.metadata.name, namespace: "guardrails", parameterNotFoundAction: "Deny" });
    expect(g.params!.data).toMatchObject({
        "registries-entries": "registry.k8s.io\n*.dkr.ecr.*.amazonaws.com",
        "appRegistries-entries": "harbor.example.com",
        "appRegistries-source": "appRegistries",
    });
    const app = { apiVersion: "v1", kind: "Namespace", metadata: { name: "team", labels: { "blueprint.io/tier": "app" } } };
    const other = { apiVersion: "v1", kind: "Namespace", metadata: { name: "team", labels: { "blueprint.io/tier": "platform" } } };
    const at = (image: string) => pod("p", [goodContainer({ image })], {}, "team");
    const ecr = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/app:1@sha256:" + "a".repeat(64);
    const cases: Array<[Obj, string, boolean]> = [
        [app, "harbor.example.com/team/app:1", true],
        [app, "registry.k8s.io/pause:3.10", false],
        [other, "registry.k8s.io/pause:3.10", true],
        [other, ecr, true],
        [other, "harbor.example.com/team/app:1", false],
    ];
    for (const [ns, image, admitted] of cases) {
        const cel = evaluatePolicy(g.policy, { object: at(image), params: g.params, namespaceObject: ns }).admitted;
        const r = (o: Obj) => ({ type: `kubernetes:core/v1:${o.kind}`, name: o.metadata.name, urn: `urn:${o.kind}`, props: o });
        const ts = p.kind === "stack" && !p.check([r(ns), r(at(image))], g.config).some((f) => !f.undecided);
        expect([ns.metadata.labels["blueprint.io/tier"], image, cel, ts]).toEqual([ns.metadata.labels["blueprint.io/tier"], image, admitted, admitted]);
    }
    // The ConfigMap's patterns are what the admission form reads: another ConfigMap gives another verdict.
    const wide = { ...g.params!, data: { ...g.params!.data, registries: "^(?:registry\\.k8s\\.io|harbor\\.example\\.com)(?:/|$)" } };
    expect(evaluatePolicy(g.policy, { object: at("harbor.example.com/team/app:1"), params: wide, namespaceObject: other }).admitted).toBe(true);
}); // prettier-ignore

test("namespace-psa-version-outdated judges pins at admission only with a configured kubernetesVersion", () => {
    const p = allPolicies.find((x) => x.name === "namespace-psa-version-outdated")!;
    const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: "old", labels: { "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/enforce-version": "v1.25" } } };
    expect(evaluatePolicy(generatePolicy(p)!.policy, { object: ns }).admitted).toBe(true);
    const g = generatePolicy(p, { policyConfig: { "namespace-psa-version-outdated": { kubernetesVersion: "1.34" } } })!;
    expect(evaluatePolicy(g.policy, { object: ns }).messages).toEqual([expect.stringContaining("older than the configured kubernetesVersion v1.34")]);
}); // prettier-ignore
