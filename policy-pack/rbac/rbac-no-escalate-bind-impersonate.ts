/**
 * `escalate` and `bind` let a subject grant itself permissions it does not hold; `impersonate` lets it act as
 * anyone (CIS EKS 4.1.8). A `*` verb on the resources these verbs apply to grants them too.
 */
import { ResourcePolicy } from "../lib/types";
import { ROLE_TYPES, coversGroup, coversResource, rulesOf, who } from "./rules";

const dangerous = ["escalate", "bind", "impersonate"];
/** Resources on which the three verbs have effect. */
const targets: Array<[string[], string]> = [
    [["rbac.authorization.k8s.io"], "roles"],
    [["rbac.authorization.k8s.io"], "clusterroles"],
    [[""], "users"],
    [[""], "groups"],
    [[""], "serviceaccounts"],
    [["authentication.k8s.io"], "uids"],
    [["authentication.k8s.io"], "userextras/scopes"],
];

export const rbacNoEscalateBindImpersonate: ResourcePolicy = {
    kind: "resource",
    name: "rbac-no-escalate-bind-impersonate",
    description: "Roles and ClusterRoles grant no `escalate`, `bind` or `impersonate` verb.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediation:
        "Remove escalate, bind and impersonate (and `*` verbs on roles, clusterroles, users, groups and " +
        "serviceaccounts). Only the platform's deployment identity should manage RBAC.",
    frameworks: { cisEks: ["4.1.8"], nsa: "Least privilege RBAC", brief: ["R8", "C5"] },
    types: ROLE_TYPES,
    check(r) {
        const out = [];
        for (const [i, rule] of rulesOf(r).entries()) {
            const explicit = rule.verbs.filter((v) => dangerous.includes(v));
            if (explicit.length) {
                out.push({ message: `${who(r)} rules[${i}] grants ${explicit.join(", ")}.` });
            } else if (
                rule.verbs.includes("*") &&
                targets.some(([g, res]) => coversGroup(rule, ...g) && coversResource(rule, res))
            ) {
                out.push({
                    message: `${who(r)} rules[${i}] grants verb \`*\` on RBAC or identity resources, which includes escalate, bind or impersonate.`,
                });
            }
        }
        return out;
    },
};
