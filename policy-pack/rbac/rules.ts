/** Helpers shared by the RBAC policies: type tokens, and rules/bindings read safely during preview. */
import { PolicyResource } from "../lib/types";
import { known } from "../lib/unknowns";

const versions = ["v1", "v1beta1", "v1alpha1"];
const tokens = (kinds: string[]) =>
    kinds.flatMap((k) => versions.map((v) => `kubernetes:rbac.authorization.k8s.io/${v}:${k}`));

/** Role and ClusterRole type tokens. */
export const ROLE_TYPES = tokens(["Role", "ClusterRole"]);
/** RoleBinding and ClusterRoleBinding type tokens. */
export const BINDING_TYPES = tokens(["RoleBinding", "ClusterRoleBinding"]);

/** One RBAC PolicyRule with every list present (empty when absent or unknown). */
export interface Rule {
    apiGroups: string[];
    resources: string[];
    verbs: string[];
}

const list = (read: () => unknown): string[] =>
    known(() => {
        const v = read();
        // An unknown element is dropped; "" (the core API group) is kept.
        return Array.isArray(v)
            ? v
                  .map((x) => known<string | undefined>(() => String(x), undefined))
                  .filter((x): x is string => x !== undefined)
            : [];
    }, [] as string[]);

/** The rules of a Role or ClusterRole; an unknown rule or list reads as empty (never a violation by itself). */
export function rulesOf(r: PolicyResource): Rule[] {
    const raw = known(() => (Array.isArray(r.props.rules) ? [...r.props.rules] : []), [] as unknown[]);
    return raw.map((rule) => {
        const x = rule as Record<string, unknown>;
        return {
            apiGroups: list(() => x.apiGroups),
            resources: list(() => x.resources),
            verbs: list(() => x.verbs),
        };
    });
}

/** Kind and name for messages, e.g. `ClusterRole "ops"`. */
export function who(r: PolicyResource): string {
    const kind = r.type.split(":").pop();
    return `${kind} "${known(() => r.props.metadata?.name as string | undefined, undefined) ?? r.name}"`;
}

/** True when the rule's apiGroups cover the given group ("" is the core group). */
export function coversGroup(rule: Rule, ...groups: string[]): boolean {
    return rule.apiGroups.some((g) => g === "*" || groups.includes(g));
}

/** True when the rule's resources cover `resource` (with optional subresource), as RBAC matches them. */
export function coversResource(rule: Rule, resource: string): boolean {
    const sub = resource.includes("/") ? resource.slice(resource.indexOf("/") + 1) : undefined;
    return rule.resources.some((r) => r === "*" || r === resource || (sub !== undefined && r === `*/${sub}`));
}

/** True when the rule grants any of the verbs. */
export function coversVerb(rule: Rule, ...verbs: string[]): boolean {
    return rule.verbs.some((v) => v === "*" || verbs.includes(v));
}
