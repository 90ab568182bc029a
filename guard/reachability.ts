/**
 * `--reachability`: the NetworkPolicy matrix of the captured stack (analysis/reachability.ts). Pods rendered by
 * Helm releases are not visible to a preview, so the platform charts' pods (their real labels and ports, listed
 * in components/network/platformFlows.ts) are added for the platform namespaces that the stack creates. What the
 * cluster itself provides is added too: CoreDNS with its `kube-dns` Service, and the `kubernetes` API Service,
 * whose ClusterIP is the first address of the cluster's Service CIDR and whose endpoints are the control plane's
 * ENIs in the cluster network (one representative address of it).
 *
 * The Service CIDR and the network come from the captured EKS cluster (`kubernetesNetworkConfig.serviceIpv4Cidr`)
 * and VPC (`cidrBlock`); without them (an existing cluster, a brought VPC) the defaults are assumed and a warning
 * of the matrix says so.
 */
import { cidrOf, nthAddress } from "../lib/cidr";
import {
    analyzeReachability,
    CapturedResource,
    ExternalEndpoint,
    formatMatrix,
    ReachabilityOptions,
    ReachabilityResult,
    ServiceInfo,
    defaultExternalEndpoints,
} from "../analysis/reachability";
import { CLUSTER_DEFAULTS } from "../components/cluster/defaults";
import { apiServiceIp } from "../components/cluster/serviceCidr";
import { chartPods } from "../components/network/platformFlows";
import { platformWorkloads } from "../components/network/platformWorkloads";
import { GuardResource, isSecret } from "./model";

/** Wire form to plain values: secrets unwrapped (the analysis reads labels and ports, never secret data). */
function plain(v: unknown): unknown {
    if (isSecret(v)) return plain(v.value);
    if (Array.isArray(v)) return v.map(plain);
    if (typeof v === "object" && v !== null)
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
    return v;
}

/** The cluster's addresses as the captured stack states them, or the defaults (with a note saying so). */
export interface ClusterAddresses {
    serviceCidr: string;
    networkCidr: string;
    /** A representative control-plane ENI address inside the network (the API Service's endpoint). */
    controlPlaneIp: string;
    /** The `kubernetes` Service ClusterIP (first address of the Service CIDR). */
    apiServiceIp: string;
    /** The `kube-dns` Service ClusterIP (tenth address of the Service CIDR, as EKS and kubeadm assign it). */
    dnsServiceIp: string;
    notes: string[];
}

function nth(cidr: string, n: number): string {
    return nthAddress(cidrOf(cidr)!, n);
}

export function clusterAddresses(captured: CapturedResource[]): ClusterAddresses {
    const notes: string[] = [];
    const str = (x: unknown): string | undefined =>
        typeof x === "string" && cidrOf(x)?.bits === 32 ? x : undefined;
    const cluster = captured.find((r) => r.type === "aws:eks/cluster:Cluster");
    const vpc = captured.find((r) => r.type === "aws:ec2/vpc:Vpc");
    let serviceCidr = str(cluster?.props?.kubernetesNetworkConfig?.serviceIpv4Cidr);
    if (!serviceCidr) {
        serviceCidr = CLUSTER_DEFAULTS.serviceCidr;
        notes.push(
            `the stack states no EKS Service CIDR; the kubernetes API Service is assumed at ${apiServiceIp(serviceCidr)} (${serviceCidr})`,
        );
    }
    let networkCidr = str(vpc?.props?.cidrBlock);
    if (!networkCidr) {
        networkCidr = CLUSTER_DEFAULTS.vpcCidr;
        notes.push(`the stack states no VPC; the control plane's ENIs are assumed in ${networkCidr}`);
    }
    const controlPlaneIp = nth(networkCidr, 100);
    return {
        serviceCidr,
        networkCidr,
        controlPlaneIp,
        apiServiceIp: apiServiceIp(serviceCidr),
        dnsServiceIp: nth(serviceCidr, 10),
        notes,
    };
}

/** The Services every cluster provides: the API server (`default/kubernetes`) and cluster DNS (`kube-system/kube-dns`). */
export function clusterServices(a: ClusterAddresses): ServiceInfo[] {
    return [
        {
            id: "default/kubernetes",
            namespace: "default",
            name: "kubernetes",
            clusterIP: a.apiServiceIp,
            ports: [{ port: 443, targetPort: 443, protocol: "TCP", name: "https" }],
            endpoints: [a.controlPlaneIp],
        },
        {
            id: "kube-system/kube-dns",
            namespace: "kube-system",
            name: "kube-dns",
            clusterIP: a.dnsServiceIp,
            selector: { ...chartPods.coreDns },
            ports: [
                { port: 53, targetPort: 53, protocol: "UDP", name: "dns" },
                { port: 53, targetPort: 53, protocol: "TCP", name: "dns-tcp" },
                { port: 9153, targetPort: 9153, protocol: "TCP", name: "metrics" },
            ],
        },
    ];
}

/** Pods and addresses outside the stack to probe it with (their own traffic is not policed: no policy selects them). */
export interface Probes {
    workloads?: ReachabilityOptions["extraWorkloads"];
    externals?: ExternalEndpoint[];
}

/**
 * The matrix of `captured` (Kubernetes resources as the guard records them, plus the stack's AWS network). `probes`
 * adds pods of namespaces the stack does not manage (an ingress controller, another team) and outside addresses.
 */
export function reachabilityResultOf(captured: CapturedResource[], probes: Probes = {}): ReachabilityResult {
    const a = clusterAddresses(captured);
    const kube = captured.filter((r) => r.type.startsWith("kubernetes:"));
    const namespaces = new Set(
        kube
            .filter((r) => r.type === "kubernetes:core/v1:Namespace")
            .map((r) => (r.props.metadata as { name?: string } | undefined)?.name)
            .filter((n): n is string => typeof n === "string"),
    );
    const extraWorkloads = [
        ...platformWorkloads({}).filter((w) => namespaces.has(w.namespace)),
        {
            id: "kube-system/Deployment/coredns",
            namespace: "kube-system",
            labels: { ...chartPods.coreDns, "eks.amazonaws.com/component": "coredns" },
            ports: [
                { port: 53, protocol: "UDP" as const, name: "dns" },
                { port: 53, protocol: "TCP" as const, name: "dns-tcp" },
                { port: 9153, protocol: "TCP" as const, name: "metrics" },
            ],
        },
        ...(probes.workloads ?? []),
    ];
    const externalEndpoints: ExternalEndpoint[] = [
        ...defaultExternalEndpoints,
        { name: "control-plane-eni", ip: a.controlPlaneIp, ports: [{ port: 443 }] },
        ...(probes.externals ?? []),
    ];
    const result = analyzeReachability(kube, {
        extraWorkloads,
        services: clusterServices(a),
        externalEndpoints,
    });
    result.warnings.push(...a.notes);
    return result;
}

export function reachabilityOf(resources: GuardResource[]): { json: unknown[]; text: string } {
    const captured: CapturedResource[] = resources
        .filter((r) => r.custom && (r.type.startsWith("kubernetes:") || r.type.startsWith("aws:")))
        .map((r) => ({
            type: r.type,
            name: r.name,
            urn: r.urn,
            props: plain(r.outputs) as Record<string, unknown>,
        }));
    const result = reachabilityResultOf(captured);
    const json = result.connections.map((c) => ({
        from: {
            namespace: c.from.namespace,
            labels: c.from.labels,
            ...(c.from.external ? { external: c.from.external } : {}),
        },
        to: {
            namespace: c.to.namespace,
            labels: c.to.labels,
            ...(c.to.external ? { external: c.to.external } : {}),
            ...(c.to.service ? { service: c.to.service } : {}),
        },
        port: c.port,
        protocol: c.protocol,
    }));
    return { json, text: formatMatrix(result) };
}
