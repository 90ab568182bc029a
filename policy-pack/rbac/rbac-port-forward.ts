/**
 * `create` on `pods/portforward` tunnels from the user's machine into any pod of the namespace, past every
 * NetworkPolicy (the tunnel enters through the kubelet, not the pod network). Before Kubernetes 1.35 `get` is
 * enough (the WebSocket upgrade is authorized as get). Judged on what roles really grant (`role-rules-policy.ts`).
 */
import { grants } from "./rules-ext";
import { clusterVersionSchema, getReachesPodSubresources, roleRulesPolicy } from "./role-rules-policy";
import { celGrants } from "./admission";

export const rbacPortForward = roleRulesPolicy({
    name: "rbac-port-forward",
    since: "0.1.0",
    description:
        "Roles and ClusterRoles do not grant create on pods/portforward (nor get, enough before Kubernetes 1.35), " +
        "directly, through aggregation, or through a binding of a built-in ClusterRole.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediation:
        "Grant pods/portforward only to a break-glass Role bound for the duration of an incident (the Vault bootstrap " +
        "uses the operator's own admin access, not a standing role); expose what people need through a Service and Ingress.",
    frameworks: { nsa: "Least privilege RBAC; network separation", brief: ["R8", "R4", "F4"] },
    configSchema: { kubernetesVersion: clusterVersionSchema },
    cel: {
        hit: (config) =>
            celGrants({
                groups: [""],
                resource: "pods/portforward",
                verbs: getReachesPodSubresources([], config) ? ["create", "get"] : ["create"],
            }),
        text: "grant create (or get, before Kubernetes 1.35) on pods/portforward",
    },
    hitFor: (resources, config) => {
        const verbs = getReachesPodSubresources(resources, config) ? ["create", "get"] : ["create"];
        return (rule) =>
            grants(rule, { groups: [""], resource: "pods/portforward", verbs })
                ? `grants ${rule.verbs.filter((v) => v === "*" || verbs.includes(v)).join(", ")} on pods/portforward (a tunnel past NetworkPolicies)`
                : undefined;
    },
});
