/**
 * `nodes/proxy` reaches the kubelet API directly: it can exec into any pod on the node and bypasses audit and
 * admission (CIS EKS 4.1.10, the brief's R1). Judged on what roles really grant (`role-rules-policy.ts`), so a
 * binding of the built-in `system:kubelet-api-admin` is reported too.
 */
import { coversGroup, coversResource } from "./rules";
import { roleRulesPolicy } from "./role-rules-policy";
import { celCoversGroup, celCoversResource, field } from "./admission";

export const rbacNoNodesProxy = roleRulesPolicy({
    name: "rbac-no-nodes-proxy",
    since: "0.1.0",
    description:
        "Roles and ClusterRoles grant no access to the nodes/proxy subresource (the kubelet API), neither directly, " +
        "through aggregation, nor through a binding of a built-in ClusterRole.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediation:
        "Remove nodes/proxy. Metrics collectors read /metrics through the kubelet's authenticated port with " +
        "nodes/metrics, or scrape node-exporter.",
    frameworks: {
        cisEks: ["4.1.10"],
        nsa: "Protect the kubelet; least privilege RBAC",
        brief: ["R1", "R8", "C1"],
    },
    cel: {
        hit: () =>
            `size(${field("verbs")}) > 0 && ${celCoversGroup([""])} && ${celCoversResource("nodes/proxy")}`,
        text: "grant access to nodes/proxy (the kubelet API)",
    },
    hitFor: () => (rule) =>
        rule.verbs.length && coversGroup(rule, "") && coversResource(rule, "nodes/proxy")
            ? `grants ${rule.verbs.join(", ")} on nodes/proxy`
            : undefined,
});
