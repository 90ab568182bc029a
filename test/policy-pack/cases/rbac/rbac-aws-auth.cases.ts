import { PolicyCases } from "../case";
import { readOnlyRole } from "../fixtures/catalogue";
import { rb, rbacAreaPasses } from "../fixtures/rbac-holes";
import { binding, clusterRole, crRef, role } from "../fixtures/rbac";

const cmWrite = [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "patch"] }];
const allBinding = binding("all", crRef("cm-writer"));
const rbKs = binding("ks", crRef("cm-writer"), [], "kube-system");

export const cases: PolicyCases = {
    policy: "rbac-aws-auth",
    pass: [
        readOnlyRole(),
        ...rbacAreaPasses(),
        {
            name: "a RoleBinding of the built-in edit outside kube-system",
            resources: [rb("team", "edit", "apps")],
        },
        { name: "the ConfigMap writer outside kube-system", resources: [role("cm", cmWrite, "apps")] },
        {
            name: "resourceNames without aws-auth",
            resources: [
                role(
                    "cm",
                    [
                        {
                            apiGroups: [""],
                            resources: ["configmaps"],
                            resourceNames: ["coredns"],
                            verbs: ["update"],
                        },
                    ],
                    "kube-system",
                ),
            ],
        },
    ],
    fail: [
        {
            name: "the built-in edit bound in kube-system reaches aws-auth",
            resources: [rb("ops", "edit", "kube-system")],
            message:
                /^RoleBinding "ops" in kube-system binds built-in ClusterRole "edit", whose built-in ClusterRole "system:aggregate-to-edit" rules\[\d+\] grant update\/patch/,
            count: 1,
        },
        {
            name: "a Role in kube-system that patches ConfigMaps",
            resources: [role("cm", cmWrite, "kube-system")],
            messages: [
                'Role "cm" in kube-system rules[0] grants update/patch on ConfigMaps there, including aws-auth.',
            ],
        },
        {
            name: "resourceNames with aws-auth",
            resources: [
                role(
                    "cm",
                    [
                        {
                            apiGroups: [""],
                            resources: ["configmaps"],
                            resourceNames: ["aws-auth"],
                            verbs: ["update"],
                        },
                    ],
                    "kube-system",
                ),
            ],
            message: "aws-auth",
            count: 1,
        },
        {
            name: "a ClusterRole reaches kube-system through a ClusterRoleBinding or a RoleBinding there (not elsewhere)",
            resources: [
                clusterRole("cm-writer", cmWrite),
                allBinding,
                rbKs,
                binding("apps", crRef("cm-writer"), [], "apps"),
            ],
            message:
                'ClusterRoleBinding "all" cluster-wide binds ClusterRole "cm-writer", whose rules[0] grant update/patch on ConfigMaps, including kube-system/aws-auth.',
            blame: [allBinding, rbKs],
        },
    ],
};
