/** Analysis: workloads and endpoints built from the stack, every connection evaluated, and single queries. Part of analysis/reachability.ts (see there). Pure. */
import { Labels, SelectorLike, labelsOf, labelsSatisfying, matchOrReason } from "../../lib/labels";
import { parseIp } from "../../lib/cidr";
import { podTemplate } from "../../lib/k8s";
import {
    CapturedResource,
    Connection,
    ContainerPort,
    Endpoint,
    EndpointQuery,
    ExternalEndpoint,
    NamespaceInfo,
    ParsedPolicy,
    PeerLike,
    Protocol,
    ReachabilityOptions,
    ReachabilityResult,
    RuleLike,
    ServiceInfo,
    Workload,
    defaultExternalEndpoints,
} from "./types";
import { containerPorts, kindOf, parsePolicy, parseService, str } from "./parse";
import { Model, Source } from "./model";

// ---------------------------------------------------------------------------------------------------------------
// Analysis

export function describeLabels(l: Labels): string {
    return Object.entries(l)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
}

export function build(
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
        const t = podTemplate(r);
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
export function synthesize(
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
    for (const [src, srcEnd] of opts.connections === false ? [] : sources) {
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

export function toSource(q: Exclude<EndpointQuery, { service: string }>, workloads: Workload[]): Source {
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
