/**
 * get/list/watch on Secrets cluster-wide reads every credential of every namespace (CIS EKS 4.1.2). A
 * ClusterRole alone grants nothing: it is the ClusterRoleBinding that makes it cluster-wide, so this is a stack
 * policy. It indexes the stack's RBAC once (`effective.ts`), then checks each ClusterRoleBinding against the rules
 * its ClusterRole really grants: a stack role's own and aggregated rules, or a built-in's (cluster-admin, admin,
 * edit, and the controller roles that read Secrets). A ClusterRole bound per namespace through a RoleBinding is not
 * cluster-wide and passes.
 */
import { Finding, StackPolicy } from "../lib/types";
import { RbacIndex, ruleLabel } from "./effective";
import { Rule, coversGroup, coversResource, coversVerb, roleRefOf, who } from "./rules";
import { rbacKind } from "./rules-ext";
import { bindingRules, builtinsWhere, celKubernetesManagedRbac, roleRulesDifferences } from "./admission";
import { celStringList } from "../lib/admission";

const readsSecrets = (rule: Rule) =>
    coversGroup(rule, "") && coversResource(rule, "secrets") && coversVerb(rule, "get", "list", "watch");

export const rbacNoClusterWideSecretsRead: StackPolicy = {
    kind: "stack",
    name: "rbac-no-cluster-wide-secrets-read",
    since: "0.1.0",
    description: "No ClusterRoleBinding grants get, list or watch on Secrets across the cluster.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        "Grant Secret access with a namespaced RoleBinding in the one namespace that needs it, limited by " +
        "resourceNames where possible; better, read the secret from Vault.",
    frameworks: {
        cisEks: ["4.1.2"],
        nsa: "Least privilege RBAC; protect secrets",
        brief: ["R3", "R8", "Q11"],
    },
    admission: {
        match: bindingRules,
        skip: celKubernetesManagedRbac,
        validations: () => [
            {
                expression:
                    "object.kind != 'ClusterRoleBinding' || !has(object.roleRef) || !has(object.roleRef.name) || " +
                    `!(object.roleRef.name in ${celStringList(builtinsWhere((rules) => rules.some(readsSecrets)))})`,
                messageExpression:
                    "'ClusterRoleBinding \"' + object.metadata.name + '\" grants get/list/watch on Secrets cluster-wide " +
                    "through built-in ClusterRole \"' + object.roleRef.name + '\".'",
            },
        ],
        differences: roleRulesDifferences,
    },
    check(resources) {
        const idx = new RbacIndex(resources);
        const out: Finding[] = [];
        for (const b of idx.bindings) {
            if (rbacKind(b.type) !== "ClusterRoleBinding") continue;
            const ref = roleRefOf(b);
            if (ref.kind !== "ClusterRole" || ref.name === undefined) continue;
            const eff = idx.effective(ref.name);
            if (!eff) continue;
            const rule = eff.rules.find(readsSecrets);
            if (rule) {
                const via =
                    rule.from === ref.name ? "" : ` (${ruleLabel(rule, ref.name)}, aggregated into it)`;
                out.push({
                    message: `${who(b)} grants get/list/watch on Secrets cluster-wide through ClusterRole "${ref.name}"${via}.`,
                    urn: b.urn,
                });
                continue;
            }
            const maybe = [...new Set(eff.undecided)].filter((n) =>
                idx.effective(n)?.rules.some(readsSecrets),
            );
            if (maybe.length)
                out.push({
                    message: `${who(b)}: a label or selector is unknown until apply, so whether ClusterRole "${ref.name}" aggregates the Secret reads of ClusterRole(s) ${maybe.map((n) => `"${n}"`).join(", ")}`,
                    urn: b.urn,
                    undecided: true,
                });
        }
        return out;
    },
};
