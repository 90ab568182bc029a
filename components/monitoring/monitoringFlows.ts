/**
 * kube-prometheus-stack's contribution to the flow catalogue (components/network/platformFlows.ts), which is the
 * only author of the platform's NetworkPolicies: the stack's own traffic, the API, nodes, node-exporter, the
 * operator's webhook and CoreDNS' metrics. Pure.
 */
import { chartPods, Flow, FlowContext, FlowEnd } from "../network/flows";

export function monitoringFlows(ctx: FlowContext): Flow[] {
    const { monitoring, nodeExporter } = ctx.ns;
    if (!monitoring) return [];
    const flows: (Flow | false)[] = [];
    const add = (cond: unknown, f: Flow): void => void flows.push(cond ? f : false);
    const prom = (): FlowEnd => ctx.prometheus!;
    const { apiServer: apiEnd, controlPlane } = ctx;
    add(true, {
        name: "monitoring-internal",
        from: { namespace: monitoring, pods: {} },
        to: { namespace: monitoring, pods: {} },
        ports: [],
        why: "Prometheus, Alertmanager, Grafana, kube-state-metrics and the operator talk among themselves",
    });
    add(true, {
        name: "monitoring-kube-api",
        from: { namespace: monitoring, pods: {} },
        to: apiEnd,
        ports: [443],
        why: "service discovery, kube-state-metrics, the operator and Grafana's sidecar read the API",
    });
    add(true, {
        name: "prometheus-nodes",
        from: prom(),
        to: ctx.nodes,
        ports: [10250, 9100],
        why: "kubelet/cAdvisor metrics, and node-exporter on the host network",
    });
    add(true, {
        name: "apiserver-prometheus-operator",
        from: controlPlane,
        to: { namespace: monitoring, pods: chartPods.prometheusOperator },
        ports: [10250],
        why: "the API server calls the operator's admission webhook",
    });
    add(nodeExporter, {
        name: "prometheus-node-exporter",
        from: prom(),
        to: { namespace: nodeExporter as string, pods: chartPods.nodeExporter },
        ports: [9100],
        why: "Prometheus scrapes node-exporter",
    });
    add(true, {
        name: "prometheus-coredns",
        from: prom(),
        to: { namespace: "kube-system", pods: chartPods.coreDns },
        ports: [9153],
        why: "Prometheus scrapes CoreDNS' metrics (the chart's coreDns ServiceMonitor; TargetDown otherwise)",
    });
    return flows.filter((f): f is Flow => f !== false);
}
