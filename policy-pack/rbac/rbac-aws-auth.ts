/**
 * `update` or `patch` on ConfigMaps in kube-system reaches `aws-auth`, which maps IAM identities to Kubernetes
 * users and groups: whoever edits it can map their own role to system:masters (the classic EKS escalation). A stack
 * policy, because a ClusterRole reaches kube-system only through a binding: it reports Roles in kube-system, and
 * RoleBindings in kube-system or ClusterRoleBindings to a ClusterRole of the stack that grants it. A rule limited by
 * resourceNames that do not include aws-auth passes.
 */
import { Finding, StackPolicy } from "../lib/types";
import { RbacIndex, ruleLabel } from "./effective";
import { who } from "./rules";
import { NamedRule, Permission, grants, namedRulesOf, namespaceOf, rbacKind, roleRefOf } from "./rules-ext";
import {
    builtinsWhere,
    celGrants,
    celKubernetesManagedRbac,
    rbacRules,
    roleRulesDifferences,
} from "./admission";
import { celStringList } from "../lib/admission";

const awsAuth: Permission = {
    groups: [""],
    resource: "configmaps",
    verbs: ["update", "patch"],
    names: ["aws-auth"],
};

function grantsAwsAuth<R extends NamedRule>(rules: readonly R[]): R | undefined {
    return rules.find((rule) => grants(rule, awsAuth));
}

export const rbacAwsAuth: StackPolicy = {
    kind: "stack",
    name: "rbac-aws-auth",
    since: "0.1.0",
    description:
        "Nothing grants update or patch on ConfigMaps in kube-system (the aws-auth ConfigMap maps IAM identities to groups).",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediation:
        "Manage cluster access with EKS access entries (the blueprint's authentication mode is API, where aws-auth is " +
        "ignored) and remove the permission; if a tool must edit one kube-system ConfigMap, limit the rule by resourceNames.",
    frameworks: { cisEks: ["4.1.7"], nsa: "Least privilege RBAC", brief: ["R8", "C5", "Q1"] },
    admission: {
        match: rbacRules,
        skip: celKubernetesManagedRbac,
        variables: [
            {
                name: "ns",
                expression:
                    "has(object.metadata.namespace) && object.metadata.namespace != '' ? object.metadata.namespace : 'default'",
            },
        ],
        validations: () => [
            {
                expression:
                    "object.kind != 'Role' || variables.ns != 'kube-system' || !has(object.rules) || " +
                    `!object.rules.exists(r, ${celGrants(awsAuth)})`,
                messageExpression:
                    "'Role \"' + object.metadata.name + '\" in kube-system grants update/patch on ConfigMaps there, including aws-auth.'",
            },
            {
                expression:
                    "!(object.kind == 'ClusterRoleBinding' || (object.kind == 'RoleBinding' && variables.ns == 'kube-system')) || " +
                    "!has(object.roleRef) || !has(object.roleRef.kind) || object.roleRef.kind != 'ClusterRole' || " +
                    `!(object.roleRef.name in ${celStringList(builtinsWhere((rules) => grantsAwsAuth(rules) !== undefined))})`,
                messageExpression:
                    "object.kind + ' \"' + object.metadata.name + '\" binds built-in ClusterRole \"' + object.roleRef.name + " +
                    "'\", which grants update/patch on ConfigMaps, including kube-system/aws-auth.'",
            },
        ],
        differences: roleRulesDifferences,
    },
    check(resources) {
        const idx = new RbacIndex(resources);
        const out: Finding[] = [];
        for (const r of idx.roles) {
            if (rbacKind(r.type) !== "Role" || namespaceOf(r) !== "kube-system") continue;
            const rule = grantsAwsAuth(namedRulesOf(r));
            if (rule)
                out.push({
                    message: `${who(r)} in kube-system rules[${rule.index}] grants update/patch on ConfigMaps there, including aws-auth.`,
                    urn: r.urn,
                });
        }
        // A binding grants what its ClusterRole really holds: a stack role's own and aggregated rules, or a
        // built-in's (edit and admin update ConfigMaps).
        for (const b of idx.bindings) {
            const ref = roleRefOf(b);
            if (ref?.kind !== "ClusterRole") continue;
            const clusterWide = rbacKind(b.type) === "ClusterRoleBinding";
            if (!clusterWide && namespaceOf(b) !== "kube-system") continue;
            const eff = idx.effective(ref.name);
            const rule = eff && grantsAwsAuth(eff.rules);
            if (!rule) continue;
            out.push({
                message:
                    `${who(b)} ${clusterWide ? "cluster-wide" : "in kube-system"} binds ${idx.isBuiltin(ref.name) ? "built-in " : ""}ClusterRole "${ref.name}", whose ` +
                    `${ruleLabel(rule, ref.name)} grant update/patch on ConfigMaps, including kube-system/aws-auth.`,
                urn: b.urn,
            });
        }
        return out;
    },
};
