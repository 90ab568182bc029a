/**
 * `update` or `patch` on ConfigMaps in kube-system reaches `aws-auth`, which maps IAM identities to Kubernetes
 * users and groups: whoever edits it can map their own role to system:masters (the classic EKS escalation). A stack
 * policy, because a ClusterRole reaches kube-system only through a binding: it reports Roles in kube-system, and
 * RoleBindings in kube-system or ClusterRoleBindings to a ClusterRole of the stack that grants it. A rule limited by
 * resourceNames that do not include aws-auth passes.
 */
import { Finding, PolicyResource, StackPolicy } from "../lib/types";
import { who } from "./rules";
import { Permission, grants, namedRulesOf, nameOf, namespaceOf, rbacKind, roleRefOf } from "./rules-ext";

const awsAuth: Permission = {
    groups: [""],
    resource: "configmaps",
    verbs: ["update", "patch"],
    names: ["aws-auth"],
};

function grantsAwsAuth(r: PolicyResource): number | undefined {
    return namedRulesOf(r).find((rule) => grants(rule, awsAuth))?.index;
}

export const rbacAwsAuth: StackPolicy = {
    kind: "stack",
    name: "rbac-aws-auth",
    description:
        "Nothing grants update or patch on ConfigMaps in kube-system (the aws-auth ConfigMap maps IAM identities to groups).",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediation:
        "Manage cluster access with EKS access entries (the blueprint's authentication mode is API, where aws-auth is " +
        "ignored) and remove the permission; if a tool must edit one kube-system ConfigMap, limit the rule by resourceNames.",
    frameworks: { cisEks: ["4.1.7"], nsa: "Least privilege RBAC", brief: ["R8", "C5", "Q1"] },
    check(resources) {
        const clusterRoles = new Map<string, number>();
        const out: Finding[] = [];
        const bindings: PolicyResource[] = [];
        for (const r of resources) {
            const kind = rbacKind(r.type);
            if (kind === "ClusterRole") {
                const name = nameOf(r);
                const i = grantsAwsAuth(r);
                if (name && i !== undefined) clusterRoles.set(name, i);
            } else if (kind === "Role") {
                const i = namespaceOf(r) === "kube-system" ? grantsAwsAuth(r) : undefined;
                if (i !== undefined)
                    out.push({
                        message: `${who(r)} in kube-system rules[${i}] grants update/patch on ConfigMaps there, including aws-auth.`,
                        urn: r.urn,
                    });
            } else if (kind === "RoleBinding" || kind === "ClusterRoleBinding") bindings.push(r);
        }
        for (const b of bindings) {
            const ref = roleRefOf(b);
            if (ref?.kind !== "ClusterRole" || !clusterRoles.has(ref.name)) continue;
            const clusterWide = rbacKind(b.type) === "ClusterRoleBinding";
            if (!clusterWide && namespaceOf(b) !== "kube-system") continue;
            out.push({
                message:
                    `${who(b)} ${clusterWide ? "cluster-wide" : "in kube-system"} binds ClusterRole "${ref.name}", whose ` +
                    `rules[${clusterRoles.get(ref.name)}] grant update/patch on ConfigMaps, including kube-system/aws-auth.`,
                urn: b.urn,
            });
        }
        return out;
    },
};
