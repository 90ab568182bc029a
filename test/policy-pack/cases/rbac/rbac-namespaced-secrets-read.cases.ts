import { PolicyCases } from "../case";
import { readOnlyRole } from "../fixtures/catalogue";
import { rb, rbacAreaPasses } from "../fixtures/rbac-holes";
import { binding, clusterRole, crRef, role } from "../fixtures/rbac";

const reader = [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list"] }];
const teamBinding = binding("team", crRef("secret-reader"), [], "apps");

export const cases: PolicyCases = {
    policy: "rbac-namespaced-secrets-read",
    enforcementLevel: "advisory",
    pass: [
        readOnlyRole(),
        ...rbacAreaPasses(),
        {
            name: "get on a named Secret",
            resources: [
                role("app", [
                    { apiGroups: [""], resources: ["secrets"], resourceNames: ["db"], verbs: ["get"] },
                ]),
            ],
        },
        {
            name: "other resources",
            resources: [
                role("app", [{ apiGroups: [""], resources: ["configmaps", "pods"], verbs: ["get", "list"] }]),
            ],
        },
        { name: "a ClusterRole alone grants nothing", resources: [clusterRole("secret-reader", reader)] },
    ],
    fail: [
        {
            name: "a RoleBinding of the built-in edit reads every Secret of the namespace",
            resources: [rb("team", "edit", "apps")],
            message: 'RoleBinding "team" in namespace "apps"',
            count: 1,
        },
        {
            name: "a Role reading every Secret of its namespace",
            resources: [role("app", reader)],
            messages: ['Role "app" in namespace "apps" rules[0] grants get, list on every Secret.'],
        },
        {
            name: "list/watch on named Secrets ignore the names",
            resources: [
                role("app", [
                    {
                        apiGroups: [""],
                        resources: ["secrets"],
                        resourceNames: ["db"],
                        verbs: ["get", "watch"],
                    },
                ]),
            ],
            message: "get, watch on Secrets db (list/watch ignore names)",
            count: 1,
        },
        {
            name: "wildcards",
            resources: [role("app", [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }])],
            message: "Secret",
            count: 1,
        },
        {
            name: "a RoleBinding of a stack ClusterRole that reads Secrets",
            resources: [clusterRole("secret-reader", reader), teamBinding],
            messages: [
                'RoleBinding "team" in namespace "apps" binds ClusterRole "secret-reader", which grants get, list on every Secret.',
            ],
            blame: teamBinding,
        },
    ],
};
