/**
 * Offline reachability analysis, in the spirit of Illuminatio (archived): given the Kubernetes objects of a stack
 * (as the guard captures them, or as `--manifests` loads them), compute which pod -> pod (and pod <-> external
 * address) connections the NetworkPolicies allow, following the Kubernetes NetworkPolicy semantics
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/):
 *
 * - a pod that no policy of a type selects is non-isolated (open) for that type;
 * - a connection needs both the source's egress and the destination's ingress to allow it;
 * - `policyTypes` defaults to Ingress, plus Egress when the policy has at least one egress rule;
 * - within one peer, namespaceSelector AND podSelector; between peers of a rule, OR; an absent or empty `from`/`to`
 *   matches every source/destination (including outside addresses); a peer without namespaceSelector means the
 *   policy's own namespace;
 * - label selectors: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist);
 * - ipBlock (with `except`) matches addresses outside the cluster only: pod IPs are ephemeral, and the analysis
 *   models in-cluster traffic by labels. External endpoints are named addresses given in the options;
 * - ports: numbers, `endPort` ranges, named ports resolved against the destination pod's container ports, and the
 *   protocols TCP, UDP and SCTP (default TCP); an absent or empty `ports` list matches every port;
 * - Services (ClusterIP VIPs), as the Amazon VPC CNI enforces them: its eBPF programs sit on the pod's veth and see
 *   the destination BEFORE kube-proxy translates the ClusterIP, so a pod's egress must allow the VIP itself on the
 *   Service port. The VPC CNI's policy controller adds a Service's ClusterIP to an egress rule whose peer
 *   podSelector matches the Service's `spec.selector` (in a namespace the peer selects; the rule's ports mapped to
 *   the Service's ports); for a Service without a selector (the `kubernetes` API Service, whose endpoints are the
 *   control plane's ENIs) only an ipBlock holding the VIP allows it. Other CNIs check the translated address
 *   instead, so a connection to a Service is allowed only when BOTH hold: the VIP (port) AND every backend (pod or
 *   endpoint address, on the target port and protocol, egress of the source and ingress of the backend).
 *
 * Pure: no I/O, no Pulumi. Pods come from the pod templates of the pod-bearing kinds (policy-pack/lib/k8s.ts).
 */
import { podTemplate } from "../policy-pack/lib/k8s";
import { PolicyResource } from "../policy-pack/lib/types";
import { cidrContains, parseCidr, parseIp } from "./cidr";
import { Labels, SelectorLike, labelsOf, labelsSatisfying, matchOrReason } from "./labels";

export type Protocol = "TCP" | "UDP" | "SCTP";
const protocols: readonly Protocol[] = ["TCP", "UDP", "SCTP"];

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

// ---------------------------------------------------------------------------------------------------------------
// Parsing

function kindOf(type: string): string | undefined {
    const m = /^kubernetes:[^:]+:([^:]+)$/.exec(type);
    return m ? m[1] : undefined;
}

function str(x: unknown): string | undefined {
    return typeof x === "string" && x.length > 0 ? x : undefined;
}

function protocolOf(x: unknown, where: string, warnings: string[]): Protocol {
    if (x === undefined || x === null) return "TCP";
    const p = String(x).toUpperCase() as Protocol;
    if (protocols.includes(p)) return p;
    warnings.push(`${where}: unknown protocol ${String(x)}, treated as TCP`);
    return "TCP";
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a pod spec from captured input, read defensively
function containerPorts(spec: Record<string, any>, where: string, warnings: string[]): ContainerPort[] {
    const out: ContainerPort[] = [];
    const lists = [
        spec?.containers,
        (spec?.initContainers ?? []).filter((c: { restartPolicy?: string }) => c?.restartPolicy === "Always"),
    ];
    for (const list of lists) {
        if (!Array.isArray(list)) continue;
        for (const c of list) {
            for (const p of Array.isArray(c?.ports) ? c.ports : []) {
                const port = Number(p?.containerPort);
                if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
                out.push({
                    port,
                    protocol: protocolOf(p?.protocol, where, warnings),
                    ...(str(p?.name) ? { name: p.name } : {}),
                });
            }
        }
    }
    return out;
}

function parsePolicy(r: CapturedResource, warnings: string[]): ParsedPolicy {
    const md = r.props?.metadata ?? {};
    const spec = r.props?.spec ?? {};
    const namespace = str(md.namespace) ?? "default";
    const name = str(md.name) ?? r.name;
    const where = `NetworkPolicy ${namespace}/${name}`;
    const rules = (list: unknown, peerKey: "from" | "to"): RuleLike[] =>
        (Array.isArray(list) ? list : []).map((rule: Record<string, unknown>) => {
            const peers = rule?.[peerKey];
            const ports = rule?.ports;
            const out: RuleLike = {};
            if (Array.isArray(peers)) out.peers = peers as PeerLike[];
            if (Array.isArray(ports)) {
                out.ports = (ports as PortLike[]).map((p) => {
                    if (typeof p?.port === "string" && /^\d+$/.test(p.port))
                        warnings.push(
                            `${where}: port "${p.port}" is a string; Kubernetes reads it as a port NAME, which must contain a letter`,
                        );
                    return p;
                });
            }
            return out;
        });
    let types: string[];
    if (Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0) types = spec.policyTypes.map(String);
    else {
        // API defaulting (SetDefaults_NetworkPolicySpec): Ingress always; Egress iff there is at least one egress rule.
        types = ["Ingress"];
        if (Array.isArray(spec.egress) && spec.egress.length > 0) types.push("Egress");
    }
    if (!spec.podSelector)
        warnings.push(
            `${where}: spec.podSelector is missing (Kubernetes requires it; read as {} = every pod)`,
        );
    return {
        namespace,
        name,
        podSelector: spec.podSelector ?? {},
        ingressType: types.includes("Ingress"),
        egressType: types.includes("Egress"),
        ingress: rules(spec.ingress, "from"),
        egress: rules(spec.egress, "to"),
    };
}

/** A captured Service, or undefined for a headless or ExternalName Service (no VIP to evaluate). */
function parseService(r: CapturedResource, warnings: string[]): ServiceInfo | undefined {
    const md = r.props?.metadata ?? {};
    const spec = r.props?.spec ?? {};
    const namespace = str(md.namespace) ?? "default";
    const name = str(md.name) ?? r.name;
    const where = `Service ${namespace}/${name}`;
    if (spec.type === "ExternalName" || spec.clusterIP === "None") return undefined;
    const ports: ServicePort[] = [];
    for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
        const port = Number(p?.port);
        if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
        const t = p?.targetPort;
        const targetPort =
            typeof t === "number"
                ? t
                : typeof t === "string" && /^\d+$/.test(t)
                  ? Number(t)
                  : (str(t) ?? port);
        ports.push({
            port,
            targetPort,
            protocol: protocolOf(p?.protocol, where, warnings),
            ...(str(p?.name) ? { name: p.name } : {}),
        });
    }
    const selector = spec.selector && typeof spec.selector === "object" ? labelsOf(spec.selector) : undefined;
    return {
        id: `${namespace}/${name}`,
        namespace,
        name,
        ...(str(spec.clusterIP) && parseIp(spec.clusterIP) ? { clusterIP: spec.clusterIP as string } : {}),
        ...(selector && Object.keys(selector).length > 0 ? { selector } : {}),
        ports,
    };
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation

type Source =
    | { kind: "pod"; namespace: string; labels: Labels; ports: ContainerPort[] }
    | { kind: "external"; ip: string; ports: ContainerPort[] };

/** The policy model that the query functions evaluate. */
class Model {
    private readonly nsLabels = new Map<string, Labels>();

    constructor(
        readonly namespaces: NamespaceInfo[],
        readonly policies: ParsedPolicy[],
        readonly warnings: string[],
    ) {
        for (const n of namespaces) this.nsLabels.set(n.name, n.labels);
    }

    labelsOfNamespace(ns: string): Labels {
        return this.nsLabels.get(ns) ?? { "kubernetes.io/metadata.name": ns };
    }

    private sel(selector: SelectorLike | undefined, labels: Labels, where: string): boolean {
        const r = matchOrReason(selector, labels);
        if (typeof r === "string") {
            const w = `${where}: invalid selector (${r}); it matches nothing`;
            if (!this.warnings.includes(w)) this.warnings.push(w);
            return false;
        }
        return r;
    }

    selecting(ns: string, labels: Labels, type: "ingress" | "egress"): ParsedPolicy[] {
        return this.policies.filter(
            (p) =>
                p.namespace === ns &&
                (type === "ingress" ? p.ingressType : p.egressType) &&
                this.sel(p.podSelector, labels, `NetworkPolicy ${p.namespace}/${p.name}`),
        );
    }

    private peerMatches(peer: PeerLike, e: Source, policy: ParsedPolicy): boolean {
        const where = `NetworkPolicy ${policy.namespace}/${policy.name}`;
        if (peer.ipBlock) {
            if (e.kind !== "external") return false;
            const cidr = peer.ipBlock.cidr;
            if (!cidr || !parseCidr(cidr)) {
                const w = `${where}: invalid ipBlock cidr ${String(cidr)}`;
                if (!this.warnings.includes(w)) this.warnings.push(w);
                return false;
            }
            if (!cidrContains(cidr, e.ip)) return false;
            return !(peer.ipBlock.except ?? []).some((x) => cidrContains(x, e.ip));
        }
        if (e.kind !== "pod") return false;
        if (!peer.namespaceSelector && !peer.podSelector) return false; // invalid peer: the API rejects it
        const nsOk = peer.namespaceSelector
            ? this.sel(peer.namespaceSelector, this.labelsOfNamespace(e.namespace), where)
            : e.namespace === policy.namespace;
        return nsOk && (peer.podSelector ? this.sel(peer.podSelector, e.labels, where) : true);
    }

    private peersMatch(peers: PeerLike[] | undefined, e: Source, policy: ParsedPolicy): boolean {
        if (!peers || peers.length === 0) return true;
        return peers.some((p) => this.peerMatches(p, e, policy));
    }

    private portsMatch(
        ports: PortLike[] | undefined,
        dst: Source,
        port: number,
        protocol: Protocol,
    ): boolean {
        if (!ports || ports.length === 0) return true;
        return ports.some((p) => {
            if ((p.protocol ?? "TCP").toUpperCase() !== protocol) return false;
            if (p.port === undefined || p.port === null) return true;
            if (typeof p.port === "number") {
                if (p.endPort !== undefined && p.endPort !== null) return port >= p.port && port <= p.endPort;
                return port === p.port;
            }
            if (/^\d+$/.test(p.port)) return false; // not a valid name, and not a number either
            // A named port refers to the destination pod's container port of that name and protocol.
            return (
                dst.kind === "pod" &&
                dst.ports.some((cp) => cp.name === p.port && cp.protocol === protocol && cp.port === port)
            );
        });
    }

    ingressAllows(src: Source, dst: Source & { kind: "pod" }, port: number, protocol: Protocol): boolean {
        const ps = this.selecting(dst.namespace, dst.labels, "ingress");
        if (ps.length === 0) return true;
        return ps.some((p) =>
            p.ingress.some(
                (r) => this.peersMatch(r.peers, src, p) && this.portsMatch(r.ports, dst, port, protocol),
            ),
        );
    }

    egressAllows(src: Source & { kind: "pod" }, dst: Source, port: number, protocol: Protocol): boolean {
        const ps = this.selecting(src.namespace, src.labels, "egress");
        if (ps.length === 0) return true;
        return ps.some((p) =>
            p.egress.some(
                (r) => this.peersMatch(r.peers, dst, p) && this.portsMatch(r.ports, dst, port, protocol),
            ),
        );
    }

    allows(src: Source, dst: Source, port: number, protocol: Protocol): boolean {
        if (src.kind === "pod" && !this.egressAllows(src, dst, port, protocol)) return false;
        if (dst.kind === "pod" && !this.ingressAllows(src, dst, port, protocol)) return false;
        return !(src.kind === "external" && dst.kind === "external");
    }

    /** A rule's ports against a Service port, as the VPC CNI's controller maps them (port or targetPort, by name). */
    private vipPortsMatch(ports: PortLike[] | undefined, sp: ServicePort): boolean {
        if (!ports || ports.length === 0) return true;
        return ports.some((p) => {
            if ((p.protocol ?? "TCP").toUpperCase() !== sp.protocol) return false;
            if (p.port === undefined || p.port === null) return true;
            if (typeof p.port === "number") {
                const lo = p.port;
                const hi = p.endPort ?? p.port;
                const inRange = (n: number) => n >= lo && n <= hi;
                return inRange(sp.port) || (typeof sp.targetPort === "number" && inRange(sp.targetPort));
            }
            return p.port === sp.targetPort || p.port === sp.name;
        });
    }

    /**
     * Whether `src`'s egress allows the VIP of `svc` on Service port `sp`, before translation (the VPC CNI): an
     * ipBlock holding the VIP with the Service port, an empty peer list, or a selector peer whose namespace holds
     * the Service and whose podSelector matches the Service's selector. An unknown VIP matches no ipBlock.
     */
    egressAllowsVip(src: Source & { kind: "pod" }, svc: ServiceInfo, sp: ServicePort): boolean {
        const ps = this.selecting(src.namespace, src.labels, "egress");
        if (ps.length === 0) return true;
        const vip: Source | undefined = svc.clusterIP
            ? { kind: "external", ip: svc.clusterIP, ports: [] }
            : undefined;
        return ps.some((p) =>
            p.egress.some((r) => {
                if (!r.peers || r.peers.length === 0) return this.vipPortsMatch(r.ports, sp);
                return r.peers.some((peer) => {
                    if (peer.ipBlock)
                        return (
                            vip !== undefined &&
                            this.peerMatches(peer, vip, p) &&
                            this.portsMatch(r.ports, vip, sp.port, sp.protocol)
                        );
                    if (!svc.selector || (!peer.namespaceSelector && !peer.podSelector)) return false;
                    const where = `NetworkPolicy ${p.namespace}/${p.name}`;
                    const nsOk = peer.namespaceSelector
                        ? this.sel(peer.namespaceSelector, this.labelsOfNamespace(svc.namespace), where)
                        : svc.namespace === p.namespace;
                    const podOk = peer.podSelector ? this.sel(peer.podSelector, svc.selector, where) : true;
                    return nsOk && podOk && this.vipPortsMatch(r.ports, sp);
                });
            }),
        );
    }

    /** The backends of `svc` for Service port `sp`: selected pods on the resolved target port, or its endpoints. */
    backends(svc: ServiceInfo, sp: ServicePort, workloads: Workload[]): [Source, number][] {
        if (!svc.selector)
            return typeof sp.targetPort === "number"
                ? (svc.endpoints ?? []).map((ip): [Source, number] => [
                      { kind: "external", ip, ports: [] },
                      sp.targetPort as number,
                  ])
                : [];
        const sel = svc.selector;
        const out: [Source, number][] = [];
        for (const w of workloads) {
            if (w.namespace !== svc.namespace || !Object.entries(sel).every(([k, v]) => w.labels[k] === v))
                continue;
            const port =
                typeof sp.targetPort === "number"
                    ? sp.targetPort
                    : w.ports.find((c) => c.name === sp.targetPort && c.protocol === sp.protocol)?.port;
            if (port !== undefined)
                out.push([{ kind: "pod", namespace: w.namespace, labels: w.labels, ports: w.ports }, port]);
        }
        return out;
    }

    /**
     * A connection from `src` to Service port `sp` of `svc`: the VIP is allowed (before translation) AND every
     * backend is (after translation: the source's egress and the backend's ingress, on the target port). A Service
     * with no backend reaches nothing.
     */
    serviceAllows(src: Source, svc: ServiceInfo, sp: ServicePort, workloads: Workload[]): boolean {
        if (src.kind !== "pod" || !this.egressAllowsVip(src, svc, sp)) return false;
        const backends = this.backends(svc, sp, workloads);
        return (
            backends.length > 0 && backends.every(([dst, port]) => this.allows(src, dst, port, sp.protocol))
        );
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Analysis

function describeLabels(l: Labels): string {
    return Object.entries(l)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
}

function build(
    resources: CapturedResource[],
    opts: ReachabilityOptions,
): { model: Model; workloads: Workload[]; externals: ExternalEndpoint[]; services: ServiceInfo[] } {
    const warnings: string[] = [];
    const namespaces = new Map<string, NamespaceInfo>();
    const policies: ParsedPolicy[] = [];
    const workloads: Workload[] = [];
    const services: ServiceInfo[] = [...(opts.services ?? []).map((x) => ({ ...x }))];

    for (const r of resources) {
        const kind = kindOf(r.type);
        if (kind === "Namespace") {
            const name = str(r.props?.metadata?.name) ?? r.name;
            namespaces.set(name, {
                name,
                labels: { ...labelsOf(r.props?.metadata?.labels), "kubernetes.io/metadata.name": name },
                implicit: false,
            });
        } else if (kind === "NetworkPolicy") {
            policies.push(parsePolicy(r, warnings));
        } else if (kind === "Service") {
            const svc = parseService(r, warnings);
            if (svc && !services.some((x) => x.id === svc.id)) services.push(svc);
        }
    }
    for (const r of resources) {
        const t = podTemplate({ urn: r.urn ?? "", ...r } as PolicyResource);
        if (!t) continue;
        const namespace = t.namespace ?? "default";
        const id = `${namespace}/${t.kind}/${t.name}`;
        const hostNetwork = t.spec?.hostNetwork === true;
        if (hostNetwork)
            warnings.push(
                `${id}: hostNetwork pod; NetworkPolicy enforcement for it depends on the CNI and its ports are reachable on the node address`,
            );
        workloads.push({
            id,
            namespace,
            labels: labelsOf(t.metadata?.labels),
            ports: containerPorts(t.spec, id, warnings),
            hostNetwork,
            synthetic: false,
            isolated: { ingress: false, egress: false },
        });
    }
    for (const w of opts.extraWorkloads ?? []) {
        workloads.push({
            id: w.id,
            namespace: w.namespace,
            labels: { ...w.labels },
            ports: [...(w.ports ?? [])],
            hostNetwork: w.hostNetwork ?? false,
            synthetic: false,
            isolated: { ingress: false, egress: false },
        });
    }
    const ensureNs = (name: string): void => {
        if (!namespaces.has(name))
            namespaces.set(name, { name, labels: { "kubernetes.io/metadata.name": name }, implicit: true });
    };
    for (const w of workloads) ensureNs(w.namespace);
    for (const p of policies) ensureNs(p.namespace);

    if (opts.synthesize ?? true) synthesize(namespaces, policies, workloads, warnings);

    const model = new Model([...namespaces.values()], policies, warnings);
    for (const w of workloads) {
        w.isolated = {
            ingress: model.selecting(w.namespace, w.labels, "ingress").length > 0,
            egress: model.selecting(w.namespace, w.labels, "egress").length > 0,
        };
    }
    for (const p of policies) {
        if (
            !workloads.some(
                (w) => w.namespace === p.namespace && matchOrReason(p.podSelector, w.labels) === true,
            )
        )
            warnings.push(`NetworkPolicy ${p.namespace}/${p.name} selects no pod of the analysed set`);
    }
    for (const svc of services) {
        if (svc.clusterIP !== undefined && !parseIp(svc.clusterIP))
            warnings.push(`Service ${svc.id}: invalid clusterIP ${svc.clusterIP}`);
        for (const ip of svc.endpoints ?? [])
            if (!parseIp(ip)) warnings.push(`Service ${svc.id}: invalid endpoint address ${ip}`);
    }
    return { model, workloads, externals: opts.externalEndpoints ?? defaultExternalEndpoints, services };
}

/** Adds probe pods for policy selectors that match no pod, and probe namespaces for unmatched namespace selectors. */
function synthesize(
    namespaces: Map<string, NamespaceInfo>,
    policies: ParsedPolicy[],
    workloads: Workload[],
    warnings: string[],
): void {
    const add = (ns: string, selector: SelectorLike, ports: ContainerPort[]): void => {
        const matching = workloads.filter(
            (w) => w.namespace === ns && matchOrReason(selector, w.labels) === true,
        );
        if (matching.length > 0) {
            for (const w of matching.filter((x) => x.synthetic))
                for (const p of ports)
                    if (!w.ports.some((q) => q.port === p.port && q.protocol === p.protocol)) w.ports.push(p);
            return;
        }
        const labels = labelsSatisfying(selector);
        if (!labels) return;
        workloads.push({
            id: `${ns}/probe{${describeLabels(labels)}}`,
            namespace: ns,
            labels,
            ports: [...ports],
            hostNetwork: false,
            synthetic: true,
            isolated: { ingress: false, egress: false },
        });
    };
    const numericPorts = (rules: RuleLike[]): ContainerPort[] =>
        rules.flatMap((r) =>
            (r.ports ?? [])
                .filter((p) => typeof p.port === "number")
                .map((p) => ({
                    port: p.port as number,
                    protocol: (p.protocol ?? "TCP").toUpperCase() as Protocol,
                })),
        );
    const namespacesFor = (peer: PeerLike, policyNs: string): string[] => {
        if (!peer.namespaceSelector) return [policyNs];
        const matching = [...namespaces.values()]
            .filter((n) => matchOrReason(peer.namespaceSelector, n.labels) === true)
            .map((n) => n.name);
        if (matching.length > 0) return matching;
        const labels = labelsSatisfying(peer.namespaceSelector);
        if (!labels) return [];
        const byName = labels["kubernetes.io/metadata.name"];
        const name = byName ?? `~{${describeLabels(labels)}}`;
        namespaces.set(name, {
            name,
            labels: { ...labels, "kubernetes.io/metadata.name": name },
            implicit: true,
        });
        if (!byName)
            warnings.push(
                `namespace ${name}: no namespace of the analysed set has these labels; a probe namespace stands for them`,
            );
        return [name];
    };
    for (const p of policies) {
        const own = labelsSatisfying(p.podSelector);
        if (own && Object.keys(own).length > 0) add(p.namespace, p.podSelector, numericPorts(p.ingress));
        for (const [rules, dest] of [
            [p.ingress, false],
            [p.egress, true],
        ] as [RuleLike[], boolean][]) {
            for (const r of rules) {
                for (const peer of r.peers ?? []) {
                    if (peer.ipBlock) continue;
                    for (const ns of namespacesFor(peer, p.namespace))
                        add(ns, peer.podSelector ?? {}, dest ? numericPorts([r]) : []);
                }
            }
        }
    }
}

/** Computes every allowed connection between the pods (and external endpoints) of `resources`. */
export function analyzeReachability(
    resources: CapturedResource[],
    opts: ReachabilityOptions = {},
): ReachabilityResult {
    const { model, workloads, externals, services } = build(resources, opts);
    const probe = (opts.probePorts ?? []).map((p) => ({
        port: p.port,
        protocol: p.protocol ?? ("TCP" as Protocol),
    }));
    const connections: Connection[] = [];
    const podSource = (w: Workload): Source => ({
        kind: "pod",
        namespace: w.namespace,
        labels: w.labels,
        ports: w.ports,
    });
    const extSource = (x: ExternalEndpoint): Source => ({ kind: "external", ip: x.ip, ports: [] });
    const podEnd = (w: Workload): Endpoint => ({ namespace: w.namespace, labels: w.labels, workload: w.id });
    const extEnd = (x: ExternalEndpoint): Endpoint => ({
        namespace: "",
        labels: {},
        external: x.name,
        ip: x.ip,
    });
    const dstPorts = (w: Workload): { port: number; protocol: Protocol }[] => {
        const all = [...w.ports.map((p) => ({ port: p.port, protocol: p.protocol })), ...probe];
        return all.filter(
            (p, i) => all.findIndex((q) => q.port === p.port && q.protocol === p.protocol) === i,
        );
    };
    for (const x of externals) {
        if (!parseIp(x.ip)) model.warnings.push(`external endpoint ${x.name}: invalid address ${x.ip}`);
    }
    const sources: [Source, Endpoint][] = [
        ...workloads.map((w): [Source, Endpoint] => [podSource(w), podEnd(w)]),
        ...externals.map((x): [Source, Endpoint] => [extSource(x), extEnd(x)]),
    ];
    for (const [src, srcEnd] of sources) {
        for (const w of workloads) {
            for (const { port, protocol } of dstPorts(w)) {
                if (model.allows(src, podSource(w), port, protocol))
                    connections.push({ from: srcEnd, to: podEnd(w), port, protocol });
            }
        }
        if (src.kind !== "pod") continue;
        for (const svc of services) {
            for (const sp of svc.ports) {
                if (model.serviceAllows(src, svc, sp, workloads))
                    connections.push({
                        from: srcEnd,
                        to: {
                            namespace: svc.namespace,
                            labels: {},
                            service: svc.id,
                            ...(svc.clusterIP ? { ip: svc.clusterIP } : {}),
                        },
                        port: sp.port,
                        protocol: sp.protocol,
                    });
            }
        }
        for (const x of externals) {
            for (const p of x.ports ?? [{ port: 443 }]) {
                const protocol = p.protocol ?? "TCP";
                if (model.allows(src, extSource(x), p.port, protocol))
                    connections.push({ from: srcEnd, to: extEnd(x), port: p.port, protocol });
            }
        }
    }
    return {
        namespaces: model.namespaces,
        workloads,
        externals,
        services,
        policies: model.policies,
        connections,
        warnings: model.warnings,
    };
}

function toSource(q: Exclude<EndpointQuery, { service: string }>, workloads: Workload[]): Source {
    if ("ip" in q) return { kind: "external", ip: q.ip, ports: [] };
    const labels = q.labels ?? {};
    const ports =
        q.ports ??
        workloads.find(
            (w) => w.namespace === q.namespace && Object.entries(labels).every(([k, v]) => w.labels[k] === v),
        )?.ports ??
        [];
    return { kind: "pod", namespace: q.namespace, labels, ports };
}

/**
 * Whether `from` may open a connection to `to` on `port`/`protocol`. Takes an analysis result or the raw resources.
 * A pod query's named ports resolve against `to.ports`, or else the first analysed pod of that namespace whose
 * labels include `to.labels`. A Service destination (`{ service: "namespace/name" }`) is queried on its Service
 * port, with the VIP and backend semantics of `serviceAllows`; an unknown Service or port is not allowed.
 */
export function isAllowed(
    input: ReachabilityResult | CapturedResource[],
    from: EndpointQuery,
    to: EndpointQuery,
    port: number,
    protocol: Protocol = "TCP",
): boolean {
    const result = Array.isArray(input) ? analyzeReachability(input, { synthesize: false }) : input;
    const model = new Model(result.namespaces, result.policies, [...result.warnings]);
    if ("service" in from) throw new Error("isAllowed: a Service is a destination, not a source");
    const src = toSource(from, result.workloads);
    if ("service" in to) {
        const svc = result.services.find((s) => s.id === to.service);
        const sp = svc?.ports.find((p) => p.port === port && p.protocol === protocol);
        return !!svc && !!sp && model.serviceAllows(src, svc, sp, result.workloads);
    }
    return model.allows(src, toSource(to, result.workloads), port, protocol);
}

function endName(e: Endpoint): string {
    if (e.service) return `(service) ${e.service}${e.ip ? ` ${e.ip}` : ""}`;
    return e.external
        ? `(external) ${e.external} ${e.ip}`
        : (e.workload ?? `${e.namespace}/{${describeLabels(e.labels)}}`);
}

/** Renders the matrix as text: who can reach whom, on which ports, with each workload's isolation status. */
export function formatMatrix(result: ReachabilityResult): string {
    const lines: string[] = [];
    lines.push(
        `Reachability: ${result.workloads.length} workloads (${result.workloads.filter((w) => w.synthetic).length} synthesized from policy selectors), ${result.services.length} services, ${result.externals.length} external endpoints, ${result.connections.length} allowed connections`,
    );
    lines.push("");
    const bySource = new Map<string, Map<string, string[]>>();
    for (const c of result.connections) {
        const s = endName(c.from);
        const d = endName(c.to);
        if (!bySource.has(s)) bySource.set(s, new Map());
        const m = bySource.get(s)!;
        if (!m.has(d)) m.set(d, []);
        m.get(d)!.push(`${c.port}/${c.protocol}`);
    }
    const flag = (w: Workload): string =>
        [
            w.isolated.ingress ? "" : "ingress OPEN",
            w.isolated.egress ? "" : "egress OPEN",
            w.hostNetwork ? "hostNetwork" : "",
            w.synthetic ? "probe" : "",
        ]
            .filter(Boolean)
            .join(", ");
    const sources: { name: string; header: string }[] = [
        ...result.workloads.map((w) => ({
            name: w.id,
            header: `${w.id} {${describeLabels(w.labels)}}${flag(w) ? ` [${flag(w)}]` : ""}`,
        })),
        ...result.externals.map((x) => ({
            name: `(external) ${x.name} ${x.ip}`,
            header: `(external) ${x.name} ${x.ip}`,
        })),
    ];
    for (const s of sources) {
        lines.push(s.header);
        const dsts = bySource.get(s.name);
        if (!dsts || dsts.size === 0) lines.push("  -> (nothing)");
        else
            for (const [d, ports] of [...dsts.entries()].sort()) lines.push(`  -> ${d}: ${ports.join(", ")}`);
    }
    if (result.warnings.length > 0) {
        lines.push("", "Warnings:");
        for (const w of result.warnings) lines.push(`  - ${w}`);
    }
    return lines.join("\n");
}
