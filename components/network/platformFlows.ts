/**
 * The platform's intended network flows, as data. Every add-on namespace is default-deny (SecureNamespace); these
 * flows are the only allowances, and `flowPolicies()` turns each into NetworkPolicies on both ends (egress at the
 * source, ingress at the destination), because both must allow a connection.
 *
 * Pod labels are the charts' real pod-template labels (../shared/charts, pinned versions):
 * - vault 0.34.1: server `app.kubernetes.io/name: vault, component: server`; injector `app.kubernetes.io/name: vault-agent-injector`
 *   (webhook container port 8080);
 * - harbor 1.19.1: `app: harbor, component: core|portal|registry|jobservice|trivy|database|redis|exporter`
 *   (registry and registryctl share the registry pod); container ports depend on internalTLS;
 * - falco 9.1.0: `app.kubernetes.io/name: falco` (webserver/metrics 8765); falcosidekick 0.12.1: `app.kubernetes.io/name: falcosidekick` (2801);
 * - trivy-operator 0.34.0: `app.kubernetes.io/name: trivy-operator` (metrics 8080); scan jobs `app.kubernetes.io/managed-by: trivy-operator`;
 * - kube-prometheus-stack 88.5.3: Prometheus `app.kubernetes.io/name: prometheus`; operator
 *   `app.kubernetes.io/component: prometheus-operator` (webhook 10250); node-exporter `app.kubernetes.io/name: prometheus-node-exporter` (9100).
 */
import { parseCidr } from "../../analysis/cidr";
import {
    PodRef,
    PortInput,
    allowFrom,
    allowFromCidrs,
    allowTo,
    allowToCidrs,
    isDnsLabel,
    networkPolicy,
} from "./builder";
import { IPBlock, LabelSelector, Labels, NetworkPolicyManifest } from "./types";

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
}

/** Arguments of the flow catalogue. */
export interface PlatformFlowArgs {
    /**
     * Where the API server's requests come from: on EKS the control plane reaches webhooks from its cross-account
     * ENIs in the cluster VPC, and the `kubernetes` Service endpoints are those ENIs, so use the VPC CIDR(s).
     */
    controlPlaneCidrs: string[];
    /** Node addresses (kubelet 10250, hostNetwork node-exporter 9100). Default: `controlPlaneCidrs`. */
    nodeCidrs?: string[];
    /** Add-on namespaces. Defaults in `platformDefaults.namespaces`. */
    namespaces?: Partial<PlatformNamespaces>;
    /** Harbor's `internalTLS.enabled` (decides its container ports). Default true. */
    harborInternalTLS?: boolean;
    /**
     * Where Harbor's ingress traffic comes from: an in-cluster ingress controller (namespace + pod labels), or
     * load-balancer addresses (an AWS ALB in IP mode sends from its ENIs in the VPC). Default ingress-nginx.
     */
    ingressFrom?: { namespace: string; pods: Labels } | { cidrs: string[] };
    /**
     * Destinations of the components' outbound HTTPS (AWS KMS, CloudWatch, vulnerability databases, falcoctl
     * artifacts). Default: anywhere except private ranges and link-local (so not the instance-metadata service,
     * brief R2). Add VPC-endpoint subnets here if AWS APIs are reached through interface endpoints.
     */
    externalHttps?: IPBlock[];
}

/** Defaults, in one place. */
export const platformDefaults = {
    namespaces: {
        vault: "vault",
        harbor: "harbor",
        falco: "falco",
        monitoring: "monitoring",
        trivy: "trivy-system",
        kubeBench: "kube-bench",
        nodeExporter: "node-exporter",
    } as PlatformNamespaces,
    harborInternalTLS: true,
    ingressFrom: { namespace: "ingress-nginx", pods: { "app.kubernetes.io/name": "ingress-nginx" } },
    externalHttps: [
        {
            cidr: "0.0.0.0/0",
            except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"],
        },
    ] as IPBlock[],
};

/** The charts' pod labels (see the file comment). */
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
};

/** The namespace label of app namespaces that may reach Vault (set by SecureNamespace's `vaultClient`). */
export const vaultClientNamespaces: Labels = { "blueprint.io/vault-client": "true" };

/** Harbor container ports for internalTLS on/off (harbor-helm `_helpers.tpl`). */
export function harborPorts(internalTLS: boolean) {
    return internalTLS
        ? {
              core: 8443,
              portal: 8443,
              registry: 5443,
              registryctl: 8443,
              jobservice: 8443,
              trivy: 8443,
              database: 5432,
              redis: 6379,
              metrics: 8001,
          }
        : {
              core: 8080,
              portal: 8080,
              registry: 5000,
              registryctl: 8080,
              jobservice: 8080,
              trivy: 8080,
              database: 5432,
              redis: 6379,
              metrics: 8001,
          };
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

/** Every problem with `args`, one line each. */
export function validatePlatformFlowArgs(args: PlatformFlowArgs): string[] {
    const p: string[] = [];
    const cidrs = (key: string, list: string[] | undefined, required: boolean): void => {
        if (!list || list.length === 0) {
            if (required)
                p.push(
                    `PlatformNetworkPolicies: ${key} must list at least one CIDR (the cluster VPC CIDR on EKS)`,
                );
            return;
        }
        for (const c of list)
            if (!parseCidr(c))
                p.push(`PlatformNetworkPolicies: ${key} "${c}" is not a CIDR (e.g. 10.0.0.0/16)`);
    };
    cidrs("controlPlaneCidrs", args.controlPlaneCidrs, true);
    cidrs("nodeCidrs", args.nodeCidrs, false);
    if (args.ingressFrom && "cidrs" in args.ingressFrom)
        cidrs("ingressFrom.cidrs", args.ingressFrom.cidrs, true);
    if (args.ingressFrom && "namespace" in args.ingressFrom && !isDnsLabel(args.ingressFrom.namespace))
        p.push(
            `PlatformNetworkPolicies: ingressFrom.namespace "${args.ingressFrom.namespace}" is not a namespace name`,
        );
    for (const b of args.externalHttps ?? []) {
        cidrs("externalHttps.cidr", [b.cidr], true);
        cidrs("externalHttps.except", b.except, false);
    }
    for (const [k, v] of Object.entries(args.namespaces ?? {}))
        if (v !== false && (typeof v !== "string" || !isDnsLabel(v)))
            p.push(
                `PlatformNetworkPolicies: namespaces.${k} "${String(v)}" is not a namespace name (or false)`,
            );
    return p;
}

/** The resolved namespaces. */
export function platformNamespaces(args: Pick<PlatformFlowArgs, "namespaces">): PlatformNamespaces {
    return { ...platformDefaults.namespaces, ...(args.namespaces ?? {}) };
}

/** The platform's intended flows, for the add-ons that are deployed. */
export function platformFlows(args: PlatformFlowArgs): Flow[] {
    const ns = platformNamespaces(args);
    const api: IPBlock[] = args.controlPlaneCidrs.map((cidr) => ({ cidr }));
    const nodes: IPBlock[] = (args.nodeCidrs ?? args.controlPlaneCidrs).map((cidr) => ({ cidr }));
    const https = args.externalHttps ?? platformDefaults.externalHttps;
    const hp = harborPorts(args.harborInternalTLS ?? platformDefaults.harborInternalTLS);
    const ingress = args.ingressFrom ?? platformDefaults.ingressFrom;
    const apiEnd: FlowEnd = { cidrs: api, what: "API server" };
    const httpsEnd: FlowEnd = { cidrs: https, what: "outside HTTPS" };
    const prom = (): FlowEnd => ({ namespace: ns.monitoring as string, pods: chartPods.prometheus });
    const flows: (Flow | false)[] = [];
    const add = (cond: unknown, f: Flow): void => void flows.push(cond ? f : false);
    const { vault, harbor, falco, monitoring, trivy, nodeExporter } = ns;

    // Vault
    if (vault) {
        const server = { namespace: vault, pods: chartPods.vaultServer };
        add(true, {
            name: "apiserver-vault-injector",
            from: apiEnd,
            to: { namespace: vault, pods: chartPods.vaultInjector },
            ports: [8080],
            why: "the API server calls the injector's mutating webhook",
        });
        add(true, {
            name: "vault-clients",
            from: { namespaceLabels: vaultClientNamespaces },
            to: server,
            ports: [8200],
            why: "Vault agents in app namespaces (label blueprint.io/vault-client=true) log in and read secrets",
        });
        add(true, {
            name: "vault-raft",
            from: server,
            to: server,
            ports: [8200, 8201],
            why: "Raft replication, request forwarding and retry_join between Vault servers",
        });
        add(true, {
            name: "vault-kube-api",
            from: {
                namespace: vault,
                pods: {
                    matchExpressions: [
                        {
                            key: "app.kubernetes.io/name",
                            operator: "In",
                            values: ["vault", "vault-agent-injector"],
                        },
                    ],
                },
            },
            to: apiEnd,
            ports: [443],
            why: "Kubernetes auth (TokenReview) and the injector's API access",
        });
        add(true, {
            name: "vault-kms",
            from: server,
            to: httpsEnd,
            ports: [443],
            why: "auto-unseal with AWS KMS",
        });
        add(monitoring, {
            name: "prometheus-vault",
            from: prom(),
            to: server,
            ports: [8200],
            why: "Prometheus scrapes /v1/sys/metrics",
        });
    }
    // Harbor
    if (harbor) {
        const h = (...c: string[]): FlowEnd => ({ namespace: harbor, pods: chartPods.harbor(...c) });
        const ingEnd: FlowEnd =
            "cidrs" in ingress
                ? { cidrs: ingress.cidrs.map((cidr) => ({ cidr })), what: "load balancer" }
                : { namespace: ingress.namespace, pods: ingress.pods };
        add(true, {
            name: "ingress-harbor",
            from: ingEnd,
            to: h("core", "portal"),
            ports: [...new Set([hp.core, hp.portal])],
            why: "the ingress controller forwards the UI, API and registry traffic",
        });
        add(true, {
            name: "harbor-database",
            from: h("core", "jobservice", "exporter"),
            to: h("database"),
            ports: [hp.database],
            why: "Harbor's PostgreSQL serves core, jobservice and the exporter only",
        });
        add(true, {
            name: "harbor-redis",
            from: h("core", "jobservice", "registry", "trivy", "exporter"),
            to: h("redis"),
            ports: [hp.redis],
            why: "Harbor's Redis caches and job queues",
        });
        add(true, {
            name: "harbor-core",
            from: h("jobservice", "registry", "trivy", "exporter"),
            to: h("core"),
            ports: [hp.core],
            why: "token service, registry notifications, job hooks, exporter API calls",
        });
        add(true, {
            name: "harbor-registry",
            from: h("core", "jobservice", "trivy"),
            to: h("registry"),
            ports: [...new Set([hp.registry, hp.registryctl])],
            why: "registry and registryctl (garbage collection, scans read layers)",
        });
        add(true, {
            name: "harbor-jobservice",
            from: h("core"),
            to: h("jobservice"),
            ports: [hp.jobservice],
            why: "core submits jobs",
        });
        add(true, {
            name: "harbor-trivy",
            from: h("core", "jobservice"),
            to: h("trivy"),
            ports: [hp.trivy],
            why: "the scanner adapter",
        });
        add(true, {
            name: "harbor-egress-https",
            from: h("core", "jobservice", "registry", "trivy"),
            to: httpsEnd,
            ports: [443],
            why: "replication, webhooks, S3 storage, Trivy DB updates",
        });
        add(monitoring, {
            name: "prometheus-harbor",
            from: prom(),
            to: h("core", "registry", "jobservice", "exporter"),
            ports: [hp.metrics],
            why: "Prometheus scrapes Harbor's metrics port",
        });
        add(trivy, {
            name: "trivy-scans-harbor",
            from: { namespace: trivy as string, pods: chartPods.trivyScanJobs },
            to: h("core", "registry"),
            ports: [...new Set([hp.core, hp.registry])],
            why: "trivy-operator scan jobs pull image manifests and layers from Harbor",
        });
    }
    // Falco
    if (falco) {
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
    }
    // trivy-operator
    if (trivy) {
        add(true, {
            name: "trivy-kube-api",
            from: { namespace: trivy, pods: chartPods.trivyOperator },
            to: apiEnd,
            ports: [443],
            why: "the operator watches workloads and writes reports",
        });
        add(true, {
            name: "trivy-scans-egress-https",
            from: { namespace: trivy, pods: chartPods.trivyScanJobs },
            to: httpsEnd,
            ports: [443],
            why: "scan jobs download the vulnerability DB and pull images by their registry host",
        });
        add(monitoring, {
            name: "prometheus-trivy",
            from: prom(),
            to: { namespace: trivy, pods: chartPods.trivyOperator },
            ports: [8080],
            why: "Prometheus scrapes the operator's metrics",
        });
    }
    // Monitoring
    if (monitoring) {
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
            to: { cidrs: nodes, what: "nodes" },
            ports: [10250, 9100],
            why: "kubelet/cAdvisor metrics, and node-exporter on the host network",
        });
        add(true, {
            name: "apiserver-prometheus-operator",
            from: apiEnd,
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
    }
    return flows.filter((f): f is Flow => f !== false);
}

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

/** A chart pod as the reachability analysis takes it (`extraWorkloads`): Helm renders pods in the cluster, not in state. */
export interface InventoryPod {
    id: string;
    namespace: string;
    labels: Labels;
    ports: { port: number; protocol: "TCP" | "UDP" | "SCTP"; name?: string }[];
    hostNetwork?: boolean;
}

/** The pods the charts run, with their real labels and container ports, for the platform's reachability matrix. */
export function platformWorkloads(
    args: Pick<PlatformFlowArgs, "namespaces" | "harborInternalTLS">,
): InventoryPod[] {
    const ns = platformNamespaces(args);
    const hp = harborPorts(args.harborInternalTLS ?? platformDefaults.harborInternalTLS);
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
