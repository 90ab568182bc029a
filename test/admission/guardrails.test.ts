/**
 * Issue 18: the AdmissionGuardrails component and the generator: objects per policy, validationActions from the
 * policy config's level and the mode, disabled -> no binding, exemptions as matchConditions, ConfigMap params, and
 * bad args refused with one line naming the arg before any resource.
 */
import {
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
import { evaluatePolicy } from "./cel-eval";
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
    });
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
    expect(exemptionCondition({ namespace: "vault", name: "vault", kind: "kubernetes:apps/v1:StatefulSet", reason: "r" }, 0)).toEqual({
        name: "exemption-0",
        expression:
            "!((request.namespace == 'vault' || (object.kind == 'Namespace' && object.metadata.name == 'vault')) && " +
            "object.metadata.name == 'vault' && object.kind == 'StatefulSet')",
    }); // prettier-ignore
});

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
