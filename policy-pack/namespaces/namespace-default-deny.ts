/**
 * Every namespace that holds workloads has a default-deny NetworkPolicy for ingress and for egress (CIS EKS
 * 4.3.2, the brief's R4): pods then talk only along the flows that are explicitly allowed.
 *
 * One pass builds two indexes: namespace -> first workload (pod-bearing kinds and Helm releases), and
 * namespace -> {denies ingress, denies egress}. A policy denies a direction when it selects every pod
 * (empty podSelector), lists the direction in policyTypes (defaults as Kubernetes applies them) and has no rule
 * for it. Values unknown during preview never cause a finding: a workload whose namespace is unknown is skipped,
 * and a default-deny policy whose namespace is unknown is assumed to cover any namespace.
 */
import { k8sKind, podBearingKinds } from "../lib/k8s";
import { Finding, PolicyResource, StackPolicy } from "../lib/types";
import { known } from "../lib/unknowns";
import { defaultSystemNamespaces, namespaceIndex } from "./psa-index";

interface Denies {
    ingress: boolean;
    egress: boolean;
}

const podKinds = new Set(podBearingKinds);

/** Which directions a NetworkPolicy denies by default; undefined when unknown during preview. */
export function deniesOf(r: PolicyResource): Denies | undefined {
    return known(() => {
        const spec = r.props.spec ?? {};
        const sel = spec.podSelector ?? {};
        const selectsAll =
            Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
        if (!selectsAll) return { ingress: false, egress: false };
        const ingressRules: unknown[] = spec.ingress ?? [];
        const egressRules: unknown[] = spec.egress ?? [];
        const types: string[] = spec.policyTypes?.length
            ? [...spec.policyTypes]
            : ["Ingress", ...(egressRules.length ? ["Egress"] : [])];
        return {
            ingress: types.includes("Ingress") && ingressRules.length === 0,
            egress: types.includes("Egress") && egressRules.length === 0,
        };
    }, undefined);
}

export const namespaceDefaultDeny: StackPolicy = {
    kind: "stack",
    name: "namespace-default-deny",
    description:
        "Every namespace that holds workloads has a default-deny NetworkPolicy for both ingress and egress.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        "Create the namespace with SecureNamespace (default-deny both ways plus DNS egress), or add a NetworkPolicy " +
        "with podSelector: {} and policyTypes: [Ingress, Egress] and no rules; then allow each needed flow.",
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
        const anywhere: Denies = { ingress: false, egress: false };
        for (const r of resources) {
            const k = k8sKind(r.type);
            if (!k) continue;
            if (k.kind === "NetworkPolicy") {
                const d = deniesOf(r);
                if (!d) continue;
                const ns = known(
                    () => (r.props.metadata?.namespace as string | undefined) ?? "default",
                    undefined,
                );
                const target =
                    ns === undefined ? anywhere : (denies.get(ns) ?? { ingress: false, egress: false });
                target.ingress ||= d.ingress;
                target.egress ||= d.egress;
                if (ns !== undefined) denies.set(ns, target);
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
            // A workload without a namespace is reported by no-default-namespace; an unknown one is skipped.
            if (!ns || system.has(ns)) continue;
            const w = workloads.get(ns);
            if (w) w.count++;
            else workloads.set(ns, { first: r, count: 1 });
        }
        const namespaces = namespaceIndex(resources);
        const out: Finding[] = [];
        for (const [ns, w] of [...workloads.entries()].sort(([a], [b]) => a.localeCompare(b))) {
            const d = denies.get(ns) ?? { ingress: false, egress: false };
            const missing = [
                ...(d.ingress || anywhere.ingress ? [] : ["ingress"]),
                ...(d.egress || anywhere.egress ? [] : ["egress"]),
            ];
            if (!missing.length) continue;
            const entry = namespaces.get(ns);
            out.push({
                message:
                    `Namespace "${ns}" holds ${w.count} workload(s) but has no default-deny NetworkPolicy for ` +
                    `${missing.join(" and ")}.`,
                urn: entry?.declared ? entry.blame.urn : w.first.urn,
            });
        }
        return out;
    },
};
