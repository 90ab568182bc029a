/**
 * The platform's intended network flows, as data: the catalogue's arguments, defaults and validation, and the
 * assembly of every add-on's flows (one contributor file per add-on: vaultFlows, harborFlows, trivyFlows, falcoFlows,
 * monitoringFlows, kubeHunterFlows). Every add-on namespace is default-deny (SecureNamespace); these flows are the
 * only allowances, and `flowPolicies()` (flowPolicies.ts, the generator) turns each into NetworkPolicies on both
 * ends (egress at the source, ingress at the destination), because both must allow a connection. The chart pods
 * for the reachability matrix are platformWorkloads.ts.
 *
 * Pod labels are the charts' real pod-template labels (../shared/charts, pinned versions):
 * - vault 0.34.1: server `app.kubernetes.io/name: vault, component: server`; injector `app.kubernetes.io/name: vault-agent-injector`
 *   (webhook container port 8080);
 * - harbor 1.19.1: `app: harbor, component: core|portal|registry|jobservice|trivy|database|redis|exporter`
 *   (registry and registryctl share the registry pod); container ports depend on internalTLS;
 * - falco 9.1.0: `app.kubernetes.io/name: falco` (webserver/metrics 8765); falcosidekick 0.12.1: `app.kubernetes.io/name: falcosidekick` (2801);
 * - trivy-operator 0.34.0: `app.kubernetes.io/name: trivy-operator` (metrics 8080); scan jobs `app.kubernetes.io/managed-by: trivy-operator`;
 * - kube-prometheus-stack 88.5.3: Prometheus `app.kubernetes.io/name: prometheus`; operator
 *   `app.kubernetes.io/component: prometheus-operator` (webhook 10250); node-exporter `app.kubernetes.io/name: prometheus-node-exporter` (9100);
 * - CoreDNS (EKS add-on): `k8s-app: kube-dns`, DNS 53/UDP+TCP, metrics 9153.
 *
 * This catalogue is the ONLY author of the platform's NetworkPolicies (issue 13, item 16): components that need
 * flows contribute them as data (harborFlows, trivyFlows, kubeHunterFlows; `extraFlows` for others) and never
 * register NetworkPolicies of their own, because policies add up and a second author's looser rule would win.
 *
 * The API server has two faces. As a DESTINATION (pods calling it) it is the `kubernetes` Service: its ClusterIP,
 * the first address of the Service CIDR, which the VPC CNI checks before translation, AND its endpoints, the
 * control plane's ENIs in the cluster network. As a SOURCE (webhook calls) it is those ENIs only.
 */
import { platformNamespaceNames } from "../namespace/platformNamespaces";
import { parseCidr } from "../../lib/cidr";
import { CLUSTER_DEFAULTS } from "../cluster/defaults";
import { apiServiceIp, serviceCidrProblems } from "../cluster/serviceCidr";
import { kubeHunterFlows } from "../compliance/kubeHunterFlows";
import { harborFlows, harborScanFlows } from "../registry/harborValues";
import { trivyFlows } from "../scanning/trivyOperatorValues";
import { monitoringFlows } from "../monitoring/monitoringFlows";
import { falcoFlows } from "../runtime/falcoFlows";
import { vaultClientNamespaces, vaultFlows } from "../vault/vaultFlows";
import { isDnsLabel } from "./builder";
import { Flow, FlowContext, FlowEnd, PlatformNamespaces, chartPods } from "./flows";
import { IPBlock, Labels } from "./types";

export { chartPods };
export type { Flow, FlowContext, FlowEnd, PlatformNamespaces };

/** Arguments of the flow catalogue. */
export interface PlatformFlowArgs {
    /**
     * Where the API server's requests come from: on EKS the control plane reaches webhooks from its cross-account
     * ENIs in the cluster VPC, and the `kubernetes` Service endpoints are those ENIs, so use the VPC CIDR(s).
     */
    controlPlaneCidrs: string[];
    /**
     * The cluster's Service CIDR; its first address is the `kubernetes` API Service's ClusterIP, which pods dial
     * and which egress must allow (VPC CNI). Default `172.20.0.0/16` (cluster.serviceCidr).
     */
    serviceCidr?: string;
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
    /** Flows contributed by other components (their NetworkPolicies are written here, never by them). */
    extraFlows?: Flow[];
}

/** Defaults, in one place. */
export const platformDefaults = {
    namespaces: {
        vault: platformNamespaceNames.vault,
        harbor: platformNamespaceNames.harbor,
        falco: platformNamespaceNames.falco,
        monitoring: platformNamespaceNames.monitoring,
        trivy: platformNamespaceNames.trivy,
        kubeBench: platformNamespaceNames.kubeBench,
        nodeExporter: platformNamespaceNames.nodeExporter,
        kubeHunter: false,
    } as PlatformNamespaces,
    serviceCidr: CLUSTER_DEFAULTS.serviceCidr as string,
    harborInternalTLS: true,
    ingressFrom: { namespace: "ingress-nginx", pods: { "app.kubernetes.io/name": "ingress-nginx" } },
    externalHttps: [
        {
            cidr: "0.0.0.0/0",
            except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"],
        },
    ] as IPBlock[],
};

/** The namespace label of app namespaces that may reach Vault (set by SecureNamespace's `vaultClient`). */
export { vaultClientNamespaces };

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
            if (typeof parseCidr(c, "mask") === "string")
                p.push(`PlatformNetworkPolicies: ${key} "${c}" is not a CIDR (e.g. 10.0.0.0/16)`);
    };
    cidrs("controlPlaneCidrs", args.controlPlaneCidrs, true);
    cidrs("nodeCidrs", args.nodeCidrs, false);
    if (args.serviceCidr !== undefined)
        for (const m of serviceCidrProblems(args.serviceCidr, undefined, { eks: false }))
            p.push(`PlatformNetworkPolicies: serviceCidr ${m}`);
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
    const names = new Set<string>();
    for (const f of args.extraFlows ?? []) {
        if (!isDnsLabel(f.name) || names.has(f.name))
            p.push(`PlatformNetworkPolicies: extraFlows name "${f.name}" is not a unique DNS label`);
        names.add(f.name);
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
    const ctx = flowContext(args);
    const flows: Flow[] = [];
    const internalTLS = args.harborInternalTLS ?? platformDefaults.harborInternalTLS;

    // Each add-on's catalogue lives beside its component; this generator only gathers them, in a fixed order.
    flows.push(...vaultFlows(ctx));
    // Harbor, and trivy-operator scan jobs pulling from it (contributed by registry/harborValues.ts)
    flows.push(
        ...harborFlows(ctx, { internalTLS, ingressFrom: args.ingressFrom ?? platformDefaults.ingressFrom }),
    );
    flows.push(...harborScanFlows(ctx, { internalTLS }));
    flows.push(...falcoFlows(ctx));
    // trivy-operator (contributed by scanning/trivyOperatorValues.ts)
    flows.push(...trivyFlows(ctx));
    flows.push(...monitoringFlows(ctx));
    // kube-hunter (contributed by compliance/kubeHunterFlows.ts), then other components' contributions
    flows.push(...kubeHunterFlows(ctx));
    flows.push(...(args.extraFlows ?? []));
    const out = flows;
    const seen = new Set<string>();
    for (const f of out) {
        if (seen.has(f.name)) throw new Error(`platformFlows: two flows are named "${f.name}"`);
        seen.add(f.name);
    }
    return out;
}

/** The context every contributor writes its flows against (flows.ts). */
export function flowContext(args: PlatformFlowArgs): FlowContext {
    const ns = platformNamespaces(args);
    const vpc: IPBlock[] = args.controlPlaneCidrs.map((cidr) => ({ cidr }));
    const vip = apiServiceIp(args.serviceCidr ?? platformDefaults.serviceCidr);
    return {
        ns,
        apiServer: {
            cidrs: [{ cidr: `${vip}/32` }, ...vpc],
            what: "API server (kubernetes Service VIP and endpoints)",
        },
        controlPlane: { cidrs: vpc, what: "API server (control-plane ENIs)" },
        nodes: { cidrs: (args.nodeCidrs ?? args.controlPlaneCidrs).map((cidr) => ({ cidr })), what: "nodes" },
        https: { cidrs: args.externalHttps ?? platformDefaults.externalHttps, what: "outside HTTPS" },
        ...(ns.monitoring ? { prometheus: { namespace: ns.monitoring, pods: chartPods.prometheus } } : {}),
    };
}
