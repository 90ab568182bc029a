/**
 * The platform's pod inventory: the pods the charts run (Helm renders them in the cluster, so they are not in the
 * stack's state), with their real labels and container ports, for the reachability matrix
 * (`npm run guard -- --reachability`). Pure.
 */
import type { Protocol } from "../../lib/network";
import { harborContainerPorts } from "../registry/harborValues";
import { chartPods } from "./flows";
import { PlatformFlowArgs, platformDefaults, platformNamespaces } from "./platformFlows";
import { Labels } from "./types";

/** A chart pod as the reachability analysis takes it (`extraWorkloads`): Helm renders pods in the cluster, not in state. */
export interface InventoryPod {
    id: string;
    namespace: string;
    labels: Labels;
    ports: { port: number; protocol: Protocol; name?: string }[];
    hostNetwork?: boolean;
}

/** The pods the charts run, with their real labels and container ports, for the platform's reachability matrix. */
export function platformWorkloads(
    args: Pick<PlatformFlowArgs, "namespaces" | "harborInternalTLS">,
): InventoryPod[] {
    const ns = platformNamespaces(args);
    const hp = harborContainerPorts(args.harborInternalTLS ?? platformDefaults.harborInternalTLS);
    const tcp = (...ports: number[]) => ports.map((port) => ({ port, protocol: "TCP" as const }));
    const out: InventoryPod[] = [];
    if (ns.vault) {
        out.push({
            id: `${ns.vault}/StatefulSet/vault`,
            namespace: ns.vault,
            labels: { ...chartPods.vaultServer, "app.kubernetes.io/instance": "vault" },
            ports: tcp(8200, 8201, 8202),
        });
        out.push({
            id: `${ns.vault}/Deployment/vault-agent-injector`,
            namespace: ns.vault,
            labels: {
                ...chartPods.vaultInjector,
                "app.kubernetes.io/instance": "vault",
                component: "webhook",
            },
            ports: tcp(8080),
        });
    }
    if (ns.harbor) {
        const comp: [string, number[]][] = [
            ["core", [hp.core, hp.metrics]],
            ["portal", [hp.portal]],
            ["registry", [hp.registry, hp.registryctl, hp.metrics]],
            ["jobservice", [hp.jobservice, hp.metrics]],
            ["trivy", [hp.trivy]],
            ["database", [hp.database]],
            ["redis", [hp.redis]],
            ["exporter", [hp.metrics]],
        ];
        for (const [c, ports] of comp)
            out.push({
                id: `${ns.harbor}/harbor-${c}`,
                namespace: ns.harbor,
                labels: { app: "harbor", release: "harbor", component: c },
                ports: tcp(...new Set(ports)),
            });
    }
    if (ns.falco) {
        out.push({
            id: `${ns.falco}/DaemonSet/falco`,
            namespace: ns.falco,
            labels: { ...chartPods.falco, "app.kubernetes.io/instance": "falco" },
            ports: tcp(8765),
        });
        out.push({
            id: `${ns.falco}/Deployment/falcosidekick`,
            namespace: ns.falco,
            labels: { ...chartPods.falcosidekick, "app.kubernetes.io/instance": "falco" },
            ports: tcp(2801),
        });
    }
    if (ns.trivy) {
        out.push({
            id: `${ns.trivy}/Deployment/trivy-operator`,
            namespace: ns.trivy,
            labels: { ...chartPods.trivyOperator, "app.kubernetes.io/instance": "trivy-operator" },
            ports: tcp(8080),
        });
        out.push({
            id: `${ns.trivy}/Job/scan-vulnerabilityreport`,
            namespace: ns.trivy,
            labels: { ...chartPods.trivyScanJobs, "vulnerabilityReport.scanner": "Trivy" },
            ports: [],
        });
    }
    if (ns.monitoring) {
        out.push({
            id: `${ns.monitoring}/StatefulSet/prometheus`,
            namespace: ns.monitoring,
            labels: { ...chartPods.prometheus, "app.kubernetes.io/managed-by": "prometheus-operator" },
            ports: tcp(9090, 8080),
        });
        out.push({
            id: `${ns.monitoring}/Deployment/operator`,
            namespace: ns.monitoring,
            labels: { ...chartPods.prometheusOperator, app: "kube-prometheus-stack-operator" },
            ports: tcp(10250),
        });
        out.push({
            id: `${ns.monitoring}/Deployment/grafana`,
            namespace: ns.monitoring,
            labels: { "app.kubernetes.io/name": "grafana" },
            ports: tcp(3000),
        });
        out.push({
            id: `${ns.monitoring}/Deployment/kube-state-metrics`,
            namespace: ns.monitoring,
            labels: { "app.kubernetes.io/name": "kube-state-metrics" },
            ports: tcp(8080),
        });
    }
    if (ns.nodeExporter)
        out.push({
            id: `${ns.nodeExporter}/DaemonSet/node-exporter`,
            namespace: ns.nodeExporter,
            labels: { ...chartPods.nodeExporter },
            ports: tcp(9100),
            hostNetwork: true,
        });
    if (ns.kubeBench)
        out.push({
            id: `${ns.kubeBench}/CronJob/kube-bench`,
            namespace: ns.kubeBench,
            labels: { "app.kubernetes.io/name": "kube-bench" },
            ports: [],
        });
    return out;
}
