/**
 * Generates Kubernetes ValidatingAdmissionPolicies (admissionregistration.k8s.io/v1) from the catalogue's admission
 * forms (issue 18): for each policy with an `admission` form, one ValidatingAdmissionPolicy, one
 * ValidatingAdmissionPolicyBinding (unless the policy is disabled) and, for a policy with params, one ConfigMap.
 *
 * - matchConstraints: the kinds the form reads (every pod-bearing kind for "pods"), CREATE and UPDATE;
 * - validationActions: from the policy's level in the policy config (mandatory -> [Deny, Audit], advisory ->
 *   [Warn, Audit], disabled -> no binding); mode "warn" makes every binding [Warn, Audit], "audit" [Audit];
 * - exemptions of the same config: one matchCondition per exemption (namespace, metadata.name, kind);
 * - pod policies' bindings leave kube-system out (matchResources.namespaceSelector): the cluster's own add-ons;
 * - config: the policy's schema defaults overridden by the policy config, folded into the expressions or written
 *   to the params ConfigMap (paramKind v1/ConfigMap, paramRef with parameterNotFoundAction: Deny).
 * Pure: no I/O. The AdmissionGuardrails component installs the result.
 */
import {
    AdmissionForm,
    AdmissionRule,
    AdmissionValidation,
    celString,
    podRules,
    podVariables,
} from "../lib/admission";
import { isExpired, today } from "../lib/exemptions";
import { k8sKind } from "../../lib/k8s";
import { BlueprintPolicy, Exemption, Level, PolicyConfig } from "../lib/types";

export type AdmissionMode = "enforce" | "warn" | "audit";
export const admissionModes: AdmissionMode[] = ["enforce", "warn", "audit"];

export type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Kubernetes JSON

export interface GenerateOptions {
    /** The policy config (the format of `--policy-pack-config`: name -> level, or { enforcementLevel?, ...props }). */
    policyConfig?: Record<string, unknown>;
    /** enforce (default): actions from each policy's level; warn: [Warn, Audit]; audit: [Audit]. */
    mode?: AdmissionMode;
    /** Namespace of the params ConfigMaps (default kube-system). */
    paramsNamespace?: string;
    /**
     * The day (YYYY-MM-DD, UTC) against which exemptions' `expires` is judged (default: today). Admission CEL has no
     * clock, so an expired exemption is dropped here; a stack re-generates on each `pulumi up`.
     */
    today?: string;
}

/** What the generator made for one policy. */
export interface GeneratedPolicy {
    /** The catalogue's policy name. */
    name: string;
    level: Level;
    /** The binding's validationActions; undefined when the policy is disabled (no binding). */
    actions?: string[];
    /** The resolved config (schema defaults + policy config), as the TypeScript check receives it. */
    config: PolicyConfig;
    policy: Obj;
    binding?: Obj;
    params?: Obj;
}

/** Kubernetes allows at most 64 matchConditions per policy. */
const maxMatchConditions = 64;

export const MANAGED_BY = "hardened-cluster-blueprint";

/**
 * Namespaces whose pods the pod policies leave to the preview: kube-system holds the cluster's own add-ons (on EKS:
 * aws-node, kube-proxy, CoreDNS, created by DaemonSet and Deployment controllers EKS manages, which no stack
 * declares and the preview never sees). Refusing their pods at admission (they mount API tokens, run from EKS's own
 * registries) would stop networking and DNS on new nodes. A stack's own pods there are still judged at preview.
 */
export const podPolicyUnjudgedNamespaces = ["kube-system"];
const notManagedNamespaces = {
    matchExpressions: [
        { key: "kubernetes.io/metadata.name", operator: "NotIn", values: podPolicyUnjudgedNamespaces },
    ],
};

/** Object name of a policy's ValidatingAdmissionPolicy and binding. */
export function admissionName(policy: string): string {
    return `blueprint-${policy}`;
}

/** The level and config a policy runs with under a policy config (schema defaults first). */
export function resolvePolicyConfig(
    p: BlueprintPolicy,
    policyConfig: Record<string, unknown> = {},
): { level: Level; config: PolicyConfig } {
    const config: PolicyConfig = { exemptions: [] };
    for (const [k, schema] of Object.entries(p.configSchema ?? {})) config[k] = schema.default;
    let level = p.enforcementLevel;
    const entry = policyConfig[p.name];
    if (typeof entry === "string") level = entry as Level;
    else if (entry && typeof entry === "object") {
        const { enforcementLevel, ...rest } = entry as Record<string, unknown>;
        if (typeof enforcementLevel === "string") level = enforcementLevel as Level;
        Object.assign(config, rest);
    }
    return { level, config };
}

/** validationActions for a level under a mode; undefined: no binding. */
export function validationActions(level: Level, mode: AdmissionMode = "enforce"): string[] | undefined {
    if (level === "disabled") return undefined;
    if (mode === "audit") return ["Audit"];
    if (mode === "warn") return ["Warn", "Audit"];
    return level === "mandatory" ? ["Deny", "Audit"] : ["Warn", "Audit"];
}

/** Kinds whose controllers create the objects an exemption of them must also cover at admission. */
const controllerKinds = [
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
];

/**
 * CEL: the object was created by the controller `kind`/`name` (any controller kind when `kind` is undefined):
 * owned by it (a StatefulSet's, DaemonSet's or Job's pods, a Deployment's ReplicaSets, a CronJob's Jobs), or by the
 * ReplicaSet or Job it made (`<name>-<pod-template-hash>`, `<name>-<scheduled time>`: a Deployment's or CronJob's
 * pods). The preview never sees these objects (controllers make them in the cluster), so an exemption of a workload
 * covers them at admission only. ownerReferences are written by whoever creates the object: the exemption is as
 * narrow as its namespace.
 */
function celOwnedBy(name: string, kind: string | undefined): string {
    const n = celString(name);
    const alts: string[] = [`(o.name == ${n}${kind ? ` && o.kind == ${celString(kind)}` : ""})`];
    if (!kind || kind === "Deployment")
        alts.push(
            `(o.kind == 'ReplicaSet' && o.name.startsWith(${celString(`${name}-`)}) && ` +
                `o.name.substring(${name.length + 1}).matches('^[a-z0-9]+$'))`,
        );
    if (!kind || kind === "CronJob")
        alts.push(
            `(o.kind == 'Job' && o.name.startsWith(${celString(`${name}-`)}) && ` +
                `o.name.substring(${name.length + 1}).matches('^[0-9]+$'))`,
        );
    return (
        "(has(object.metadata.ownerReferences) && object.metadata.ownerReferences.exists(o, " +
        `has(o.kind) && has(o.name) && (${alts.join(" || ")})))`
    );
}

/**
 * One exemption as a matchCondition: the policy applies unless every selector of the exemption matches. An
 * exemption naming a workload (a controller kind, or any kind) also covers what its controller creates.
 */
export function exemptionCondition(e: Exemption, i: number): { name: string; expression: string } {
    const parts: string[] = [];
    if (e.namespace !== undefined)
        parts.push(
            `(request.namespace == ${celString(e.namespace)} || ` +
                `(object.kind == 'Namespace' && object.metadata.name == ${celString(e.namespace)}))`,
        );
    const kind = e.kind !== undefined ? (k8sKind(e.kind)?.kind ?? e.kind) : undefined;
    const self: string[] = [];
    if (e.name !== undefined) self.push(`object.metadata.name == ${celString(e.name)}`);
    if (kind !== undefined) self.push(`object.kind == ${celString(kind)}`);
    if (e.name !== undefined && (kind === undefined || controllerKinds.includes(kind)))
        parts.push(`((${self.join(" && ")}) || ${celOwnedBy(e.name, kind)})`);
    else parts.push(...self);
    return { name: `exemption-${i}`, expression: `!(${parts.join(" && ")})` };
}

/** The resource rules of a form, with the operations admission checks. */
function rulesOf(form: AdmissionForm): Obj[] {
    const rules: AdmissionRule[] = form.match === "pods" ? podRules : form.match;
    return rules.map((r) => ({ ...r, operations: ["CREATE", "UPDATE"] }));
}

/** Every variable a form's expressions see, in order (pod variables first when used). */
export function variablesOf(form: AdmissionForm): { name: string; expression: string }[] {
    return [
        ...(form.match === "pods" || form.usesPodVariables ? podVariables : []),
        ...(form.variables ?? []),
    ];
}

/** The validations of a form under a config. */
export function validationsOf(form: AdmissionForm, config: PolicyConfig): AdmissionValidation[] {
    return typeof form.validations === "function" ? form.validations(config) : form.validations;
}

/** Generates the admission objects of one policy; undefined for a preview-only policy. */
export function generatePolicy(
    p: BlueprintPolicy,
    options: GenerateOptions = {},
): GeneratedPolicy | undefined {
    const form = p.admission;
    if (!form) return undefined;
    const { level, config } = resolvePolicyConfig(p, options.policyConfig);
    const on = options.today ?? today();
    const exemptions = ((config.exemptions ?? []) as Exemption[]).filter((e) => !isExpired(e, on));
    const room = maxMatchConditions - (form.skip ? 1 : 0);
    if (exemptions.length > room)
        throw new Error(
            `policy config "${p.name}.exemptions": at most ${room} exemptions can become matchConditions of its admission policy (got ${exemptions.length})`,
        );
    const conditions = [
        ...(form.skip ? [{ name: "not-managed-by-kubernetes", expression: `!(${form.skip})` }] : []),
        ...exemptions.map(exemptionCondition),
    ];
    const name = admissionName(p.name);
    const labels = { "app.kubernetes.io/managed-by": MANAGED_BY, "blueprint.io/policy": p.name };
    const paramsName = `${name}-params`;
    const paramsNamespace = options.paramsNamespace ?? "kube-system";
    const policy: Obj = {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicy",
        metadata: { name, labels, annotations: { "blueprint.io/severity": p.severity } },
        spec: {
            failurePolicy: "Fail",
            ...(form.params ? { paramKind: { apiVersion: "v1", kind: "ConfigMap" } } : {}),
            matchConstraints: { resourceRules: rulesOf(form) },
            ...(conditions.length ? { matchConditions: conditions } : {}),
            variables: variablesOf(form),
            validations: validationsOf(form, config).map((v) => ({
                expression: v.expression,
                messageExpression: v.messageExpression,
                message: `${p.name}: ${p.description}`,
                reason: "Forbidden",
            })),
        },
    };
    if (!policy.spec.variables.length) delete policy.spec.variables;
    const actions = validationActions(level, options.mode);
    const binding: Obj | undefined = actions && {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicyBinding",
        metadata: { name, labels },
        spec: {
            policyName: name,
            validationActions: actions,
            ...(form.params
                ? {
                      paramRef: {
                          name: paramsName,
                          namespace: paramsNamespace,
                          parameterNotFoundAction: "Deny",
                      },
                  }
                : {}),
            ...(form.match === "pods" ? { matchResources: { namespaceSelector: notManagedNamespaces } } : {}),
        },
    };
    const params: Obj | undefined = form.params && {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: paramsName, namespace: paramsNamespace, labels },
        data: form.params(config),
    };
    return { name: p.name, level, actions, config, policy, binding, params };
}

/** Generates the admission objects of every policy that has an admission form, in catalogue order. */
export function generateAdmissionPolicies(
    policies: readonly BlueprintPolicy[],
    options: GenerateOptions = {},
): GeneratedPolicy[] {
    return policies.flatMap((p) => generatePolicy(p, options) ?? []);
}
