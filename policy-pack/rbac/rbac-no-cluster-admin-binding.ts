/** cluster-admin is superuser on every resource in every namespace (CIS EKS 4.1.1, the brief's R8). */
import { ResourcePolicy } from "../lib/types";
import { BINDING_TYPES, roleRefOf, who } from "./rules";
import { bindingRules, celBindsClusterRole, celKubernetesManagedRbac } from "./admission";

export const rbacNoClusterAdminBinding: ResourcePolicy = {
    kind: "resource",
    name: "rbac-no-cluster-admin-binding",
    since: "0.1.0",
    description: "No RoleBinding or ClusterRoleBinding grants the cluster-admin ClusterRole.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediation:
        "Bind a least-privilege Role instead. Cluster administrators get access through EKS access entries " +
        "(AmazonEKSClusterAdminPolicy) for named IAM roles, not through in-cluster bindings.",
    frameworks: { cisEks: ["4.1.1"], nsa: "Least privilege RBAC", brief: ["R8", "C5", "Q1"] },
    types: BINDING_TYPES,
    admission: {
        match: bindingRules,
        skip: celKubernetesManagedRbac,
        validations: [
            {
                expression: `!(${celBindsClusterRole(["cluster-admin"])})`,
                messageExpression:
                    "object.kind + ' \"' + object.metadata.name + '\" binds the cluster-admin ClusterRole.'",
            },
        ],
    },
    check(r) {
        const ref = roleRefOf(r);
        if (ref.kind === "ClusterRole" && ref.name === "cluster-admin")
            return [{ message: `${who(r)} binds the cluster-admin ClusterRole.` }];
        return [];
    },
};
