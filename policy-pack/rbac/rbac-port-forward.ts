/**
 * `create` on `pods/portforward` tunnels from the user's machine into any pod of the namespace, past every
 * NetworkPolicy (the tunnel enters through the kubelet, not the pod network).
 */
import { ResourcePolicy } from "../lib/types";
import { ROLE_TYPES, who } from "./rules";
import { grants, namedRulesOf } from "./rules-ext";

export const rbacPortForward: ResourcePolicy = {
    kind: "resource",
    name: "rbac-port-forward",
    description: "Roles and ClusterRoles do not grant create on pods/portforward.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediation:
        "Grant pods/portforward only to a break-glass Role bound for the duration of an incident (the Vault bootstrap " +
        "uses the operator's own admin access, not a standing role); expose what people need through a Service and Ingress.",
    frameworks: { nsa: "Least privilege RBAC; network separation", brief: ["R8", "R4", "F4"] },
    types: ROLE_TYPES,
    check(r) {
        return namedRulesOf(r)
            .filter((rule) => grants(rule, { groups: [""], resource: "pods/portforward", verbs: ["create"] }))
            .map((rule) => ({
                message: `${who(r)} rules[${rule.index}] grants create on pods/portforward (a tunnel past NetworkPolicies).`,
            }));
    },
};
