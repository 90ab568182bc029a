/**
 * The vocabulary of the flow catalogue, shared by the catalogue (platformFlows.ts) and by the components that
 * contribute flows to it (Harbor in registry/harborValues.ts, trivy-operator in scanning/trivyOperatorValues.ts,
 * kube-hunter in compliance/kubeHunterFlows.ts). The catalogue is the ONLY author of the platform's
 * NetworkPolicies: a component never registers a NetworkPolicy of its own, it returns `Flow`s from a pure
 * function that the catalogue calls with a `FlowContext`. (NetworkPolicies add up, so a second author's looser
 * rule would silently win.)
 *
 * Pure: no Pulumi, no I/O.
 */
import { PodRef, PortInput } from "./builder";
import { IPBlock, LabelSelector, Labels } from "./types";

/** Namespace names of the add-ons; `false` = not deployed (its flows are dropped). */
export interface PlatformNamespaces {
    /** Vault. Default "vault". */
    vault: string | false;
    /** Harbor. Default "harbor". */
    harbor: string | false;
    /** Falco and falcosidekick. Default "falco". */
    falco: string | false;
    /** kube-prometheus-stack (Prometheus, Alertmanager, Grafana, operator, kube-state-metrics). Default "monitoring". */
    monitoring: string | false;
    /** trivy-operator and its scan jobs. Default "trivy-system". */
    trivy: string | false;
    /** kube-bench jobs (no network needs besides DNS). Default "kube-bench". */
    kubeBench: string | false;
    /** prometheus-node-exporter, split out of monitoring because it is privileged. Default "node-exporter". */
    nodeExporter: string | false;
    /** kube-hunter (optional, off by default): probes the API server and the kubelets. Default false. */
    kubeHunter: string | false;
}

/** One end of a flow: pods of one namespace, pods of every namespace with some labels, or outside addresses. */
export type FlowEnd =
    | { namespace: string; pods?: PodRef }
    | { namespaceLabels: Labels; pods?: PodRef }
    | { cidrs: IPBlock[]; what: string };

/** An intended flow: `from` may open connections to `to` on `ports` (empty = every port). */
export interface Flow {
    /** DNS-label-safe name; becomes `flow-<name>-in` / `flow-<name>-out` NetworkPolicies. */
    name: string;
    from: FlowEnd;
    to: FlowEnd;
    ports: PortInput[];
    /** Why the platform needs it. */
    why: string;
}

/** What a contributor needs to write its flows: resolved namespaces and the shared outside ends. */
export interface FlowContext {
    ns: PlatformNamespaces;
    /**
     * The API server as a DESTINATION: the `kubernetes` Service's ClusterIP (/32; the VPC CNI checks egress before
     * the ClusterIP is translated) and its endpoints, the control plane's ENIs in the cluster network. Port 443.
     */
    apiServer: FlowEnd;
    /** The API server as a SOURCE (it calls admission webhooks): the control plane's ENIs in the cluster network. */
    controlPlane: FlowEnd;
    /** Node addresses (kubelet 10250/10255, hostNetwork pods). */
    nodes: FlowEnd;
    /** Public HTTPS: anywhere except private ranges and link-local (not the instance-metadata service). */
    https: FlowEnd;
    /** Prometheus' pods, when monitoring is deployed (scrape flows start here); undefined otherwise. */
    prometheus?: FlowEnd;
}

/** The charts' pod labels (see the comment of platformFlows.ts). */
export const chartPods = {
    vaultServer: { "app.kubernetes.io/name": "vault", component: "server" },
    vaultInjector: { "app.kubernetes.io/name": "vault-agent-injector" },
    harbor: (...components: string[]): LabelSelector =>
        components.length === 1
            ? { matchLabels: { app: "harbor", component: components[0] } }
            : {
                  matchLabels: { app: "harbor" },
                  matchExpressions: [{ key: "component", operator: "In", values: components }],
              },
    falco: { "app.kubernetes.io/name": "falco" },
    falcosidekick: { "app.kubernetes.io/name": "falcosidekick" },
    trivyOperator: { "app.kubernetes.io/name": "trivy-operator" },
    trivyScanJobs: { "app.kubernetes.io/managed-by": "trivy-operator" },
    prometheus: { "app.kubernetes.io/name": "prometheus" },
    prometheusOperator: { "app.kubernetes.io/component": "prometheus-operator" },
    nodeExporter: { "app.kubernetes.io/name": "prometheus-node-exporter" },
    kubeHunter: { "app.kubernetes.io/name": "kube-hunter" },
    /** CoreDNS on EKS and kubeadm clusters keeps the historical `k8s-app: kube-dns` label. */
    coreDns: { "k8s-app": "kube-dns" },
};
