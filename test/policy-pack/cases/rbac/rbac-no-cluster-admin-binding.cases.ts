import { PolicyCases } from "../case";
import { binding, readOnlyRole } from "../fixtures/catalogue";
import { crb, rbacAreaPasses } from "../fixtures/rbac-holes";

export const cases: PolicyCases = {
    policy: "rbac-no-cluster-admin-binding",
    pass: [
        readOnlyRole(),
        ...rbacAreaPasses(),
        { name: "a binding of view", resources: binding({ kind: "ClusterRole", name: "view" }) },
    ],
    fail: [
        {
            name: "a ClusterRoleBinding of cluster-admin to a group",
            resources: [crb("root", "cluster-admin")],
            message: "cluster-admin",
            count: 1,
        },
        {
            name: "a ClusterRoleBinding of cluster-admin",
            resources: binding({ kind: "ClusterRole", name: "cluster-admin" }),
            message: "cluster-admin",
            count: 1,
        },
        {
            name: "a RoleBinding of cluster-admin, even without subjects",
            resources: binding({ kind: "ClusterRole", name: "cluster-admin" }, [], "RoleBinding"),
            message: "cluster-admin",
            count: 1,
        },
    ],
};
