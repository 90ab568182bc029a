/**
 * A small builder that keeps NetworkPolicy rules short to read:
 *
 *     networkPolicy("allow-scrape", "vault", { "app.kubernetes.io/name": "vault" }, {
 *         ingress: [allowFrom("monitoring", { "app.kubernetes.io/name": "prometheus" }, [8200])],
 *     });
 *
 * Every function is pure and returns plain objects (components/network/types.ts).
 */
import {
    EgressRule,
    IPBlock,
    IngressRule,
    LabelSelector,
    Labels,
    NetworkPolicyManifest,
    NetworkPolicyPeer,
    NetworkPolicyPort,
    Protocol,
} from "./types";
import { protocols } from "../../lib/network";

/** The label the API server puts on every Namespace (Kubernetes >= 1.21), used to select a namespace by name. */
export const namespaceNameLabel = "kubernetes.io/metadata.name";

/**
 * A namespace reference in a rule:
 * - a string: that namespace, by name;
 * - a LabelSelector: every namespace it selects (`{}` = all namespaces);
 * - undefined: the policy's own namespace.
 */
export type NamespaceRef = string | LabelSelector | undefined;

/** A pod reference: a label map (matchLabels), a full LabelSelector, or undefined for every pod. */
export type PodRef = Labels | LabelSelector | undefined;

/**
 * A port: `8200`, `"8200"`, `"53/UDP"`, a named container port (`"http"`, `"metrics/TCP"`), or a full
 * NetworkPolicyPort (for `endPort` ranges). An empty list means every port.
 */
export type PortInput = number | string | NetworkPolicyPort;

function isSelector(x: Labels | LabelSelector): x is LabelSelector {
    const keys = Object.keys(x);
    return keys.length > 0 && keys.every((k) => k === "matchLabels" || k === "matchExpressions");
}

/** Selects a namespace by name, through the `kubernetes.io/metadata.name` label. */
export function namespaceByName(name: string): LabelSelector {
    return { matchLabels: { [namespaceNameLabel]: name } };
}

/** Normalises a pod reference to a LabelSelector (`{}` = all pods). */
export function podSelectorOf(pods: PodRef): LabelSelector {
    if (pods === undefined) return {};
    if (isSelector(pods)) return pods;
    return Object.keys(pods).length === 0 ? {} : { matchLabels: { ...(pods as Labels) } };
}

/** One NetworkPolicyPort from a PortInput; throws on a malformed port (a programming error, not user config). */
export function portOf(p: PortInput): NetworkPolicyPort {
    if (typeof p === "number") return { port: p, protocol: "TCP" };
    if (typeof p === "object") return { ...p, protocol: p.protocol ?? "TCP" };
    const [name, proto] = p.split("/");
    const protocol = (proto ?? "TCP").toUpperCase() as Protocol;
    if (!protocols.includes(protocol))
        throw new Error(`port "${p}": protocol must be one of ${protocols.join(", ")}`);
    if (/^\d+$/.test(name)) return { port: Number(name), protocol };
    if (!/^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(name))
        throw new Error(`port "${p}" is neither a number nor a valid port name`);
    return { port: name, protocol };
}

/** NetworkPolicyPorts from a list; an empty or absent list yields undefined (= every port). */
export function portsOf(ports: PortInput[] | undefined): NetworkPolicyPort[] | undefined {
    if (!ports || ports.length === 0) return undefined;
    return ports.map(portOf);
}

/** A peer: pods (podSelector) in a namespace (namespaceSelector). Both given = AND, as Kubernetes defines it. */
export function peer(namespace: NamespaceRef, pods?: PodRef): NetworkPolicyPeer {
    const out: NetworkPolicyPeer = {};
    if (typeof namespace === "string") out.namespaceSelector = namespaceByName(namespace);
    else if (namespace !== undefined) out.namespaceSelector = namespace;
    if (pods !== undefined || namespace === undefined) out.podSelector = podSelectorOf(pods);
    return out;
}

/** An ingress rule allowing `pods` in `namespace` to reach the selected pods on `ports` (empty = every port). */
export function allowFrom(namespace: NamespaceRef, pods: PodRef, ports: PortInput[]): IngressRule {
    const rule: IngressRule = { from: [peer(namespace, pods)] };
    const ps = portsOf(ports);
    if (ps) rule.ports = ps;
    return rule;
}

/** The egress twin of allowFrom: the selected pods may reach `pods` in `namespace` on `ports`. */
export function allowTo(namespace: NamespaceRef, pods: PodRef, ports: PortInput[]): EgressRule {
    const rule: EgressRule = { to: [peer(namespace, pods)] };
    const ps = portsOf(ports);
    if (ps) rule.ports = ps;
    return rule;
}

/** An ingress rule from addresses outside the cluster (e.g. the EKS control plane's ENIs in the VPC). */
export function allowFromCidrs(blocks: (string | IPBlock)[], ports: PortInput[]): IngressRule {
    const rule: IngressRule = {
        from: blocks.map((b) => ({ ipBlock: typeof b === "string" ? { cidr: b } : b })),
    };
    const ps = portsOf(ports);
    if (ps) rule.ports = ps;
    return rule;
}

/** An egress rule to addresses outside the cluster. */
export function allowToCidrs(blocks: (string | IPBlock)[], ports: PortInput[]): EgressRule {
    const rule: EgressRule = {
        to: blocks.map((b) => ({ ipBlock: typeof b === "string" ? { cidr: b } : b })),
    };
    const ps = portsOf(ports);
    if (ps) rule.ports = ps;
    return rule;
}

/**
 * A NetworkPolicy for the pods `pods` select in `namespace`. `policyTypes` is always explicit: a type is listed when
 * its rule list is given (even empty, which denies everything of that type).
 */
export function networkPolicy(
    name: string,
    namespace: string,
    pods: PodRef,
    rules: { ingress?: IngressRule[]; egress?: EgressRule[] },
    labels: Labels = {},
): NetworkPolicyManifest {
    const policyTypes: ("Ingress" | "Egress")[] = [];
    if (rules.ingress) policyTypes.push("Ingress");
    if (rules.egress) policyTypes.push("Egress");
    if (policyTypes.length === 0)
        throw new Error(`networkPolicy ${namespace}/${name}: give ingress and/or egress rules`);
    const spec: NetworkPolicyManifest["spec"] = { podSelector: podSelectorOf(pods), policyTypes };
    if (rules.ingress) spec.ingress = rules.ingress;
    if (rules.egress) spec.egress = rules.egress;
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name, namespace, labels: { "app.kubernetes.io/managed-by": "pulumi", ...labels } },
        spec,
    };
}

/** Denies all ingress and egress of every pod in `namespace` (CIS EKS 4.3.2); other policies add allowances. */
export function defaultDeny(namespace: string): NetworkPolicyManifest {
    return networkPolicy("default-deny-all", namespace, {}, { ingress: [], egress: [] });
}

/** Where cluster DNS runs; CoreDNS on EKS and kubeadm clusters keeps the historical `k8s-app: kube-dns` label. */
export interface DnsTarget {
    /** Namespace of the DNS pods. Default "kube-system". */
    namespace: string;
    /** Labels of the DNS pods. Default `{ "k8s-app": "kube-dns" }`. */
    pods: Labels;
}

export const defaultDnsTarget: DnsTarget = { namespace: "kube-system", pods: { "k8s-app": "kube-dns" } };

/** Lets every pod of `namespace` query cluster DNS on 53/UDP and 53/TCP, and nothing else. */
export function dnsEgress(namespace: string, dns: DnsTarget = defaultDnsTarget): NetworkPolicyManifest {
    return networkPolicy(
        "allow-dns-egress",
        namespace,
        {},
        { egress: [allowTo(dns.namespace, dns.pods, ["53/UDP", "53/TCP"])] },
    );
}

/** True for a valid DNS-1123 label (Namespace and NetworkPolicy names). */
export function isDnsLabel(s: string): boolean {
    return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s) && s.length <= 63;
}
