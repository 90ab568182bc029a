/** Parsing: NetworkPolicies, Services and container ports from captured objects, with a warning for anything not understood. Part of analysis/reachability.ts (see there). Pure. */
import { labelsOf } from "../../lib/labels";
import { parseIp } from "../../lib/cidr";
import {
    CapturedResource,
    ContainerPort,
    ParsedPolicy,
    PeerLike,
    PortLike,
    Protocol,
    RuleLike,
    ServiceInfo,
    ServicePort,
    protocols,
} from "./types";

// ---------------------------------------------------------------------------------------------------------------
// Parsing

export function kindOf(type: string): string | undefined {
    const m = /^kubernetes:[^:]+:([^:]+)$/.exec(type);
    return m ? m[1] : undefined;
}

export function str(x: unknown): string | undefined {
    return typeof x === "string" && x.length > 0 ? x : undefined;
}

export function protocolOf(x: unknown, where: string, warnings: string[]): Protocol {
    if (x === undefined || x === null) return "TCP";
    const p = String(x).toUpperCase() as Protocol;
    if (protocols.includes(p)) return p;
    warnings.push(`${where}: unknown protocol ${String(x)}, treated as TCP`);
    return "TCP";
}

export function containerPorts(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a pod spec from captured input, read defensively
    spec: Record<string, any>,
    where: string,
    warnings: string[],
): ContainerPort[] {
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

export function parsePolicy(r: CapturedResource, warnings: string[]): ParsedPolicy {
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
export function parseService(r: CapturedResource, warnings: string[]): ServiceInfo | undefined {
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
