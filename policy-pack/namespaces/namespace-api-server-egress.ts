/**
 * In a namespace whose egress is default-deny, a workload that talks to the API server must be allowed to: its
 * service account is bound to an RBAC role (it was given API permissions, so it uses them), or it is a Helm release
 * of an operator or admission-webhook chart (operators watch the API; webhook charts patch their caBundle and run
 * admission Jobs). Without egress to the API server such a workload fails at start, and an atomic Helm release
 * rolls back (issue 13, item 1: every pod of `monitoring` and `vault` was cut off).
 *
 * "Egress to the API server" means egress to the `kubernetes` Service's ClusterIP on 443: pods dial that address,
 * and the Amazon VPC CNI checks egress BEFORE the ClusterIP is translated to the control plane's ENIs, so an
 * ipBlock of the VPC alone does not allow it. The ClusterIP is the first address of the cluster's Service CIDR:
 * from the stack's EKS cluster (`kubernetesNetworkConfig.serviceIpv4Cidr`) when it states one, else any of the
 * `apiServiceIps` config property (EKS picks 172.20.0.0/16 or 10.100.0.0/16; kubeadm 10.96.0.0/12). The endpoints
 * (ENIs) are not checked: their addresses are not in a stack. Only what is known at preview is judged: a policy,
 * selector or namespace that is unknown never causes a finding; an unknown NetworkPolicy makes a missing allowance in
 * its namespace undecided (reported as advisory "not verified"), never a silent pass.
 */
import { cidrContains, cidrOf, nthAddress } from "../../lib/cidr";
import { k8sKind, podTemplate } from "../../lib/k8s";
import { selectorMatches } from "../../lib/labels";
import { Finding, PolicyResource, StackPolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { deniesOf } from "./namespace-default-deny";

/** Charts that run operators or admission webhooks (they all call the API server from their pods). */
export const defaultApiClientCharts = [
    "aws-load-balancer-controller",
    "cert-manager",
    "external-dns",
    "external-secrets",
    "gatekeeper",
    "ingress-nginx",
    "karpenter",
    "kube-prometheus-stack",
    "kyverno",
    "metrics-server",
    "prometheus-operator",
    "trivy-operator",
    "vault",
];

/** The `kubernetes` Service ClusterIP of EKS's two default Service CIDRs and of kubeadm's. */
export const defaultApiServiceIps = ["172.20.0.1", "10.100.0.1", "10.96.0.1"];

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- manifests are untyped JSON

/** True when `ip` is inside `cidr` (false for anything unparsable). */
function inCidr(cidr: unknown, ip: string): boolean {
    return typeof cidr === "string" && cidrContains(cidr, ip);
}

/** The first usable address of an IPv4 CIDR of at most /30 (the `kubernetes` Service's ClusterIP), or undefined. */
function firstAddress(cidr: unknown): string | undefined {
    const c = typeof cidr === "string" ? cidrOf(cidr) : undefined;
    return c && c.family === 4 && c.prefix <= 30 ? nthAddress(c, 1) : undefined;
}

/** Label selector match (matchLabels and matchExpressions); an invalid selector matches nothing. */
function selects(sel: Obj | undefined, labels: Record<string, string>): boolean {
    return selectorMatches(sel, labels);
}

/** Whether one egress rule allows TCP 443 to one of `ips` (an ipBlock holding it, or a rule without peers). */
function ruleAllowsApi(rule: Obj, ips: string[]): boolean {
    const ports: Obj[] | undefined = rule.ports;
    const port443 =
        !ports ||
        ports.length === 0 ||
        ports.some((p) => {
            if ((p.protocol ?? "TCP") !== "TCP") return false;
            if (p.port === undefined || p.port === null) return true;
            if (typeof p.port !== "number") return false; // a named port cannot name the API server's
            return p.endPort ? 443 >= p.port && 443 <= p.endPort : p.port === 443;
        });
    if (!port443) return false;
    const peers: Obj[] | undefined = rule.to;
    if (!peers || peers.length === 0) return true;
    return peers.some((peer) => {
        const b = peer.ipBlock;
        if (!b) return false;
        return ips.some(
            (ip) => inCidr(b.cidr, ip) && !((b.except ?? []) as unknown[]).some((x) => inCidr(x, ip)),
        );
    });
}

interface NsPolicy {
    podSelector: Obj;
    egressType: boolean;
    egress: Obj[];
}

export const namespaceApiServerEgress: StackPolicy = {
    kind: "stack",
    name: "namespace-api-server-egress",
    since: "0.1.0",
    description:
        "In a default-deny namespace, a workload whose service account is bound to an RBAC role, or a Helm release " +
        "of an operator or webhook chart, has egress to the API server (the kubernetes Service ClusterIP on 443).",
    enforcementLevel: "advisory",
    severity: "medium",
    remediation:
        "Allow egress on TCP 443 to the kubernetes Service's ClusterIP as a /32 (the first address of the cluster's " +
        "Service CIDR, e.g. 172.20.0.1; `kubectl get svc kubernetes -n default`) AND to the control plane's ENIs " +
        "(the cluster VPC's CIDR) for the workload's pods; with the blueprint, add the flow to the flow catalogue " +
        "(PlatformNetworkPolicies) with the API-server end. The VPC CNI checks egress before the ClusterIP is translated.",
    previewOnly:
        "it needs a namespace's NetworkPolicies, its workloads' RBAC bindings or Helm charts, and the cluster's Service CIDR: several objects at once",
    frameworks: { nsa: "Network policies: default deny, then allow", brief: ["F4", "R4", "C2"] },
    configSchema: {
        apiServiceIps: {
            type: "array",
            items: { type: "string", minLength: 7 },
            default: defaultApiServiceIps,
            description:
                "ClusterIPs the kubernetes Service may have, used when the stack states no EKS Service CIDR.",
        },
        apiClientCharts: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: defaultApiClientCharts,
            description:
                "Helm charts that run operators or admission webhooks (their pods call the API server).",
        },
    },
    check(resources, config) {
        const charts = new Set<string>(config.apiClientCharts ?? defaultApiClientCharts);
        let ips: string[] = config.apiServiceIps ?? defaultApiServiceIps;
        const policies = new Map<string, NsPolicy[]>();
        const denyEgress = new Set<string>();
        const bound = new Set<string>(); // "namespace/serviceAccount"
        // NetworkPolicies unknown during preview: by namespace, or anywhere when their namespace is unknown too.
        const unknownIn = new Set<string>();
        let unknownAnywhere = false;
        const candidates: PolicyResource[] = [];
        for (const r of resources) {
            if (r.type === "aws:eks/cluster:Cluster") {
                const vip = known(
                    () => firstAddress(r.props.kubernetesNetworkConfig?.serviceIpv4Cidr),
                    undefined,
                );
                if (vip) ips = [vip];
                continue;
            }
            const k = k8sKind(r.type);
            if (!k) continue;
            if (k.kind === "NetworkPolicy") {
                const p = known(
                    () => ({
                        ns: (r.props.metadata?.namespace as string | undefined) ?? "default",
                        podSelector: JSON.parse(JSON.stringify(r.props.spec?.podSelector ?? {})) as Obj,
                        types: (r.props.spec?.policyTypes ?? []) as string[],
                        egress: JSON.parse(JSON.stringify(r.props.spec?.egress ?? [])) as Obj[],
                    }),
                    undefined,
                );
                if (!p) {
                    const ns = known<unknown>(() => r.props.metadata?.namespace ?? "default", undefined);
                    if (typeof ns === "string") unknownIn.add(ns);
                    else unknownAnywhere = true;
                    continue;
                }
                const list = policies.get(p.ns) ?? [];
                list.push({
                    podSelector: p.podSelector,
                    egressType: p.types.length ? p.types.includes("Egress") : p.egress.length > 0,
                    egress: p.egress,
                });
                policies.set(p.ns, list);
                if (deniesOf(r)?.egress) denyEgress.add(p.ns);
                continue;
            }
            if (k.kind === "RoleBinding" || k.kind === "ClusterRoleBinding") {
                const subjects = known(
                    () =>
                        ((r.props.subjects ?? []) as Obj[]).map((s) => ({
                            kind: s.kind as string,
                            name: s.name as string,
                            namespace: (s.namespace as string | undefined) ?? r.props.metadata?.namespace,
                        })),
                    [],
                );
                for (const s of subjects)
                    if (s.kind === "ServiceAccount" && s.namespace) bound.add(`${s.namespace}/${s.name}`);
                continue;
            }
            candidates.push(r);
        }
        const allowsApi = (ns: string, labels?: Record<string, string>): boolean =>
            (policies.get(ns) ?? []).some(
                (p) =>
                    p.egressType &&
                    (labels === undefined || selects(p.podSelector, labels)) &&
                    p.egress.some((rule) => ruleAllowsApi(rule, ips)),
            );
        const out: Finding[] = [];
        // Where a NetworkPolicy of the namespace is unknown until apply, a missing allowance cannot be decided: it
        // is reported as undecided (advisory "not verified"), never silently passed.
        const report = (ns: string, message: string, urn: string) =>
            out.push(
                unknownAnywhere || unknownIn.has(ns)
                    ? {
                          message: `${message} A NetworkPolicy ${unknownIn.has(ns) ? `in "${ns}"` : "of unknown namespace"} is unknown until apply, so whether one allows it`,
                          urn,
                          undecided: true,
                      }
                    : { message, urn },
            );
        for (const r of candidates) {
            const k = k8sKind(r.type)!;
            if (k.group === "helm.sh" && k.kind === "Release") {
                const rel = known(
                    () => ({
                        ns: r.props.namespace as string | undefined,
                        chart: r.props.chart as string | undefined,
                    }),
                    undefined,
                );
                const chart = rel?.chart?.split("/").pop();
                if (!rel?.ns || !chart || !charts.has(chart) || !denyEgress.has(rel.ns)) continue;
                if (!allowsApi(rel.ns))
                    report(
                        rel.ns,
                        `Helm release ${r.name} (chart ${chart}) runs an operator or webhook in default-deny ` +
                            `namespace "${rel.ns}", but no NetworkPolicy there allows egress to the API server ` +
                            `(${ips.join(" or ")}:443).`,
                        r.urn,
                    );
                continue;
            }
            const t = podTemplate(r);
            if (!t || !t.namespace || !denyEgress.has(t.namespace)) continue;
            const sa = known(() => (t.spec.serviceAccountName as string | undefined) ?? "default", undefined);
            const labels = known(
                () => JSON.parse(JSON.stringify(t.metadata.labels ?? {})) as Record<string, string>,
                undefined,
            );
            if (!sa || !labels || !bound.has(`${t.namespace}/${sa}`)) continue;
            if (!allowsApi(t.namespace, labels))
                report(
                    t.namespace,
                    `${t.kind} ${t.namespace}/${t.name} runs as service account "${sa}", which is bound to an ` +
                        `RBAC role, but in default-deny namespace "${t.namespace}" no NetworkPolicy lets its pods ` +
                        `reach the API server (${ips.join(" or ")}:443).`,
                    r.urn,
                );
        }
        return out;
    },
};
