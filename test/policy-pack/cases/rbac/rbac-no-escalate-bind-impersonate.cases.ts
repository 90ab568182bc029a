import { PolicyCases } from "../case";
import { readOnlyRole, role } from "../fixtures/catalogue";
import { aggregator, crb, rb, rbacAreaPasses } from "../fixtures/rbac-holes";

export const cases: PolicyCases = {
    policy: "rbac-no-escalate-bind-impersonate",
    pass: [
        readOnlyRole(),
        ...rbacAreaPasses(),
        {
            name: "a cluster-admin binding is left to rbac-no-cluster-admin-binding",
            resources: [crb("root", "cluster-admin")],
        },
        {
            name: "* on a resource that is neither RBAC nor identity",
            resources: role([{ apiGroups: [""], resources: ["configmaps"], verbs: ["*"] }]),
        },
    ],
    fail: [
        {
            name: "an empty selector aggregates cluster-admin",
            resources: [aggregator("everything", [{}])],
            message: 'ClusterRole "everything" gets through its aggregationRule',
            count: 1,
        },
        {
            name: "selecting built-ins through their aggregate-to-edit label (matchLabels)",
            resources: [
                aggregator("edit-like", [
                    { matchLabels: { "rbac.authorization.k8s.io/aggregate-to-edit": "true" } },
                ]),
            ],
            message:
                'ClusterRole "edit-like" gets through its aggregationRule: built-in ClusterRole "system:aggregate-to-edit" rules[1] grants impersonate',
            count: 1,
        },
        {
            name: "aggregate-to-admin (matchExpressions) selects edit, which aggregates aggregate-to-edit: the chain is followed",
            resources: [
                aggregator("admin-like", [
                    {
                        matchExpressions: [
                            {
                                key: "rbac.authorization.k8s.io/aggregate-to-admin",
                                operator: "In",
                                values: ["true"],
                            },
                        ],
                    },
                ]),
            ],
            message: 'ClusterRole "admin-like"',
            count: 1,
        },
        {
            name: "a RoleBinding of the built-in edit",
            resources: [rb("team", "edit", "apps")],
            messages: [
                'RoleBinding "team" in namespace "apps" binds built-in ClusterRole "edit": built-in ClusterRole "system:aggregate-to-edit" rules[1] grants impersonate.',
            ],
        },
        {
            name: "a ClusterRoleBinding of the built-in admin",
            resources: [crb("admins", "admin")],
            message: 'ClusterRoleBinding "admins"',
            count: 1,
        },
        {
            name: "a binding of system:aggregate-to-edit",
            resources: [crb("a", "system:aggregate-to-edit")],
            message: "system:aggregate-to-edit",
            count: 1,
        },
        {
            name: "a binding of the aggregation controller's role",
            resources: [crb("c", "system:controller:clusterrole-aggregation-controller")],
            message: /rules\[\d+\] grants escalate/,
            count: 1,
        },
        {
            name: "the explicit verb impersonate",
            resources: role([{ apiGroups: [""], resources: ["users"], verbs: ["impersonate"] }]),
            message: "impersonate",
            count: 1,
        },
        {
            name: "* on clusterroles",
            resources: role([
                { apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["*"] },
            ]),
            message: "grants verb `*` on RBAC or identity resources",
            count: 1,
        },
    ],
};
