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
 * Pure: no I/O, no Pulumi. Pods come from the pod templates of the pod-bearing kinds (lib/k8s.ts).
 * The implementation is split along its seams in analysis/reachability/: types, parse, model, analyze, format.
 */
export * from "./reachability/types";
export { analyzeReachability, isAllowed } from "./reachability/analyze";
export { formatMatrix } from "./reachability/format";
