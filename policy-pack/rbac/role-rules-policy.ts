/**
 * One shape for the RBAC policies that judge rules (wildcards, escalate/bind/impersonate, nodes/proxy, exec and
 * attach, port-forward, sensitive permissions, CSR approval, endpoint writes). Each is a stack policy that reports,
 * with the policy's own level and exemptions:
 *
 * 1. every Role and ClusterRole of the stack whose own rules grant what the policy forbids (blamed on the role);
 * 2. every ClusterRole whose `aggregationRule` pulls in such rules, from the stack's roles or Kubernetes' built-ins
 *    (blamed on the aggregating role: its own `rules` are what the controller overwrites);
 * 3. every RoleBinding or ClusterRoleBinding of a built-in ClusterRole the stack does not define (`edit`, `admin`,
 *    `system:aggregate-to-edit`, `system:controller:clusterrole-aggregation-controller`, ...) whose rules, aggregation
 *    resolved, grant it (blamed on the binding). A binding of a stack role needs no finding of its own: the role has
 *    one. `cluster-admin` bindings are `rbac-no-cluster-admin-binding`'s.
 *
 * What an unknown label or selector could have aggregated is reported as undecided, never passed silently.
 */
import { Finding, PolicyConfig, PolicyMeta, PolicyResource, StackPolicy } from "../lib/types";
import { targetVersions } from "../pss/level";
import { RoleRulesCel, roleRulesAdmission } from "./admission";
import { Effective, RbacIndex, SourcedRule, ruleLabel } from "./effective";
import { roleRefOf, who } from "./rules";
import { NamedRule, namedRulesOf, nameOf, namespaceOf, rbacKind } from "./rules-ext";

/** What a rule grants that the policy forbids, as the tail of `<role> rules[i] <tail>.`; undefined if nothing. */
export type RuleHit = (rule: NamedRule) => string | undefined;

export interface RoleRulesSpec extends PolicyMeta {
    /** The rule predicate for this stack and config (most ignore both). */
    hitFor(resources: PolicyResource[], config: PolicyConfig): RuleHit;
    /** The same predicate in CEL, for the admission form (issue 18, ./admission.ts). */
    cel?: RoleRulesCel;
}

/** Built-in roles whose bindings another policy reports (rbac-no-cluster-admin-binding). */
const coveredElsewhere = new Set(["cluster-admin"]);

const MAX_ITEMS = 5;

function summary(hits: Array<[SourcedRule, string]>, about: string): string {
    const items = hits.slice(0, MAX_ITEMS).map(([r, h]) => `${ruleLabel(r, about)} ${h}`);
    const more = hits.length > MAX_ITEMS ? `; and ${hits.length - MAX_ITEMS} more rule(s)` : "";
    return `${items.join("; ")}${more}`;
}

/** Rules of `eff` (other than the role's own, already reported) that the predicate hits. */
function hitsOf(eff: Effective, own: string | undefined, hit: RuleHit): Array<[SourcedRule, string]> {
    const out: Array<[SourcedRule, string]> = [];
    const seen = new Set<string>();
    for (const rule of eff.rules) {
        if (own !== undefined && rule.from === own && !rule.builtin) continue;
        const key = `${rule.builtin}:${rule.from}:${rule.index}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const h = hit(rule);
        if (h) out.push([rule, h]);
    }
    return out;
}

/** The undecided candidates of `eff` that would grant what the policy forbids. */
function undecidedHits(idx: RbacIndex, eff: Effective, hit: RuleHit): string[] {
    const names = [...new Set(eff.undecided)];
    return names.filter((n) => {
        const e = idx.effective(n);
        return !!e && e.rules.some((r) => hit(r) !== undefined);
    });
}

const quoted = (names: string[]) =>
    names
        .slice(0, MAX_ITEMS)
        .map((n) => `"${n}"`)
        .join(", ") + (names.length > MAX_ITEMS ? ` and ${names.length - MAX_ITEMS} more` : "");

/** The pure check every role-rules policy shares; `hit` is the policy's predicate. */
export function roleRulesFindings(resources: PolicyResource[], hit: RuleHit): Finding[] {
    const idx = new RbacIndex(resources);
    const out: Finding[] = [];
    for (const r of idx.roles) {
        for (const rule of namedRulesOf(r)) {
            const h = hit(rule);
            if (h) out.push({ message: `${who(r)} rules[${rule.index}] ${h}.`, urn: r.urn });
        }
        if (rbacKind(r.type) !== "ClusterRole" || !idx.aggregationOf(r)) continue;
        const eff = idx.effectiveOf(r);
        const own = nameOf(r) ?? r.name;
        const hits = hitsOf(eff, own, hit);
        if (hits.length)
            out.push({
                message: `${who(r)} gets through its aggregationRule: ${summary(hits, own)}.`,
                urn: r.urn,
            });
        const maybe = undecidedHits(idx, eff, hit);
        if (maybe.length)
            out.push({
                message: `${who(r)}: a label or selector is unknown until apply, so whether its aggregationRule pulls in ClusterRole(s) ${quoted(maybe)}, which would fail this policy`,
                urn: r.urn,
                undecided: true,
            });
    }
    for (const b of idx.bindings) {
        const ref = roleRefOf(b);
        if (ref.kind !== "ClusterRole" || ref.name === undefined) continue;
        if (!idx.isBuiltin(ref.name) || coveredElsewhere.has(ref.name)) continue;
        const eff = idx.effective(ref.name)!;
        const scope =
            rbacKind(b.type) === "ClusterRoleBinding"
                ? " (cluster-wide)"
                : ` in namespace "${namespaceOf(b) ?? "(not known until apply)"}"`;
        const hits = hitsOf(eff, undefined, hit);
        if (hits.length)
            out.push({
                message: `${who(b)}${scope} binds built-in ClusterRole "${ref.name}": ${summary(hits, ref.name)}.`,
                urn: b.urn,
            });
        const maybe = undecidedHits(idx, eff, hit);
        if (maybe.length)
            out.push({
                message: `${who(b)}${scope}: a stack ClusterRole's labels are unknown until apply, so whether built-in ClusterRole "${ref.name}" aggregates ClusterRole(s) ${quoted(maybe)}, which would fail this policy`,
                urn: b.urn,
                undecided: true,
            });
    }
    return out;
}

/** A stack policy from a rule predicate (see the file comment). */
export function roleRulesPolicy(spec: RoleRulesSpec): StackPolicy {
    const { hitFor, cel, ...meta } = spec;
    return {
        ...meta,
        ...(cel ? { admission: roleRulesAdmission(cel, hitFor) } : {}),
        kind: "stack",
        check: (resources, config) => roleRulesFindings(resources, hitFor(resources, config)),
    };
}

/**
 * Kubernetes 1.35 authorizes the WebSocket upgrade of pods/exec, pods/attach and pods/portforward as `create`
 * (AuthorizePodWebsocketUpgradeCreatePermission, on by default); before, the upgrade is a GET and `get` on the
 * subresource is enough to exec. True unless every target cluster is known (the stack's EKS cluster, or the
 * policy's `kubernetesVersion` config) to be 1.35 or newer.
 */
export function getReachesPodSubresources(resources: PolicyResource[], config: PolicyConfig): boolean {
    const target = targetVersions(resources, config);
    return target.source === "assumed" || target.versions.some((v) => v < 35);
}

/** The `kubernetesVersion` config of the policies that depend on it. */
export const clusterVersionSchema: Record<string, unknown> = {
    type: "string",
    pattern: "^(v?1\\.(0|[1-9][0-9]*))?$",
    default: "",
    description:
        "Kubernetes version of the target cluster (e.g. 1.34) when the stack has no EKS cluster with a known " +
        "version. Empty: unknown, judged as if older than 1.35 (where `get` on pods/exec is enough to exec).",
};
