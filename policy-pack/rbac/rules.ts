/** Helpers shared by the RBAC policies: type tokens, and rules/bindings read safely during preview. */
import { PolicyResource } from "../lib/types";
import { cosmetic, known } from "../../lib/unknowns";

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

/**
 * The rules of a Role or ClusterRole. Each rule, list and element is read on its own: an unknown one reads as
 * empty (never a violation by itself) and leaves the others checked; the adapter reports the unknown as not
 * verified.
 */
export function rulesOf(r: PolicyResource): Rule[] {
    const raw = known(() => r.props.rules as unknown, undefined);
    const n = known(() => (Array.isArray(raw) ? raw.length : 0), 0);
    const out: Rule[] = [];
    for (let i = 0; i < n; i++) {
        const x = known(() => (raw as unknown[])[i] as Record<string, unknown> | undefined, undefined);
        if (!x || typeof x !== "object") continue;
        out.push({
            apiGroups: list(() => x.apiGroups),
            resources: list(() => x.resources),
            verbs: list(() => x.verbs),
        });
    }
    return out;
}

/**
 * The role a binding references. A ClusterRoleBinding can only reference a ClusterRole, so its roleRef.kind is
 * not needed; each field is read on its own. `name` is undefined when unknown during preview.
 */
export function roleRefOf(b: PolicyResource): { kind: string | undefined; name: string | undefined } {
    const isCrb = b.type.endsWith(":ClusterRoleBinding");
    const kind = isCrb ? "ClusterRole" : known(() => b.props.roleRef?.kind as string | undefined, undefined);
    const name = known(() => b.props.roleRef?.name as string | undefined, undefined);
    return { kind, name: typeof name === "string" ? name : undefined };
}

/** Kind and name for messages, e.g. `ClusterRole "ops"`. */
export function who(r: PolicyResource): string {
    const kind = r.type.split(":").pop();
    return `${kind} "${cosmetic(() => r.props.metadata?.name as string | undefined, undefined) ?? r.name}"`;
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
