/**
 * The generator of the flow catalogue: each flow becomes NetworkPolicies on both ends (an egress policy at the
 * source, an ingress policy at the destination), because both must allow a connection. The catalogue itself is
 * platformFlows.ts, with one contributor file per add-on (vaultFlows, harborFlows, ...). Pure.
 */
import { PodRef, allowFrom, allowFromCidrs, allowTo, allowToCidrs, networkPolicy } from "./builder";
import { Flow, FlowEnd } from "./flows";
import { LabelSelector, NetworkPolicyManifest } from "./types";

function peerEnd(end: FlowEnd): { ns?: string | LabelSelector; pods?: PodRef } {
    if ("namespace" in end) return { ns: end.namespace, pods: end.pods };
    if ("namespaceLabels" in end) return { ns: { matchLabels: end.namespaceLabels }, pods: end.pods };
    return {};
}

function policyName(flow: string, suffix: string): string {
    return `flow-${flow}`.slice(0, 63 - suffix.length) + suffix;
}

/**
 * NetworkPolicies for `flows`: an ingress policy in the destination's namespace and an egress policy in the source's
 * namespace, for each end that is a namespace in `managed` (others, e.g. app namespaces, manage their own side).
 */
export function flowPolicies(flows: Flow[], managed: string[]): NetworkPolicyManifest[] {
    const out: NetworkPolicyManifest[] = [];
    const labels = { "blueprint.io/flow": "" };
    for (const f of flows) {
        const l = { ...labels, "blueprint.io/flow": f.name };
        if ("namespace" in f.to && managed.includes(f.to.namespace)) {
            const rule =
                "cidrs" in f.from
                    ? allowFromCidrs(f.from.cidrs, f.ports)
                    : allowFrom(peerEnd(f.from).ns, peerEnd(f.from).pods, f.ports);
            out.push(
                networkPolicy(
                    policyName(f.name, "-in"),
                    f.to.namespace,
                    f.to.pods ?? {},
                    { ingress: [rule] },
                    l,
                ),
            );
        }
        if ("namespace" in f.from && managed.includes(f.from.namespace)) {
            const rule =
                "cidrs" in f.to
                    ? allowToCidrs(f.to.cidrs, f.ports)
                    : allowTo(peerEnd(f.to).ns, peerEnd(f.to).pods, f.ports);
            out.push(
                networkPolicy(
                    policyName(f.name, "-out"),
                    f.from.namespace,
                    f.from.pods ?? {},
                    { egress: [rule] },
                    l,
                ),
            );
        }
    }
    return out;
}
