/**
 * Writing Endpoints or EndpointSlices points a Service at any address: traffic meant for it is hijacked, or sent
 * to addresses NetworkPolicies do not guard (CVE-2021-25740; Kubernetes removed this from the edit and admin roles).
 * Judged on what roles really grant (`role-rules-policy.ts`), so a binding of the built-in endpoint controllers'
 * roles is reported too.
 */
import { grants } from "./rules-ext";
import { roleRulesPolicy } from "./role-rules-policy";
import { celGrants } from "./admission";

const writes = ["create", "update", "patch"];

export const rbacEndpointsWrite = roleRulesPolicy({
    name: "rbac-endpoints-write",
    since: "0.1.0",
    description:
        "Roles and ClusterRoles do not grant create, update or patch on Endpoints or EndpointSlices.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        "Let Services with selectors manage their endpoints (the endpoint controllers do it). A controller that " +
        "must write endpoints gets a Role limited by resourceNames, exempted with the reason.",
    frameworks: { nsa: "Least privilege RBAC", brief: ["R8", "R4", "F4"] },
    cel: {
        hit: () =>
            celGrants({ groups: [""], resource: "endpoints", verbs: writes }) +
            " || " +
            celGrants({ groups: ["discovery.k8s.io"], resource: "endpointslices", verbs: writes }),
        text: "grant create, update or patch on endpoints or endpointslices (traffic hijack)",
    },
    hitFor: () => (rule) => {
        const hits = [
            grants(rule, { groups: [""], resource: "endpoints", verbs: writes }) ? "endpoints" : undefined,
            grants(rule, { groups: ["discovery.k8s.io"], resource: "endpointslices", verbs: writes })
                ? "endpointslices"
                : undefined,
        ].filter(Boolean);
        return hits.length
            ? `grants ${rule.verbs.filter((v) => v === "*" || writes.includes(v)).join(", ")} on ${hits.join(" and ")} (traffic hijack)`
            : undefined;
    },
});
