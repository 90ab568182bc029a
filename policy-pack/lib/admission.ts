/**
 * The admission-time form of a policy (issue 18): the same guardrail as CEL, for a Kubernetes
 * ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1). It is written once, beside the TypeScript check, in
 * the policy's own file; `policy-pack/admission/generate.ts` turns it into a policy and a binding.
 *
 * Only checks decidable on ONE object at admission get a form. Expressions read `object` (and `oldObject`,
 * `request`, `namespaceObject`, `params`) as a ValidatingAdmissionPolicy does; they use only CEL features that both
 * Kubernetes (cel-go with its libraries) and the offline evaluator of the tests (@bufbuild/cel with its strings
 * extension) implement: `has()`, `all`/`exists`/`filter`/`map`, `matches` (RE2), `startsWith`/`endsWith`/
 * `contains`, `split`/`join`/`lowerAscii`/`indexOf`/`lastIndexOf`/`substring`. No optional-field syntax (`?.`):
 * the offline evaluator has none.
 */
import { PolicyConfig } from "./types";

/** One resource rule of matchConstraints. */
export interface AdmissionRule {
    apiGroups: string[];
    apiVersions: string[];
    resources: string[];
}

/** A CEL variable of the policy (`variables.<name>`). */
export interface AdmissionVariable {
    name: string;
    expression: string;
}

/** One validation: `expression` true admits; `messageExpression` says why not (a string). */
export interface AdmissionValidation {
    expression: string;
    messageExpression: string;
}

/** The admission form of a policy. */
export interface AdmissionForm {
    /**
     * The kinds the policy reads: "pods" for every pod-bearing kind (Pod, PodTemplate, ReplicationController,
     * Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob; the generator adds the variables
     * `podSpec`, `containers` (all three lists), `appContainers` (containers + initContainers), `mainContainers`
     * and `label` (`Kind "name"`)), or explicit rules.
     */
    match: "pods" | AdmissionRule[];
    /** Explicit rules that still want the generated pod variables (implied by "pods"). */
    usesPodVariables?: boolean;
    /** Extra variables, evaluated after the generated ones. */
    variables?: AdmissionVariable[];
    /**
     * The validations. A function of the policy's config for configurable policies whose config is folded into the
     * expressions (the CRD-free form of params).
     */
    validations: AdmissionValidation[] | ((config: PolicyConfig) => AdmissionValidation[]);
    /**
     * Params through a ConfigMap (paramKind v1/ConfigMap): its `data` from the policy's config. Expressions read
     * `params.data.<key>`.
     */
    params?: (config: PolicyConfig) => Record<string, string>;
    /**
     * Objects the form does not judge at admission, as a CEL condition (e.g. Kubernetes' own bootstrap RBAC objects,
     * which the API server and its controllers reconcile and no stack declares). Becomes the policy's first
     * matchCondition, `not-managed-by-kubernetes`.
     */
    skip?: string;
    /** Where the admission verdict may differ from the preview one, and why (documented, and tested). */
    differences?: string;
}

/** Reasons shared by whole areas of the catalogue for staying preview-only (`PolicyMeta.previewOnly`). */
export const previewOnlyReasons = {
    aws:
        "an AWS resource, not a Kubernetes object: nothing reaches the cluster's admission chain (the pack checks " +
        "it at preview; AWS Config or SCPs would be its run-time counterpart)",
    pss:
        "Pod Security Admission, built into the API server, enforces this check through the namespace labels " +
        "SecureNamespace sets; it is not re-implemented in CEL",
} as const;

/** A CEL string literal (single-quoted, escaped). */
export function celString(s: string): string {
    return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`;
}

/** A CEL list of string literals. */
export function celStringList(xs: readonly string[]): string {
    return `[${xs.map(celString).join(", ")}]`;
}

/** `has(a.b.c)` for every prefix of a field path: `hasPath("object", ["spec", "template"])`. */
export function hasPath(root: string, path: string[]): string {
    return path.map((_, i) => `has(${[root, ...path.slice(0, i + 1)].join(".")})`).join(" && ");
}

/** The pod spec inside each pod-bearing kind, `{}` when it is absent. */
function specAt(path: string[]): string {
    return `(${hasPath("object", path)} ? object.${path.join(".")} : {})`;
}

/** The variables the generator adds to every "pods" form. */
export const podVariables: AdmissionVariable[] = [
    {
        name: "podSpec",
        expression:
            `object.kind == 'Pod' ? ${specAt(["spec"])} : ` +
            `object.kind == 'PodTemplate' ? ${specAt(["template", "spec"])} : ` +
            `object.kind == 'CronJob' ? ${specAt(["spec", "jobTemplate", "spec", "template", "spec"])} : ` +
            specAt(["spec", "template", "spec"]),
    },
    {
        name: "mainContainers",
        expression: "has(variables.podSpec.containers) ? variables.podSpec.containers : []",
    },
    {
        name: "appContainers",
        expression:
            "variables.mainContainers + " +
            "(has(variables.podSpec.initContainers) ? variables.podSpec.initContainers : [])",
    },
    {
        name: "containers",
        expression:
            "variables.appContainers + " +
            "(has(variables.podSpec.ephemeralContainers) ? variables.podSpec.ephemeralContainers : [])",
    },
    {
        name: "label",
        expression:
            "object.kind + ' \"' + (has(object.metadata.name) ? object.metadata.name : " +
            "(has(object.metadata.generateName) ? object.metadata.generateName : '')) + '\"'",
    },
];

/** Resource rules of every pod-bearing kind (pods' ephemeralcontainers subresource too: `kubectl debug`). */
export const podRules: AdmissionRule[] = [
    { apiGroups: [""], apiVersions: ["v1"], resources: ["pods", "pods/ephemeralcontainers"] },
    { apiGroups: [""], apiVersions: ["v1"], resources: ["podtemplates", "replicationcontrollers"] },
    {
        apiGroups: ["apps"],
        apiVersions: ["v1"],
        resources: ["deployments", "statefulsets", "daemonsets", "replicasets"],
    },
    { apiGroups: ["batch"], apiVersions: ["v1"], resources: ["jobs", "cronjobs"] },
];

/** Names of the containers of `list` (a variable) failing `ok` (over `c`), joined for a message. */
export function failingNames(list: string, ok: string): string {
    return `${list}.filter(c, !(${ok})).map(c, has(c.name) ? c.name : '?').join(', ')`;
}
