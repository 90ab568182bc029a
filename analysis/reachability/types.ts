/** The reachability analysis' data model: captured objects, workloads, endpoints, connections, options and results. Part of analysis/reachability.ts (see there). Pure. */
import { Labels, SelectorLike } from "../../lib/labels";
import { Protocol, protocols } from "../../lib/network";

export type { Protocol };
export { protocols };

/** A resource as the guard captures it. */
export interface CapturedResource {
    type: string;
    name: string;
    urn?: string;
    props: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A port a container listens on. */
export interface ContainerPort {
    port: number;
    protocol: Protocol;
    name?: string;
}

/** A namespace and its labels (always including `kubernetes.io/metadata.name`). */
export interface NamespaceInfo {
    name: string;
    labels: Labels;
    /** True when no Namespace object was given and the analysis assumed it (only its name label is known). */
    implicit: boolean;
}

/** A group of identical pods: one pod-bearing object, or a probe pod synthesized from a policy selector. */
export interface Workload {
    /** `namespace/Kind/name`, or `namespace/probe{labels}` for a synthesized pod. */
    id: string;
    namespace: string;
    labels: Labels;
    ports: ContainerPort[];
    /** hostNetwork pods share the node's network; CNIs do not reliably apply NetworkPolicy to them. */
    hostNetwork: boolean;
    /** Synthesized from a NetworkPolicy selector because no captured pod matched it (as Illuminatio's test pods). */
    synthetic: boolean;
    /** Whether some policy of each type selects the pod (false = open for that direction). */
    isolated: { ingress: boolean; egress: boolean };
}

/** An address outside the cluster, e.g. the internet, the cloud metadata service, or the EKS control plane. */
export interface ExternalEndpoint {
    name: string;
    ip: string;
    /** Ports probed when this endpoint is a destination. Default 443/TCP. */
    ports?: { port: number; protocol?: Protocol }[];
}

/** One port of a Service: `port` on the VIP, `targetPort` (number or container port name) on the backends. */
export interface ServicePort {
    port: number;
    targetPort: number | string;
    protocol: Protocol;
    name?: string;
}

/** A Service: a virtual IP in front of pods (`selector`) or of fixed addresses (`endpoints`, no selector). */
export interface ServiceInfo {
    /** `namespace/name`. */
    id: string;
    namespace: string;
    name: string;
    /** The VIP; undefined when not known (a preview does not know the address the API server will assign). */
    clusterIP?: string;
    /** Pod selector; undefined for a Service without one (its endpoints are `endpoints`). */
    selector?: Labels;
    ports: ServicePort[];
    /** Backend addresses of a selector-less Service, e.g. the EKS control plane's ENIs for `kubernetes`. */
    endpoints?: string[];
}

/**
 * One end of a connection. Pods: namespace + labels. External endpoints: `external` + `ip`, namespace "".
 * Services: `service` (`namespace/name`) + `ip` (the VIP, when known).
 */
export interface Endpoint {
    namespace: string;
    labels: Labels;
    workload?: string;
    external?: string;
    service?: string;
    ip?: string;
}

/** An allowed connection. */
export interface Connection {
    from: Endpoint;
    to: Endpoint;
    port: number;
    protocol: Protocol;
}

/** A NetworkPolicy as the analysis reads it, after defaulting. */
export interface ParsedPolicy {
    namespace: string;
    name: string;
    podSelector: SelectorLike;
    ingressType: boolean;
    egressType: boolean;
    ingress: RuleLike[];
    egress: RuleLike[];
}

/** A rule: peers (from or to) and ports; `peers` undefined or empty means every peer. */
export interface RuleLike {
    peers?: PeerLike[];
    ports?: PortLike[];
}

/** A peer as found in the manifest. */
export interface PeerLike {
    namespaceSelector?: SelectorLike;
    podSelector?: SelectorLike;
    ipBlock?: { cidr?: string; except?: string[] };
}

/** A port as found in the manifest. */
export interface PortLike {
    port?: number | string;
    endPort?: number;
    protocol?: string;
}

/** Options of the analysis. */
export interface ReachabilityOptions {
    /**
     * External addresses to probe: as sources (their ingress is checked against ipBlocks) and as destinations (the
     * sources' egress is checked). Default: `defaultExternalEndpoints`.
     */
    externalEndpoints?: ExternalEndpoint[];
    /**
     * Compute the connection matrix (every source against every destination: quadratic in the pods). Default true;
     * false leaves `connections` empty, for callers that need only the model (workloads, their isolation, the
     * parsed policies), such as a per-workload coverage check over thousands of pods.
     */
    connections?: boolean;
    /** Extra destination ports probed on every pod, besides its container ports (e.g. 5432/TCP). */
    probePorts?: { port: number; protocol?: Protocol }[];
    /**
     * Synthesize a probe pod for each policy selector that matches no captured pod (Helm releases render their pods
     * in the cluster, so a captured stack holds only the policies). Default true.
     */
    synthesize?: boolean;
    /**
     * Services besides the captured ones, e.g. `default/kubernetes` (the API server) or `kube-system/kube-dns`, which
     * the cluster provides. Connections to every Service (captured or given) are computed on its Service ports.
     */
    services?: ServiceInfo[];
    /** Extra pods, e.g. a chart's known pods with their labels and ports. */
    extraWorkloads?: {
        id: string;
        namespace: string;
        labels: Labels;
        ports?: ContainerPort[];
        hostNetwork?: boolean;
    }[];
}

/** The internet (a documentation address) and the cloud instance-metadata service (brief R2). */
export const defaultExternalEndpoints: ExternalEndpoint[] = [
    { name: "internet", ip: "203.0.113.10", ports: [{ port: 443 }] },
    { name: "cloud-metadata", ip: "169.254.169.254", ports: [{ port: 80 }] },
];

/** The analysis result. */
export interface ReachabilityResult {
    namespaces: NamespaceInfo[];
    workloads: Workload[];
    externals: ExternalEndpoint[];
    services: ServiceInfo[];
    policies: ParsedPolicy[];
    connections: Connection[];
    warnings: string[];
}

/** A query end: a pod (namespace + labels, ports optional), an external address, or a Service (`namespace/name`). */
export type EndpointQuery =
    | { namespace: string; labels?: Labels; ports?: ContainerPort[] }
    | { ip: string; name?: string }
    | { service: string };
