import { PolicyCases, res } from "../case";
import { binding, reader, readOnlyRole } from "../fixtures/catalogue";
import { crb, rb, rbacAreaPasses } from "../fixtures/rbac-holes";

const secretReaderBinding = binding({ kind: "ClusterRole", name: "secret-reader" });

export const cases: PolicyCases = {
    policy: "rbac-no-cluster-wide-secrets-read",
    pass: [
        readOnlyRole(),
        ...rbacAreaPasses(),
        {
            name: "a RoleBinding of the built-in edit is namespaced, not cluster-wide",
            resources: [rb("team", "edit", "apps")],
        },
        {
            name: "a ClusterRoleBinding of a role that reads no secrets",
            resources: [reader(), binding({ kind: "ClusterRole", name: "r" })],
        },
    ],
    fail: [
        {
            name: "a ClusterRoleBinding of the built-in admin",
            resources: [crb("admins", "admin")],
            message: 'ClusterRoleBinding "admins"',
            count: 1,
        },
        {
            name: "only the ClusterRoleBinding makes it cluster-wide (the RoleBinding is fine)",
            resources: [
                res("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", {
                    metadata: { name: "secret-reader" },
                    rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["list"] }],
                }),
                secretReaderBinding,
                binding({ kind: "ClusterRole", name: "secret-reader" }, undefined, "RoleBinding"),
            ],
            message: "secret",
            count: 1,
            blame: secretReaderBinding,
        },
        {
            name: "a ClusterRoleBinding of the built-in edit",
            resources: [binding({ kind: "ClusterRole", name: "edit" })],
            message: "edit",
            count: 1,
        },
    ],
};
