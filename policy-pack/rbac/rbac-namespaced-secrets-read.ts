/**
 * get, list or watch on Secrets within a namespace reads every credential of that namespace (service-account tokens
 * of older clusters, TLS keys, chart passwords). `rbac-no-cluster-wide-secrets-read` covers the cluster-wide case;
 * this advisory policy reports the namespaced grants: Roles, and RoleBindings of a stack ClusterRole that grants it.
 * A rule limited by resourceNames to `get` on named Secrets is least privilege and passes. Application roles that
 * read their own Secrets are exempted in config (`exemptions` with namespace, name, kind and the reason).
 */
import { Finding, StackPolicy } from "../lib/types";
import { RbacIndex, ruleLabel } from "./effective";
import { who } from "./rules";
import { NamedRule, grants, namedRulesOf, namespaceOf, rbacKind, roleRefOf } from "./rules-ext";
import {
    builtinsWhere,
    celBindsRoleBinding,
    celGrants,
    celKubernetesManagedRbac,
    field,
    rbacRules,
    roleRulesDifferences,
} from "./admission";

/** The first rule that reads Secrets beyond `get` on named ones, with what it grants. */
function readsSecrets<R extends NamedRule>(rules: readonly R[]): { rule: R; what: string } | undefined {
    for (const rule of rules) {
        if (!grants(rule, { groups: [""], resource: "secrets", verbs: ["get", "list", "watch"] })) continue;
        const verbs = rule.verbs.filter((v) => ["get", "list", "watch", "*"].includes(v));
        const named = rule.resourceNames.length > 0;
        if (named && verbs.every((v) => v === "get")) continue;
        return {
            rule,
            what: `${verbs.join(", ")} on ${named ? `Secrets ${rule.resourceNames.join(", ")} (list/watch ignore names)` : "every Secret"}`,
        };
    }
    return undefined;
}

export const rbacNamespacedSecretsRead: StackPolicy = {
    kind: "stack",
    name: "rbac-namespaced-secrets-read",
    since: "0.1.0",
    description:
        "No Role (and no RoleBinding of a ClusterRole) grants get, list or watch on every Secret of a namespace.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediation:
        "Limit the rule to `get` with resourceNames of the Secrets the app needs, or inject the secret from Vault. " +
        "For a reviewed application role, add an exemption (namespace, name, kind Role, reason) in the policy config.",
    frameworks: {
        cisEks: ["4.1.2"],
        nsa: "Least privilege RBAC; protect secrets",
        brief: ["R3", "R8", "Q11"],
    },
    admission: {
        match: rbacRules,
        skip: celKubernetesManagedRbac,
        validations: () => [
            {
                expression:
                    "object.kind != 'Role' || !has(object.rules) || !object.rules.exists(r, " +
                    `${celGrants({ groups: [""], resource: "secrets", verbs: ["get", "list", "watch"] })} && ` +
                    `!(size(${field("resourceNames")}) > 0 && ${field("verbs")}.filter(v, v in ['get', 'list', 'watch', '*']).all(v, v == 'get')))`,
                messageExpression:
                    "'Role \"' + object.metadata.name + '\" grants get, list or watch on every Secret of its namespace.'",
            },
            {
                expression: `!(${celBindsRoleBinding(builtinsWhere((rules) => readsSecrets(rules) !== undefined))})`,
                messageExpression:
                    "'RoleBinding \"' + object.metadata.name + '\" binds built-in ClusterRole \"' + object.roleRef.name + " +
                    "'\", which grants get, list or watch on every Secret of the namespace.'",
            },
        ],
        differences: roleRulesDifferences,
    },
    check(resources) {
        const idx = new RbacIndex(resources);
        const out: Finding[] = [];
        for (const r of idx.roles) {
            if (rbacKind(r.type) !== "Role") continue;
            const hit = readsSecrets(namedRulesOf(r));
            if (hit)
                out.push({
                    message: `${who(r)} in namespace "${namespaceOf(r) ?? "(not known until apply)"}" rules[${hit.rule.index}] grants ${hit.what}.`,
                    urn: r.urn,
                });
        }
        // A RoleBinding of a ClusterRole grants, in its namespace, what the ClusterRole really holds: a stack role's
        // own and aggregated rules, or a built-in's (admin and edit read every Secret).
        for (const b of idx.bindings) {
            if (rbacKind(b.type) !== "RoleBinding") continue;
            const ref = roleRefOf(b);
            if (ref?.kind !== "ClusterRole") continue;
            const eff = idx.effective(ref.name);
            const hit = eff && readsSecrets(eff.rules);
            if (!hit) continue;
            const via =
                hit.rule.from === ref.name ? "" : ` (${ruleLabel(hit.rule, ref.name)}, aggregated into it)`;
            out.push({
                message: `${who(b)} in namespace "${namespaceOf(b) ?? "(not known until apply)"}" binds ${idx.isBuiltin(ref.name) ? "built-in " : ""}ClusterRole "${ref.name}", which grants ${hit.what}${via}.`,
                urn: b.urn,
            });
        }
        return out;
    },
};
