/**
 * Writing Endpoints or EndpointSlices points a Service at any address: traffic meant for it is hijacked, or sent
 * to addresses NetworkPolicies do not guard (CVE-2021-25740; Kubernetes removed this from the edit and admin roles).
 */
import { ResourcePolicy } from "../lib/types";
import { ROLE_TYPES, who } from "./rules";
import { grants, namedRulesOf } from "./rules-ext";

const writes = ["create", "update", "patch"];

export const rbacEndpointsWrite: ResourcePolicy = {
    kind: "resource",
    name: "rbac-endpoints-write",
    description:
        "Roles and ClusterRoles do not grant create, update or patch on Endpoints or EndpointSlices.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        "Let Services with selectors manage their endpoints (the endpoint controllers do it). A controller that " +
        "must write endpoints gets a Role limited by resourceNames, exempted with the reason.",
    frameworks: { nsa: "Least privilege RBAC", brief: ["R8", "R4", "F4"] },
    types: ROLE_TYPES,
    check(r) {
        const out = [];
        for (const rule of namedRulesOf(r)) {
            const hits = [
                grants(rule, { groups: [""], resource: "endpoints", verbs: writes })
                    ? "endpoints"
                    : undefined,
                grants(rule, { groups: ["discovery.k8s.io"], resource: "endpointslices", verbs: writes })
                    ? "endpointslices"
                    : undefined,
            ].filter(Boolean);
            if (hits.length)
                out.push({
                    message: `${who(r)} rules[${rule.index}] grants ${rule.verbs.filter((v) => v === "*" || writes.includes(v)).join(", ")} on ${hits.join(" and ")} (traffic hijack).`,
                });
        }
        return out;
    },
};
