/** Evaluation: the policy model that answers "may this source reach this destination on this port". Part of analysis/reachability.ts (see there). Pure. */
import { Labels, SelectorLike, matchOrReason } from "../../lib/labels";
import { cidrContains, cidrOf } from "../../lib/cidr";
import {
    ContainerPort,
    NamespaceInfo,
    ParsedPolicy,
    PeerLike,
    PortLike,
    Protocol,
    ServiceInfo,
    ServicePort,
    Workload,
} from "./types";

// ---------------------------------------------------------------------------------------------------------------
// Evaluation

export type Source =
    | { kind: "pod"; namespace: string; labels: Labels; ports: ContainerPort[] }
    | { kind: "external"; ip: string; ports: ContainerPort[] };

/** The policy model that the query functions evaluate. */
export class Model {
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
            if (!cidr || !cidrOf(cidr)) {
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
