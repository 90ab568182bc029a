/**
 * Falco's contribution to the flow catalogue (components/network/platformFlows.ts), which is the only author of the
 * platform's NetworkPolicies: Falco to falcosidekick, their HTTPS egress and Prometheus. Pure.
 */
import { chartPods, Flow, FlowContext, FlowEnd } from "../network/flows";

export function falcoFlows(ctx: FlowContext): Flow[] {
    const { falco, monitoring } = ctx.ns;
    if (!falco) return [];
    const flows: (Flow | false)[] = [];
    const add = (cond: unknown, f: Flow): void => void flows.push(cond ? f : false);
    const prom = (): FlowEnd => ctx.prometheus!;
    const { https: httpsEnd } = ctx;
    add(true, {
        name: "falco-sidekick",
        from: { namespace: falco, pods: chartPods.falco },
        to: { namespace: falco, pods: chartPods.falcosidekick },
        ports: [2801],
        why: "Falco sends events to falcosidekick",
    });
    add(true, {
        name: "falco-egress-https",
        from: {
            namespace: falco,
            pods: {
                matchExpressions: [
                    { key: "app.kubernetes.io/name", operator: "In", values: ["falco", "falcosidekick"] },
                ],
            },
        },
        to: httpsEnd,
        ports: [443],
        why: "falcoctl rule artifacts; falcosidekick outputs (CloudWatch Logs)",
    });
    add(monitoring, {
        name: "prometheus-falco",
        from: prom(),
        to: { namespace: falco, pods: chartPods.falco },
        ports: [8765],
        why: "Prometheus scrapes Falco's metrics",
    });
    add(monitoring, {
        name: "prometheus-falcosidekick",
        from: prom(),
        to: { namespace: falco, pods: chartPods.falcosidekick },
        ports: [2801],
        why: "Prometheus scrapes falcosidekick's /metrics",
    });
    return flows.filter((f): f is Flow => f !== false);
}
