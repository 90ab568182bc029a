/**
 * `nodes/proxy` reaches the kubelet API directly: it can exec into any pod on the node and bypasses audit and
 * admission (CIS EKS 4.1.10, the brief's R1).
 */
import { ResourcePolicy } from "../lib/types";
import { ROLE_TYPES, coversGroup, coversResource, rulesOf, who } from "./rules";

export const rbacNoNodesProxy: ResourcePolicy = {
    kind: "resource",
    name: "rbac-no-nodes-proxy",
    description: "Roles and ClusterRoles grant no access to the nodes/proxy subresource (the kubelet API).",
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
    types: ROLE_TYPES,
    check(r) {
        const out = [];
        for (const [i, rule] of rulesOf(r).entries()) {
            if (rule.verbs.length && coversGroup(rule, "") && coversResource(rule, "nodes/proxy"))
                out.push({
                    message: `${who(r)} rules[${i}] grants ${rule.verbs.join(", ")} on nodes/proxy.`,
                });
        }
        return out;
    },
};
