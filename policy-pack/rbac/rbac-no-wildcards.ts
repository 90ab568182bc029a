/** A wildcard grants today's and tomorrow's resources and verbs, including ones nobody reviewed (CIS EKS 4.1.3). */
import { ResourcePolicy } from "../lib/types";
import { ROLE_TYPES, rulesOf, who } from "./rules";

export const rbacNoWildcards: ResourcePolicy = {
    kind: "resource",
    name: "rbac-no-wildcards",
    description: "Roles and ClusterRoles use no `*` in verbs, resources or apiGroups.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation: "List the exact apiGroups, resources and verbs the subject needs.",
    frameworks: { cisEks: ["4.1.3"], nsa: "Least privilege RBAC", brief: ["R8", "C5"] },
    types: ROLE_TYPES,
    check(r) {
        const out = [];
        for (const [i, rule] of rulesOf(r).entries()) {
            const fields = (["verbs", "resources", "apiGroups"] as const).filter((f) =>
                rule[f].some((v) => v === "*" || (f === "resources" && v.startsWith("*/"))),
            );
            if (fields.length)
                out.push({ message: `${who(r)} rules[${i}] uses a wildcard in ${fields.join(", ")}.` });
        }
        return out;
    },
};
