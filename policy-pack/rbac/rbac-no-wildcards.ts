/**
 * A wildcard grants today's and tomorrow's resources and verbs, including ones nobody reviewed (CIS EKS 4.1.3).
 * Judged on what roles really grant (`role-rules-policy.ts`): own rules, rules an aggregationRule pulls in (an empty
 * selector pulls in cluster-admin), and the rules of built-in ClusterRoles that bindings reference.
 */
import { roleRulesPolicy } from "./role-rules-policy";
import { field } from "./admission";

export const rbacNoWildcards = roleRulesPolicy({
    name: "rbac-no-wildcards",
    since: "0.1.0",
    description:
        "Roles and ClusterRoles use no `*` in verbs, resources or apiGroups, neither in their own rules, nor in rules " +
        "they aggregate, nor in built-in ClusterRoles that bindings reference.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        "List the exact apiGroups, resources and verbs the subject needs; select only reviewed roles in an " +
        "aggregationRule (never `{}`), and bind a least-privilege role instead of a built-in controller role.",
    frameworks: { cisEks: ["4.1.3"], nsa: "Least privilege RBAC", brief: ["R8", "C5"] },
    cel: {
        hit: () =>
            `${field("verbs")}.exists(v, v == '*') || ${field("resources")}.exists(x, x == '*' || x.startsWith('*/')) || ` +
            `${field("apiGroups")}.exists(g, g == '*')`,
        text: "use a wildcard (`*`) in verbs, resources or apiGroups",
    },
    hitFor: () => (rule) => {
        const fields = (["verbs", "resources", "apiGroups"] as const).filter((f) =>
            rule[f].some((v) => v === "*" || (f === "resources" && v.startsWith("*/"))),
        );
        return fields.length ? `uses a wildcard in ${fields.join(", ")}` : undefined;
    },
});
