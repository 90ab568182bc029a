/**
 * `system:masters` is hard-wired to bypass RBAC: binding it in RBAC marks an identity that is meant to be
 * all-powerful, and on EKS the group is only reachable through the aws-auth ConfigMap or a cluster creator. The
 * blueprint grants admin through EKS access entries instead.
 */
import { ResourcePolicy } from "../lib/types";
import { BINDING_TYPES, who } from "./rules";
import { subjectsOf } from "./rules-ext";
import { bindingRules, celKubernetesManagedRbac } from "./admission";

export const rbacNoSystemMastersBinding: ResourcePolicy = {
    kind: "resource",
    name: "rbac-no-system-masters-binding",
    since: "0.1.0",
    description: "No RoleBinding or ClusterRoleBinding names the group system:masters as a subject.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediation:
        "Remove the subject. Grant administrators an EKS access entry with the cluster-admin access policy " +
        "(cluster.adminRoleArns) and never map anyone to system:masters.",
    frameworks: { cisEks: ["4.1.1"], nsa: "Least privilege RBAC", brief: ["R8", "C5", "Q1"] },
    types: BINDING_TYPES,
    admission: {
        match: bindingRules,
        skip: celKubernetesManagedRbac,
        validations: [
            {
                expression:
                    "!has(object.subjects) || !object.subjects.exists(s, has(s.kind) && has(s.name) && " +
                    "s.kind == 'Group' && s.name == 'system:masters')",
                messageExpression:
                    "object.kind + ' \"' + object.metadata.name + '\" binds the group system:masters, which bypasses RBAC.'",
            },
        ],
    },
    check(r) {
        return subjectsOf(r)
            .filter((s) => s.kind === "Group" && s.name === "system:masters")
            .map(() => ({ message: `${who(r)} binds the group system:masters, which bypasses RBAC.` }));
    },
};
