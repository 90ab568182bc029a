/**
 * The differential check of issue 20: the real engine's `pulumi preview --policy-pack` against the guard, on the
 * same program, stack name and config. Pure functions; the e2e test feeds them the engine's event log and the
 * guard's `--json`, and a Node-only unit test (test/e2e/engine-diff.test.ts) pins their verdicts.
 *
 * Compared: the set of URNs with each resource's type and parent, and the violations as (policy, URN, level).
 * Every difference is reported unless one of ALLOWED_DIFFERENCES explains it; each carries its reason.
 */
import { EngineEvent } from "./engine";

export interface ResourceRow {
    urn: string;
    type: string;
    parent?: string;
}

export interface ViolationRow {
    policy: string;
    urn: string;
    level: string;
    /** The policy pack's name, or the guard itself for its own findings. */
    pack: string;
    /** The guard's message (its own checks, e.g. the exemption audit, are told apart by it). */
    message?: string;
}

export interface Side {
    resources: ResourceRow[];
    violations: ViolationRow[];
}

export interface Difference {
    kind: "resource only in guard" | "resource only in engine" | "type or parent differs" | "violation only in guard" | "violation only in engine"; // prettier-ignore
    key: string;
    detail: string;
    /** The reason, when an allowed difference explains it. */
    allowed?: string;
}

export interface AllowedDifference {
    kind: Difference["kind"];
    /** Matches the difference (resource or violation of that side). */
    matches(d: { resource?: ResourceRow; violation?: ViolationRow; guard: Side; packName: string }): boolean;
    reason: string;
}

const release = (t: string | undefined) =>
    t === "kubernetes:helm.sh/v3:Release" || t === "kubernetes:helm.sh/v4:Chart";

/** True when a parent up the chain is a Helm release (the guard's rendered children). */
function underRelease(r: ResourceRow, byUrn: Map<string, ResourceRow>): boolean {
    for (let p = r.parent; p; p = byUrn.get(p)?.parent) if (release(byUrn.get(p)?.type)) return true;
    return false;
}

export const ALLOWED_DIFFERENCES: AllowedDifference[] = [
    {
        kind: "resource only in guard",
        matches: ({ resource, guard }) =>
            !!resource && underRelease(resource, new Map(guard.resources.map((r) => [r.urn, r]))),
        reason:
            "The guard renders each Helm release (issue 14) into child resources so the pack sees the charts' objects; " +
            "in the real engine a helm.sh/v3 Release is one opaque resource with no children.",
    },
    {
        kind: "violation only in guard",
        matches: ({ violation, packName }) => !!violation && violation.pack !== packName,
        reason:
            "Findings of the guard itself (e.g. 'not analyzed: <urn>' for a release it could not render), not of the " +
            "policy pack; the real CLI has no such check.",
    },
    {
        kind: "violation only in guard",
        matches: ({ violation, packName }) =>
            !!violation && violation.pack === packName && /^Unused exemption\n/.test(violation.message ?? ""),
        reason:
            "The guard's own exemption audit (guard/exemption-audit.ts) reports, under the exemption's policy, an " +
            "exemption that matches no resource of the stack; the policy pack itself does not, so the real CLI never does.",
    },
    {
        kind: "violation only in guard",
        matches: ({ violation, guard }) => {
            if (!violation) return false;
            const byUrn = new Map(guard.resources.map((r) => [r.urn, r]));
            const r = byUrn.get(violation.urn);
            return !!r && underRelease(r, byUrn);
        },
        reason:
            "Violations on the guard's rendered chart objects: the real engine never shows those objects to the pack " +
            "(the release is opaque), which is exactly the gap the guard's rendering closes.",
    },
];

/** The engine's side, from `pulumi preview --event-log`: one row per resourcePreEvent, violations per policyEvent. */
export function engineSide(events: EngineEvent[]): Side {
    const resources = new Map<string, ResourceRow>();
    const violations: ViolationRow[] = [];
    for (const e of events) {
        const m = e.resourcePreEvent?.metadata;
        if (m && m.op !== "delete" && m.op !== "discard")
            resources.set(m.urn, {
                urn: m.urn,
                type: m.new?.type ?? m.type,
                parent: m.new?.parent || undefined,
            });
        const p = e.policyEvent;
        if (p)
            violations.push({ policy: p.policyName, urn: p.resourceUrn ?? "", level: p.enforcementLevel, pack: p.policyPackName }); // prettier-ignore
    }
    return { resources: [...resources.values()], violations };
}

/** The guard's side, from its `--json` document. */
export function guardSide(doc: {
    resources: { urn: string; type: string; parent?: string }[];
    violations: { policy: string; urn?: string; level: string; policyPack: string; message?: string }[];
}): Side {
    return {
        resources: doc.resources.map((r) => ({ urn: r.urn, type: r.type, parent: r.parent || undefined })),
        violations: doc.violations.map((v) => ({ policy: v.policy, urn: v.urn ?? "", level: v.level, pack: v.policyPack, message: v.message })), // prettier-ignore
    };
}

const vkey = (v: ViolationRow) => `${v.policy} ${v.level} ${v.urn}`;

/** Every difference between the two sides, each marked with the allowed difference that explains it, if any. */
export function compareSides(engine: Side, guard: Side, packName: string): Difference[] {
    const out: Difference[] = [];
    const allow = (d: Difference, ctx: { resource?: ResourceRow; violation?: ViolationRow }): Difference => {
        const a = ALLOWED_DIFFERENCES.find(
            (x) => x.kind === d.kind && x.matches({ ...ctx, guard, packName }),
        );
        return a ? { ...d, allowed: a.reason } : d;
    };
    const eByUrn = new Map(engine.resources.map((r) => [r.urn, r]));
    const gByUrn = new Map(guard.resources.map((r) => [r.urn, r]));
    for (const g of guard.resources) {
        const e = eByUrn.get(g.urn);
        if (!e)
            out.push(allow({ kind: "resource only in guard", key: g.urn, detail: g.type }, { resource: g }));
        else if (e.type !== g.type || (e.parent ?? "") !== (g.parent ?? ""))
            out.push(
                allow(
                    {
                        kind: "type or parent differs",
                        key: g.urn,
                        detail: `engine ${e.type} under ${e.parent ?? "-"}, guard ${g.type} under ${g.parent ?? "-"}`,
                    },
                    { resource: g },
                ),
            );
    }
    for (const e of engine.resources)
        if (!gByUrn.has(e.urn))
            out.push(allow({ kind: "resource only in engine", key: e.urn, detail: e.type }, { resource: e }));
    const eV = new Map(engine.violations.map((v) => [vkey(v), v]));
    const gV = new Map(guard.violations.map((v) => [vkey(v), v]));
    for (const [k, v] of gV)
        if (!eV.has(k))
            out.push(allow({ kind: "violation only in guard", key: k, detail: v.pack }, { violation: v }));
    for (const [k, v] of eV)
        if (!gV.has(k))
            out.push(allow({ kind: "violation only in engine", key: k, detail: v.pack }, { violation: v }));
    return out;
}

/** One line per difference, allowed ones with their reason. */
export function differenceLines(diffs: Difference[]): string[] {
    return diffs.map((d) => `${d.allowed ? "allowed" : "DIFFERENCE"}: ${d.kind}: ${d.key} (${d.detail})${d.allowed ? ` -- ${d.allowed}` : ""}`); // prettier-ignore
}
