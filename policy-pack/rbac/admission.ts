/**
 * The RBAC policies' admission forms (issue 18). At admission a policy sees ONE object: a Role or ClusterRole with
 * its own rules and aggregationRule, or a binding with its roleRef and subjects. What that object grants through
 * other objects is judged as follows, so that the CEL verdict equals the TypeScript one on every single object:
 *
 * - own rules: the policy's rule predicate, written in CEL beside its TypeScript one (`cel` of the spec);
 * - Kubernetes' built-in ClusterRoles are fixed (`builtin-roles.ts`): the generator evaluates the policy's
 *   TypeScript predicate on each built-in's effective rules (aggregation resolved) and folds the names that hit into
 *   the expressions. A binding of such a built-in, or a ClusterRole whose aggregationRule selects one (full
 *   label-selector semantics, `{}` selecting every role), is refused as the preview refuses it;
 * - a binding of a custom role, or an aggregationRule that selects custom roles, needs those other objects: the
 *   preview judges them with the stack's roles; admission admits them (each role is judged itself when it is
 *   created). Listed in each form's `differences`.
 */
import { AdmissionForm, AdmissionValidation, celString, celStringList } from "../lib/admission";
import { PolicyConfig, PolicyResource } from "../lib/types";
import { BUILTIN_CLUSTER_ROLES } from "./builtin-roles";
import { RbacIndex } from "./effective";
import { Permission } from "./rules-ext";

/** Names of the built-in ClusterRoles whose effective rules (empty stack) satisfy `pred`. */
export function builtinsWhere(pred: (rules: RbacIndexRules) => boolean): string[] {
    const idx = new RbacIndex([] as PolicyResource[]);
    return Object.keys(BUILTIN_CLUSTER_ROLES).filter((n) => pred(idx.effective(n)!.rules));
}
type RbacIndexRules = NonNullable<ReturnType<RbacIndex["effective"]>>["rules"];

export const rbacRules = [
    {
        apiGroups: ["rbac.authorization.k8s.io"],
        apiVersions: ["v1"],
        resources: ["roles", "clusterroles", "rolebindings", "clusterrolebindings"],
    },
];

/** CEL over a rule `r`: the list field, `[]` when absent. */
export const field = (f: "apiGroups" | "resources" | "verbs" | "resourceNames"): string =>
    `(has(r.${f}) ? r.${f} : [])`;

/** CEL: the rule covers one of the groups (coversGroup). */
export function celCoversGroup(groups: string[]): string {
    return `${field("apiGroups")}.exists(g, g == '*' || g in ${celStringList(groups)})`;
}

/** CEL: the rule covers the resource (coversResource: a star, the name, or star-slash-subresource). */
export function celCoversResource(resource: string): string {
    const sub = resource.includes("/") ? resource.slice(resource.indexOf("/") + 1) : undefined;
    const alts = ["'*'", celString(resource), ...(sub !== undefined ? [celString(`*/${sub}`)] : [])];
    return `${field("resources")}.exists(x, x in [${alts.join(", ")}])`;
}

/** CEL: the rule covers one of the verbs (coversVerb). */
export function celCoversVerb(verbs: string[]): string {
    return `${field("verbs")}.exists(v, v == '*' || v in ${celStringList(verbs)})`;
}

/** CEL: the rule grants the permission (rules-ext `grants`). */
export function celGrants(p: Permission): string {
    const parts = [celCoversGroup(p.groups), celCoversResource(p.resource), celCoversVerb(p.verbs)];
    if (p.names)
        parts.push(
            `(size(${field("resourceNames")}) == 0 || ${field("resourceNames")}.exists(n, n in ${celStringList(p.names)}))`,
        );
    return `(${parts.join(" && ")})`;
}

/** CEL map literal of a label set. */
function celMap(labels: Record<string, string>): string {
    return `{${Object.entries(labels)
        .map(([k, v]) => `${celString(k)}: ${celString(v)}`)
        .join(", ")}}`;
}

/**
 * CEL: selector `s` selects a role with the constant labels (effective.ts selectorMatches). The labels are
 * constants, so each requirement on a key the role lacks is decided by its operator alone (NotIn and DoesNotExist
 * hold), which keeps the expression short.
 */
export function celSelects(labels: Record<string, string>): string {
    const keys = Object.keys(labels);
    const absent = "e.operator in ['NotIn', 'DoesNotExist']";
    if (!keys.length)
        return (
            "(!has(s.matchLabels) || size(s.matchLabels) == 0) && " +
            `(!has(s.matchExpressions) || s.matchExpressions.all(e, ${absent}))`
        );
    const value = (k: string) => (keys.length === 1 ? celString(labels[keys[0]]) : `${celMap(labels)}[${k}]`);
    const isKey = (k: string) =>
        keys.length === 1 ? `${k} == ${celString(keys[0])}` : `${k} in ${celStringList(keys)}`;
    return (
        `(!has(s.matchLabels) || s.matchLabels.all(k, ${isKey("k")} && s.matchLabels[k] == ${value("k")})) && ` +
        `(!has(s.matchExpressions) || s.matchExpressions.all(e, ${isKey("e.key")} ? (` +
        `e.operator == 'In' ? has(e.values) && ${value("e.key")} in e.values : ` +
        `e.operator == 'NotIn' ? !has(e.values) || !(${value("e.key")} in e.values) : e.operator == 'Exists') : ${absent}))`
    );
}

/** The CEL form of a role-rules policy: `hit` (CEL over a rule `r`) and what a hit grants, in words. */
export interface RoleRulesCel {
    /** CEL over a rule `r`; a list is a disjunction, one validation per item (each within the cost bound). */
    hit: (config: PolicyConfig) => string | string[];
    /** e.g. "grant escalate, bind or impersonate" (after "has rules that" / "which"). */
    text: string;
}

const who = "object.kind + ' \"' + object.metadata.name + '\"'";

/** Validations refusing a ClusterRole whose aggregationRule selects one of the built-ins (grouped by labels). */
export function aggregationValidations(builtins: string[], text: string): AdmissionValidation[] {
    const byLabels = new Map<string, string[]>();
    for (const n of builtins) {
        const key = JSON.stringify(BUILTIN_CLUSTER_ROLES[n].labels ?? {});
        byLabels.set(key, [...(byLabels.get(key) ?? []), n]);
    }
    // One validation per distinct label set keeps each expression within the cost bound.
    return [...byLabels].map(([key, names]) => ({
        expression: `variables.selectors.all(s, !(${celSelects(JSON.parse(key))}))`,
        messageExpression:
            `${who} + ' aggregates (aggregationRule) built-in ClusterRole(s) ' + ` +
            celString(
                names.slice(0, 5).join(", ") + (names.length > 5 ? ` and ${names.length - 5} more` : ""),
            ) +
            ` + ${celString(`, which ${text}.`)}`,
    }));
}

/** The selectors variable (a ClusterRole's aggregationRule selectors, else `[]`). */
export const selectorsVariable = {
    name: "selectors",
    expression:
        "object.kind == 'ClusterRole' && has(object.aggregationRule) && " +
        "has(object.aggregationRule.clusterRoleSelectors) ? object.aggregationRule.clusterRoleSelectors : []",
};

/** CEL: a binding whose roleRef is a ClusterRole named in `names`. */
export function celBindsClusterRole(names: string[]): string {
    return (
        "object.kind in ['RoleBinding', 'ClusterRoleBinding'] && has(object.roleRef) && has(object.roleRef.name) && " +
        `(object.kind == 'ClusterRoleBinding' || (has(object.roleRef.kind) && object.roleRef.kind == 'ClusterRole')) && ` +
        `object.roleRef.name in ${celStringList(names)}`
    );
}

/**
 * Kubernetes' and EKS's own RBAC objects, which the API server's bootstrap (label `kubernetes.io/bootstrapping:
 * rbac-defaults`), the clusterrole-aggregation-controller and the EKS control plane (`eks:` names) create and
 * reconcile: admission must not refuse their updates (edit, admin and system:aggregate-to-edit grant impersonate;
 * the cluster-admin binding names system:masters). No stack declares them, so the preview never judges them. A
 * user cannot use these names to slip a grant through: creating a role that grants what its creator lacks needs
 * `escalate` anyway, and the bootstrap names already exist.
 */
export const celKubernetesManagedRbac =
    "(has(object.metadata.labels) && 'kubernetes.io/bootstrapping' in object.metadata.labels && " +
    "object.metadata.labels['kubernetes.io/bootstrapping'] == 'rbac-defaults' && " +
    "(object.metadata.name.startsWith('system:') || object.metadata.name in " +
    "['cluster-admin', 'admin', 'edit', 'view', 'extension-apiserver-authentication-reader'])) || " +
    "object.metadata.name.startsWith('eks:')";

export const roleRulesDifferences =
    "Admission sees one object: a binding of a custom (non built-in) ClusterRole, and an aggregationRule selecting " +
    "custom ClusterRoles, are judged at preview with the stack's roles, and admitted at admission (each role is " +
    "judged when it is created). A role that re-defines a built-in's name is judged as the built-in. Kubernetes' " +
    "bootstrap RBAC objects and EKS's `eks:` ones are not judged at admission (no stack declares them).";

/**
 * The admission form of a role-rules policy: own rules (Role and ClusterRole), aggregation of built-ins, and
 * bindings of built-ins (cluster-admin excepted: rbac-no-cluster-admin-binding's).
 */
export function roleRulesAdmission(
    cel: RoleRulesCel,
    hitFor: (resources: PolicyResource[], config: PolicyConfig) => (rule: RbacIndexRules[number]) => unknown,
): AdmissionForm {
    return {
        match: rbacRules,
        skip: celKubernetesManagedRbac,
        variables: [
            {
                name: "rules",
                expression: "object.kind in ['Role', 'ClusterRole'] && has(object.rules) ? object.rules : []",
            },
            selectorsVariable,
        ],
        validations: (config) => {
            const hit = hitFor([], config);
            const builtins = builtinsWhere((rules) => rules.some((r) => hit(r) !== undefined));
            const bound = builtins.filter((n) => n !== "cluster-admin");
            return [
                ...([] as string[]).concat(cel.hit(config)).map((hit) => ({
                    expression: `variables.rules.all(r, !(${hit}))`,
                    messageExpression: `${who} + ${celString(` has rules that ${cel.text}.`)}`,
                })),
                ...aggregationValidations(builtins, cel.text),
                ...(bound.length
                    ? [
                          {
                              expression: `!(${celBindsClusterRole(bound)})`,
                              messageExpression: `${who} + ' binds built-in ClusterRole "' + object.roleRef.name + ${celString(`", which ${cel.text}.`)}`,
                          },
                      ]
                    : []),
            ];
        },
        differences: roleRulesDifferences,
    };
}

export const bindingRules = [
    {
        apiGroups: ["rbac.authorization.k8s.io"],
        apiVersions: ["v1"],
        resources: ["rolebindings", "clusterrolebindings"],
    },
];

/** CEL: a RoleBinding (not a ClusterRoleBinding) whose roleRef is a ClusterRole named in `names`. */
export function celBindsRoleBinding(names: string[]): string {
    return (
        "object.kind == 'RoleBinding' && has(object.roleRef) && has(object.roleRef.kind) && " +
        `object.roleRef.kind == 'ClusterRole' && has(object.roleRef.name) && object.roleRef.name in ${celStringList(names)}`
    );
}
