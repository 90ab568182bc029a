/**
 * Rule readers the issue-16 RBAC policies add to ./rules.ts (kept apart so the two evolve independently):
 * resourceNames, the namespace of a Role or binding, and a binding's roleRef and subjects, all read safely during
 * preview.
 */
import { PolicyResource } from "../lib/types";
import { MEMO_MISS, MemoEntry, known, memoHit, memoRead } from "../../lib/unknowns";
import { Rule, coversGroup, coversResource, coversVerb, rulesOf } from "./rules";

/** A rule with its resourceNames (empty: every object of the resources). */
export interface NamedRule extends Rule {
    resourceNames: string[];
    /** Index in the role's `rules`, for messages. */
    index: number;
}

/** namedRulesOf's reads, by properties object. */
const namedRules = new WeakMap<object, MemoEntry<readonly NamedRule[]>>();

/**
 * The rules of a Role or ClusterRole with their resourceNames; an unknown list reads as empty. Read once per
 * properties object and frozen (lib/unknowns.ts memoRead): the ~14 RBAC stack policies of one request share one
 * properties object per role, and each read the same rules (at 10k resources this was the pack's largest
 * allocation: a new rule object and four new lists per rule, per policy).
 */
export function namedRulesOf(r: PolicyResource): readonly NamedRule[] {
    if (typeof r.props !== "object" || r.props === null) return namedRulesUncached(r);
    const props = r.props as object;
    const hit = memoHit(namedRules, props);
    if (hit !== MEMO_MISS) return hit;
    return memoRead(namedRules, props, () => namedRulesUncached(r).map((rule) => Object.freeze(rule)));
}

function namedRulesUncached(r: PolicyResource): NamedRule[] {
    const raw = known(() => (Array.isArray(r.props.rules) ? [...r.props.rules] : []), [] as unknown[]);
    return rulesOf(r).map((rule, index) => ({
        ...rule,
        index,
        resourceNames: known(() => {
            const v = (raw[index] as { resourceNames?: unknown })?.resourceNames;
            return Array.isArray(v) ? v.map(String) : [];
        }, [] as string[]),
    }));
}

/** A permission: API groups, a resource (with subresource), verbs, and optionally object names it must reach. */
export interface Permission {
    groups: string[];
    resource: string;
    verbs: string[];
    /** The permission counts only if the rule reaches one of these object names (or every object). */
    names?: string[];
}

/** True when the rule grants the permission (wildcards included, as RBAC matches them). */
export function grants(rule: NamedRule, p: Permission): boolean {
    if (!coversGroup(rule, ...p.groups) || !coversResource(rule, p.resource) || !coversVerb(rule, ...p.verbs))
        return false;
    if (!p.names || rule.resourceNames.length === 0) return true;
    return rule.resourceNames.some((n) => p.names!.includes(n));
}

/** `metadata.name`, or undefined when unknown during preview. */
export function nameOf(r: PolicyResource): string | undefined {
    return known(() => r.props.metadata?.name as string | undefined, undefined);
}

/** `metadata.namespace` ("default" when unset), or undefined when unknown during preview. */
export function namespaceOf(r: PolicyResource): string | undefined {
    return known(() => (r.props.metadata?.namespace as string | undefined) || "default", undefined);
}

/** A binding's roleRef, or undefined when unknown or incomplete. */
export function roleRefOf(r: PolicyResource): { kind: string; name: string } | undefined {
    const ref = known(
        () => ({ kind: r.props.roleRef?.kind as unknown, name: r.props.roleRef?.name as unknown }),
        undefined,
    );
    return ref && typeof ref.kind === "string" && typeof ref.name === "string"
        ? { kind: ref.kind, name: ref.name }
        : undefined;
}

/** A binding's subjects that are known, as { kind, name, namespace }. */
export function subjectsOf(r: PolicyResource): Array<{ kind?: string; name?: string; namespace?: string }> {
    const list = known(() => (Array.isArray(r.props.subjects) ? [...r.props.subjects] : []), [] as unknown[]);
    const out = [];
    for (const s of list) {
        const subj = known(
            () => ({
                kind: (s as { kind?: string }).kind,
                name: (s as { name?: string }).name,
                namespace: (s as { namespace?: string }).namespace,
            }),
            undefined,
        );
        if (subj) out.push(subj);
    }
    return out;
}

/** The rbac kind of a resource type token (`Role`, `ClusterRole`, `RoleBinding`, `ClusterRoleBinding`), if any. */
export function rbacKind(type: string): string | undefined {
    const m =
        /^kubernetes:rbac\.authorization\.k8s\.io\/[^:]+:(Role|ClusterRole|RoleBinding|ClusterRoleBinding)$/.exec(
            type,
        );
    return m?.[1];
}
