/**
 * kube-hunter's contribution to the flow catalogue (components/network/platformFlows.ts), which is the only author
 * of the platform's NetworkPolicies. A penetration test that can reach nothing proves nothing: it may probe the
 * API server (the `kubernetes` Service VIP and the control-plane ENIs, 443) and the kubelets on the nodes
 * (10250, read-only 10255), as a compromised pod could; its namespace stays default-deny for everything else. Pure.
 */
import { Flow, FlowContext, chartPods } from "../network/flows";

export function kubeHunterFlows(ctx: FlowContext): Flow[] {
    const ns = ctx.ns.kubeHunter;
    if (!ns) return [];
    const from = { namespace: ns, pods: chartPods.kubeHunter };
    return [
        {
            name: "kube-hunter-api",
            from,
            to: ctx.apiServer,
            ports: [443],
            why: "kube-hunter probes the API server as a compromised pod would",
        },
        {
            name: "kube-hunter-kubelets",
            from,
            to: ctx.nodes,
            ports: [10250, 10255],
            why: "kube-hunter probes the kubelets' APIs on the nodes",
        },
    ];
}
