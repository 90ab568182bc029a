/**
 * Every namespace that holds workloads has a default-deny NetworkPolicy for ingress and for egress (CIS EKS
 * 4.3.2, the brief's R4): pods then talk only along the flows that are explicitly allowed.
 *
 * One pass builds two indexes: namespace -> first workload (pod-bearing kinds and Helm releases), and
 * namespace -> {denies ingress, denies egress}. A policy denies a direction when it selects every pod
 * (empty podSelector), lists the direction in policyTypes (defaults as Kubernetes applies them) and has no rule
 * for it. A policy that selects every pod and has a rule allowing every peer on every port cancels the
 * default-deny of that direction (Kubernetes unions policies), and is reported. Values unknown during preview
 * never cause a violation and never pass silently: a NetworkPolicy whose namespace or rules are unknown leaves
 * the namespaces it could apply to undecided, which the adapter reports as advisory.
 */
import { k8sIdentity, k8sKind, podBearingKinds } from "../../lib/k8s";
import { Finding, PolicyResource, StackPolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { defaultSystemNamespaces, namespaceIndex } from "./psa-index";

interface Denies {
    ingress: boolean;
    egress: boolean;
}

const podKinds = new Set(podBearingKinds);

type Direction = "ingress" | "egress";
const DIRECTIONS: Direction[] = ["ingress", "egress"];

/** What one NetworkPolicy does to every pod of its namespace, per direction; undefined when unknown during preview. */
interface Effect {
    /** Selects every pod and allows nothing in this direction (a default-deny). */
    denies: Denies;
    /** Selects every pod and allows all traffic in this direction (cancels any default-deny). */
    allowsAll: Denies;
}

/** A rule that allows every peer on every port: no (or empty) `from`/`to` and no (or empty) `ports`. */
function allowsEverything(rule: Record<string, unknown> | null | undefined, peers: "from" | "to"): boolean {
    const p = rule?.[peers] as unknown[] | undefined;
    const ports = rule?.ports as unknown[] | undefined;
    return (!p || p.length === 0) && (!ports || ports.length === 0);
}

/** Which directions a NetworkPolicy denies by default or allows entirely; undefined when unknown during preview. */
export function effectOf(r: PolicyResource): Effect | undefined {
    return known(() => {
        const spec = r.props.spec ?? {};
        const sel = spec.podSelector ?? {};
        const selectsAll =
            Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
        const none = { ingress: false, egress: false };
        if (!selectsAll) return { denies: none, allowsAll: { ...none } };
        const ingressRules: Array<Record<string, unknown>> = spec.ingress ?? [];
        const egressRules: Array<Record<string, unknown>> = spec.egress ?? [];
        const types: string[] = spec.policyTypes?.length
            ? [...spec.policyTypes]
            : ["Ingress", ...(egressRules.length ? ["Egress"] : [])];
        return {
            denies: {
                ingress: types.includes("Ingress") && ingressRules.length === 0,
                egress: types.includes("Egress") && egressRules.length === 0,
            },
            allowsAll: {
                ingress: types.includes("Ingress") && ingressRules.some((x) => allowsEverything(x, "from")),
                egress: types.includes("Egress") && egressRules.some((x) => allowsEverything(x, "to")),
            },
        };
    }, undefined);
}

/** Which directions a NetworkPolicy denies by default; undefined when unknown during preview. */
export function deniesOf(r: PolicyResource): Denies | undefined {
    return effectOf(r)?.denies;
}

export const namespaceDefaultDeny: StackPolicy = {
    kind: "stack",
    name: "namespace-default-deny",
    since: "0.1.0",
    description:
        "Every namespace that holds workloads has a default-deny NetworkPolicy for both ingress and egress.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        "Create the namespace with SecureNamespace (default-deny both ways plus DNS egress), or add a NetworkPolicy " +
        "with podSelector: {} and policyTypes: [Ingress, Egress] and no rules; then allow each needed flow.",
    previewOnly:
        "it judges a namespace by the NetworkPolicies and workloads it holds: several objects of the stack at once, while admission sees one object",
    frameworks: { cisEks: ["4.3.2"], nsa: "Network policies: default deny", brief: ["R4", "F4", "C2", "Q8"] },
    configSchema: {
        systemNamespaces: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: defaultSystemNamespaces,
            description: "Namespaces managed by the control plane or EKS add-ons, which this policy skips.",
        },
    },
    check(resources, config) {
        const system = new Set<string>(config.systemNamespaces ?? defaultSystemNamespaces);
        const workloads = new Map<string, { first: PolicyResource; count: number }>();
        const denies = new Map<string, Denies>();
        const allowAll = new Map<string, Map<Direction, PolicyResource>>();
        /** NetworkPolicies whose namespace (undefined: unknown) or effect is unknown during preview. */
        const undecided: Array<{ ns: string | undefined; r: PolicyResource }> = [];
        for (const r of resources) {
            const k = k8sKind(r.type);
            if (!k) continue;
            if (k.kind === "NetworkPolicy") {
                const UNKNOWN_NS = "\u0000unknown";
                const ns = known(
                    () => (r.props.metadata?.namespace as string | undefined) || "default",
                    UNKNOWN_NS,
                );
                const e = effectOf(r);
                // An unknown namespace or effect never counts for any namespace: it leaves the namespaces it
                // could be in undecided (reported as advisory below).
                if (ns === UNKNOWN_NS || !e) {
                    undecided.push({ ns: ns === UNKNOWN_NS ? undefined : ns, r });
                    continue;
                }
                const target = denies.get(ns) ?? { ingress: false, egress: false };
                target.ingress ||= e.denies.ingress;
                target.egress ||= e.denies.egress;
                denies.set(ns, target);
                for (const dir of DIRECTIONS)
                    if (e.allowsAll[dir]) {
                        const m = allowAll.get(ns) ?? new Map<Direction, PolicyResource>();
                        if (!m.has(dir)) m.set(dir, r);
                        allowAll.set(ns, m);
                    }
                continue;
            }
            const holdsPods = podKinds.has(k.kind) || (k.group === "helm.sh" && k.kind === "Release");
            if (!holdsPods) continue;
            const ns = known(
                () =>
                    k.kind === "Release"
                        ? (r.props.namespace as string | undefined)
                        : (r.props.metadata?.namespace as string | undefined),
                "",
            );
            // A workload without a namespace is reported by no-default-namespace; an unknown one is reported as
            // not verified by the adapter (it read an unknown value).
            if (!ns || system.has(ns)) continue;
            const w = workloads.get(ns);
            if (w) w.count++;
            else workloads.set(ns, { first: r, count: 1 });
        }
        const namespaces = namespaceIndex(resources);
        const out: Finding[] = [];
        for (const [ns, w] of [...workloads.entries()].sort(([a], [b]) => a.localeCompare(b))) {
            const d = denies.get(ns) ?? { ingress: false, egress: false };
            const entry = namespaces.get(ns);
            const urn = entry?.declared ? entry.blame.urn : w.first.urn;
            const missing = DIRECTIONS.filter((dir) => !d[dir]);
            const cancelled = DIRECTIONS.filter((dir) => d[dir] && allowAll.get(ns)?.has(dir));
            const maybe = undecided.filter((u) => u.ns === undefined || u.ns === ns);
            if (missing.length) {
                const message =
                    `Namespace "${ns}" holds ${w.count} workload(s) but has no default-deny NetworkPolicy for ` +
                    `${missing.join(" and ")}`;
                if (maybe.length)
                    out.push({
                        message:
                            `${message} unless ${maybe.map((u) => `NetworkPolicy "${u.r.name}"`).join(", ")} ` +
                            "(namespace or rules unknown until apply) provides it",
                        urn,
                        undecided: true,
                    });
                else out.push({ message: `${message}.`, urn });
            }
            for (const dir of cancelled) {
                const by = allowAll.get(ns)!.get(dir)!;
                out.push({
                    message:
                        `Namespace "${ns}" has a default-deny NetworkPolicy for ${dir}, but NetworkPolicy ` +
                        `"${k8sIdentity(by).name}" selects every pod and allows all ${dir}, which cancels it.`,
                    urn: by.urn,
                });
            }
        }
        return out;
    },
};
