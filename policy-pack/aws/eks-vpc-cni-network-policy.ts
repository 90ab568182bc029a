/**
 * The Amazon VPC CNI enforces NetworkPolicies only when its add-on configuration sets enableNetworkPolicy;
 * without it, every NetworkPolicy is stored and silently ignored (CIS EKS 4.3.1, 5.4.4; the brief's R4).
 *
 * Stack policy, built in one pass: clusters by `name`, and vpc-cni add-ons by `clusterName`. An add-on's
 * clusterName is an Output of the cluster's name; during preview it is the cluster's name input when that is
 * known. When a cluster's name or an add-on's clusterName is unknown, the policy cannot pair them through
 * dependencies (a pure check does not see them), so: with exactly one cluster in the stack, every vpc-cni
 * add-on whose cluster is unknown belongs to it; with several, a cluster that cannot be paired is given the
 * benefit of the doubt when an unpaired vpc-cni add-on exists, and fails otherwise. An unknown
 * configurationValues never fails.
 */
import { Finding, PolicyResource, StackPolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { COMPUTED, who } from "./common";
import { previewOnlyReasons } from "../lib/admission";

/** What an add-on's configurationValues say about network policy: on, off, or unknown during preview. */
export function networkPolicyEnabled(r: PolicyResource): boolean | typeof COMPUTED {
    const raw = known<unknown>(() => r.props.configurationValues, COMPUTED);
    if (raw === COMPUTED) return COMPUTED;
    if (raw === undefined || raw === null || raw === "") return false;
    let cfg: unknown = raw;
    if (typeof raw === "string") {
        try {
            cfg = JSON.parse(raw);
        } catch {
            return false;
        }
    }
    const v = (cfg as { enableNetworkPolicy?: unknown } | null)?.enableNetworkPolicy;
    return v === true || v === "true";
}

export const eksVpcCniNetworkPolicy: StackPolicy = {
    kind: "stack",
    name: "eks-vpc-cni-network-policy",
    since: "0.1.0",
    description:
        "Every EKS cluster has a vpc-cni add-on whose configurationValues set enableNetworkPolicy, so NetworkPolicies are enforced.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        'Add aws.eks.Addon { clusterName, addonName: "vpc-cni", configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }) } ' +
        "(HardenedCluster does this).",
    previewOnly: previewOnlyReasons.aws,
    frameworks: {
        cisEks: ["4.3.1", "5.4.4"],
        nsa: "Network policies must be enforced",
        brief: ["R4", "F4", "C2"],
    },
    check(resources) {
        const clusters: Array<{ r: PolicyResource; name: string | undefined }> = [];
        const byCluster = new Map<string, Array<boolean | typeof COMPUTED>>();
        const unpaired: Array<boolean | typeof COMPUTED> = [];
        for (const r of resources) {
            if (r.type === "aws:eks/cluster:Cluster") {
                clusters.push({ r, name: known(() => r.props.name as string | undefined, undefined) });
            } else if (r.type === "aws:eks/addon:Addon") {
                if (known(() => r.props.addonName as string | undefined, undefined) !== "vpc-cni") continue;
                const state = networkPolicyEnabled(r);
                const cluster = known(() => r.props.clusterName as string | undefined, undefined);
                if (cluster === undefined) unpaired.push(state);
                else byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), state]);
            }
        }
        const knownNames = new Set(clusters.map((c) => c.name).filter((n): n is string => !!n));
        // Add-ons naming a cluster that is not (or not knowably) in the stack are candidates for unknown-name clusters.
        for (const [name, states] of byCluster) if (!knownNames.has(name)) unpaired.push(...states);
        const out: Finding[] = [];
        for (const c of clusters) {
            let states = c.name ? (byCluster.get(c.name) ?? []) : [];
            if (clusters.length === 1) states = [...states, ...unpaired];
            else if (!states.length && unpaired.length) continue; // cannot pair during preview: benefit of the doubt
            if (!states.length)
                out.push({
                    message: `${who(c.r)} has no vpc-cni add-on, so NetworkPolicies are not enforced.`,
                    urn: c.r.urn,
                });
            else if (!states.some((s) => s === true || s === COMPUTED))
                out.push({
                    message: `${who(c.r)}'s vpc-cni add-on does not set enableNetworkPolicy in configurationValues, so NetworkPolicies are not enforced.`,
                    urn: c.r.urn,
                });
        }
        return out;
    },
};
