/**
 * `escalate` and `bind` let a subject grant itself permissions it does not hold; `impersonate` lets it act as
 * anyone (CIS EKS 4.1.8). A `*` verb on the resources these verbs apply to grants them too. Judged on what roles
 * really grant (`role-rules-policy.ts`): a binding of the built-in `edit` or `admin` (impersonate on
 * serviceaccounts) or of `system:controller:clusterrole-aggregation-controller` (escalate on clusterroles) is
 * reported, and so is a ClusterRole that aggregates such rules.
 */
import { coversGroup, coversResource } from "./rules";
import { roleRulesPolicy } from "./role-rules-policy";
import { celCoversGroup, celCoversResource, field } from "./admission";
import { celStringList } from "../lib/admission";

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

export const rbacNoEscalateBindImpersonate = roleRulesPolicy({
    name: "rbac-no-escalate-bind-impersonate",
    since: "0.1.0",
    description:
        "Roles and ClusterRoles grant no `escalate`, `bind` or `impersonate` verb, neither in their own rules, nor in " +
        "rules they aggregate, nor in built-in ClusterRoles that bindings reference (edit, admin, ...).",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediation:
        "Remove escalate, bind and impersonate (and `*` verbs on roles, clusterroles, users, groups and " +
        "serviceaccounts). Only the platform's deployment identity should manage RBAC. Instead of the built-in edit " +
        "or admin roles (which may impersonate every ServiceAccount of the namespace), bind a Role listing what the " +
        "team needs.",
    frameworks: { cisEks: ["4.1.8"], nsa: "Least privilege RBAC", brief: ["R8", "C5"] },
    cel: {
        hit: () => [
            `${field("verbs")}.exists(v, v in ${celStringList(dangerous)})`,
            ...targets.map(
                ([g, res]) =>
                    `${field("verbs")}.exists(v, v == '*') && ${celCoversGroup(g)} && ${celCoversResource(res)}`,
            ),
        ],
        text: "grant escalate, bind or impersonate (or `*` verbs on RBAC or identity resources)",
    },
    hitFor: () => (rule) => {
        const explicit = rule.verbs.filter((v) => dangerous.includes(v));
        if (explicit.length) return `grants ${explicit.join(", ")}`;
        if (
            rule.verbs.includes("*") &&
            targets.some(([g, res]) => coversGroup(rule, ...g) && coversResource(rule, res))
        )
            return "grants verb `*` on RBAC or identity resources, which includes escalate, bind or impersonate";
        return undefined;
    },
});
