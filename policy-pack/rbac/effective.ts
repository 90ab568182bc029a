/**
 * What a role really grants once Kubernetes is done with it, so that the RBAC policies judge a binding by the rules
 * of the role it references and an aggregating ClusterRole by the rules it aggregates:
 *
 * - a ClusterRole with an `aggregationRule` gets, from the clusterrole-aggregation-controller, the rules of every
 *   ClusterRole whose labels match one of its `clusterRoleSelectors` (full label-selector semantics: matchLabels,
 *   matchExpressions, and `{}` matching EVERY ClusterRole, cluster-admin included), following chains of aggregators;
 *   the candidates are the stack's ClusterRoles and Kubernetes' built-ins (`builtin-roles.ts`);
 * - a binding to a ClusterRole the stack does not define but Kubernetes does (`edit`, `admin`,
 *   `system:aggregate-to-edit`, `system:controller:clusterrole-aggregation-controller`, ...) holds that built-in's
 *   rules, including what the stack's own ClusterRoles add to it through `aggregate-to-*` labels.
 *
 * Built once per stack check (O(n)); each lookup is memoized. Values are read through `known`: an unknown selector
 * or label makes only that value unknown, and what it could have added is reported as undecided by the caller.
 */
import { PolicyResource } from "../lib/types";
import { known } from "../../lib/unknowns";
import type { Labels } from "../../lib/labels";
import { BUILTIN_CLUSTER_ROLES, BuiltinRule, isBuiltinClusterRole } from "./builtin-roles";
import { NamedRule, namedRulesOf, nameOf, rbacKind } from "./rules-ext";

/** A rule and where it comes from: the ClusterRole (or Role) that lists it, and whether that one is built in. */
export interface SourcedRule extends NamedRule {
    /** Name of the role whose `rules[index]` this is. */
    from: string;
    builtin: boolean;
}

/** What a ClusterRole ends up granting. */
export interface Effective {
    rules: SourcedRule[];
    /** ClusterRoles that may be aggregated but could not be decided (a label or selector unknown until apply). */
    undecided: string[];
}

/** A Kubernetes LabelSelector as the aggregation rule holds it. */
interface Selector {
    matchLabels: Record<string, string>;
    matchExpressions: Array<{ key: string; operator: string; values: string[] }>;
}

/** Stands for one label value unknown during preview. */
const UNKNOWN = "\u0000(unknown until apply)";

/** True/false when the selector does/doesn't match; undefined when an unknown label value decides it. */
export function selectorMatches(sel: Selector, labels: Labels | undefined): boolean | undefined {
    if (labels === undefined) return undefined;
    let undecided = false;
    const has = (k: string) => Object.prototype.hasOwnProperty.call(labels, k);
    const test = (k: string, ok: (v: string | undefined) => boolean): boolean => {
        const v = has(k) ? labels[k] : undefined;
        if (v === UNKNOWN) {
            undecided = true;
            return true;
        }
        return ok(v);
    };
    for (const [k, want] of Object.entries(sel.matchLabels)) if (!test(k, (v) => v === want)) return false;
    for (const e of sel.matchExpressions) {
        const ok =
            e.operator === "In"
                ? test(e.key, (v) => v !== undefined && e.values.includes(v))
                : e.operator === "NotIn"
                  ? test(e.key, (v) => v === undefined || !e.values.includes(v))
                  : e.operator === "Exists"
                    ? has(e.key)
                    : e.operator === "DoesNotExist"
                      ? !has(e.key)
                      : false; // an operator the API server would refuse selects nothing
        if (!ok) return false;
    }
    return undecided ? undefined : true;
}

const strings = (read: () => unknown): string[] =>
    known(() => {
        const v = read();
        return Array.isArray(v) ? v.map((x) => known(() => String(x), UNKNOWN)) : [];
    }, [UNKNOWN]);

/** The selectors of a ClusterRole's aggregationRule: undefined without one; `"unknown"` for an unknown selector. */
function selectorsOf(r: PolicyResource): Array<Selector | "unknown"> | undefined {
    const rule = known(() => r.props.aggregationRule as unknown, "unknown" as unknown);
    if (rule === "unknown") return ["unknown"];
    if (rule === undefined || rule === null) return undefined;
    const list = known(
        () => {
            const s = (rule as { clusterRoleSelectors?: unknown }).clusterRoleSelectors;
            return Array.isArray(s) ? [...s] : [];
        },
        ["unknown"] as unknown[],
    );
    return list.map((s) =>
        known((): Selector | "unknown" => {
            if (s === "unknown" || !s || typeof s !== "object") return "unknown";
            const o = s as { matchLabels?: unknown; matchExpressions?: unknown };
            const matchLabels: Record<string, string> = {};
            const ml = (o.matchLabels ?? {}) as Record<string, unknown>;
            for (const k of Object.keys(ml)) matchLabels[k] = known(() => String(ml[k]), UNKNOWN);
            const me = Array.isArray(o.matchExpressions) ? [...(o.matchExpressions as unknown[])] : [];
            const matchExpressions = me.map((x) => {
                const e = x as { key?: unknown; operator?: unknown; values?: unknown };
                return {
                    key: known(() => String(e.key), UNKNOWN),
                    operator: known(() => String(e.operator), UNKNOWN),
                    values: strings(() => e.values),
                };
            });
            const unknownPart =
                Object.values(matchLabels).includes(UNKNOWN) ||
                matchExpressions.some(
                    (e) => e.key === UNKNOWN || e.operator === UNKNOWN || e.values.includes(UNKNOWN),
                );
            return unknownPart ? "unknown" : { matchLabels, matchExpressions };
        }, "unknown"),
    );
}

/** Labels of a resource; a value unknown during preview reads as UNKNOWN; undefined when all are unknown. */
function labelsOf(r: PolicyResource): Labels | undefined {
    return known(() => {
        const l = (r.props.metadata?.labels ?? {}) as Record<string, unknown>;
        const out: Labels = {};
        for (const k of Object.keys(l)) out[k] = known(() => String(l[k]), UNKNOWN);
        return out;
    }, undefined);
}

const expand = (x: BuiltinRule, index: number, from: string): SourcedRule => ({
    apiGroups: x.g ?? [],
    resources: x.r ?? [],
    resourceNames: x.n ?? [],
    verbs: x.v,
    index,
    from,
    builtin: true,
});

/** One candidate of aggregation: a stack ClusterRole or a built-in one the stack does not redefine. */
interface Candidate {
    name: string;
    builtin: boolean;
    resource?: PolicyResource;
}

/** The stack's RBAC objects, indexed once, with the effective rules of any ClusterRole on demand. */
export class RbacIndex {
    /** Stack ClusterRoles with a known name. */
    readonly clusterRoles = new Map<string, PolicyResource>();
    /** Every Role and ClusterRole of the stack (names known or not). */
    readonly roles: PolicyResource[] = [];
    /** Every RoleBinding and ClusterRoleBinding of the stack. */
    readonly bindings: PolicyResource[] = [];
    /** Stack ClusterRoles whose name is unknown during preview (they may still be aggregated). */
    private readonly unnamed: PolicyResource[] = [];
    private readonly labels = new Map<PolicyResource, Labels | undefined>();
    private readonly selectors = new Map<PolicyResource, Array<Selector | "unknown"> | undefined>();
    private readonly memo = new Map<string, Effective>();

    constructor(resources: PolicyResource[]) {
        for (const r of resources) {
            const kind = rbacKind(r.type);
            if (kind === "Role" || kind === "ClusterRole") this.roles.push(r);
            if (kind === "RoleBinding" || kind === "ClusterRoleBinding") this.bindings.push(r);
            if (kind !== "ClusterRole") continue;
            const name = nameOf(r);
            if (name) this.clusterRoles.set(name, r);
            else this.unnamed.push(r);
        }
    }

    /** True when the stack defines the ClusterRole, or it is built in: the name resolves to rules. */
    resolves(name: string): boolean {
        return this.clusterRoles.has(name) || isBuiltinClusterRole(name);
    }

    /** True when `name` is a built-in ClusterRole that the stack does not (re)define. */
    isBuiltin(name: string): boolean {
        return !this.clusterRoles.has(name) && isBuiltinClusterRole(name);
    }

    /** The aggregation selectors of a stack ClusterRole (undefined: it does not aggregate). */
    aggregationOf(r: PolicyResource): Array<Selector | "unknown"> | undefined {
        if (!this.selectors.has(r)) this.selectors.set(r, selectorsOf(r));
        return this.selectors.get(r);
    }

    private labelsOf(c: Candidate): Labels | undefined {
        if (c.builtin) return BUILTIN_CLUSTER_ROLES[c.name].labels ?? {};
        const r = c.resource!;
        if (!this.labels.has(r)) this.labels.set(r, labelsOf(r));
        return this.labels.get(r);
    }

    private candidates(): Candidate[] {
        const out: Candidate[] = [];
        for (const [name, resource] of this.clusterRoles) out.push({ name, builtin: false, resource });
        for (const resource of this.unnamed) out.push({ name: resource.name, builtin: false, resource });
        for (const name of Object.keys(BUILTIN_CLUSTER_ROLES))
            if (!this.clusterRoles.has(name)) out.push({ name, builtin: true });
        return out;
    }

    /**
     * The rules a ClusterRole named `name` grants: a stack role's own rules plus, with an aggregationRule, every
     * rule it aggregates; a built-in's rules, aggregation resolved among built-ins and the stack's roles.
     * Undefined when the name resolves to nothing.
     */
    effective(name: string): Effective | undefined {
        const stack = this.clusterRoles.get(name);
        if (!stack && !isBuiltinClusterRole(name)) return undefined;
        return this.resolve({ name, builtin: !stack, resource: stack }, new Set());
    }

    /** Effective rules of a stack ClusterRole resource (named or not). */
    effectiveOf(r: PolicyResource): Effective {
        const name = nameOf(r);
        return this.resolve({ name: name ?? r.name, builtin: false, resource: r }, new Set());
    }

    private resolve(c: Candidate, visiting: Set<string>): Effective {
        const key = `${c.builtin ? "b" : "s"}:${c.name}`;
        const hit = this.memo.get(key);
        if (hit) return hit;
        const own: SourcedRule[] = c.builtin
            ? BUILTIN_CLUSTER_ROLES[c.name].rules.map((x, i) => expand(x, i, c.name))
            : namedRulesOf(c.resource!).map((x) => ({ ...x, from: c.name, builtin: false }));
        const selectors = c.builtin
            ? BUILTIN_CLUSTER_ROLES[c.name].aggregate?.map((m) => ({ matchLabels: m, matchExpressions: [] }))
            : this.aggregationOf(c.resource!);
        const result: Effective = { rules: own, undecided: [] };
        if (!selectors || visiting.has(key)) return result;
        visiting.add(key);
        const seen = new Set<string>();
        for (const cand of this.candidates()) {
            const ckey = `${cand.builtin ? "b" : "s"}:${cand.name}`;
            if (ckey === key || seen.has(ckey)) continue;
            let match: boolean | undefined = false;
            for (const s of selectors) {
                const m = s === "unknown" ? undefined : selectorMatches(s, this.labelsOf(cand));
                if (m === true) {
                    match = true;
                    break;
                }
                if (m === undefined) match = undefined;
            }
            if (match === false) continue;
            seen.add(ckey);
            if (match === undefined) {
                result.undecided.push(cand.name);
                continue;
            }
            // The controller copies the matched role's current rules: for an aggregator, what it aggregated.
            const sub = visiting.has(ckey) ? undefined : this.resolve(cand, visiting);
            if (!sub) continue;
            result.rules.push(...sub.rules);
            result.undecided.push(...sub.undecided);
        }
        visiting.delete(key);
        // Only whole resolutions are memoized (a cycle cut short is recomputed from its own start).
        if (visiting.size === 0) this.memo.set(key, result);
        return result;
    }
}

/** `ClusterRole "x" rules[2]` for a sourced rule, relative to the role a finding is about. */
export function ruleLabel(rule: SourcedRule, about: string): string {
    return rule.from === about
        ? `rules[${rule.index}]`
        : `${rule.builtin ? "built-in " : ""}ClusterRole "${rule.from}" rules[${rule.index}]`;
}
