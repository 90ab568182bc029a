import { PolicyCases } from "../case";
import { readOnlyRole } from "../fixtures/catalogue";
import { clusterRole as aggRole, rb, rbacAreaPasses } from "../fixtures/rbac-holes";
import { role } from "../fixtures/rbac";

export const cases: PolicyCases = {
    policy: "rbac-port-forward",
    enforcementLevel: "advisory",
    pass: [
        readOnlyRole(),
        ...rbacAreaPasses(),
        {
            name: "get on pods/portforward on 1.35+",
            resources: role("dbg", [{ apiGroups: [""], resources: ["pods/portforward"], verbs: ["get"] }]),
            config: { kubernetesVersion: "1.35" },
        },
        {
            name: "pods/portforward outside the core group is not the real resource",
            resources: role("dbg", [
                { apiGroups: ["apps"], resources: ["pods/portforward"], verbs: ["create"] },
            ]),
        },
    ],
    fail: [
        {
            name: "a RoleBinding of the built-in edit",
            resources: [rb("team", "edit", "apps")],
            message: 'RoleBinding "team" in namespace "apps"',
            count: 1,
        },
        {
            name: "get on pods/portforward when the target cluster is not known",
            resources: [
                aggRole("pf-get", {
                    rules: [{ apiGroups: [""], resources: ["pods/portforward"], verbs: ["get"] }],
                }),
            ],
            message: "pods/portforward",
            count: 1,
        },
        {
            name: "create on pods/portforward",
            resources: role("dbg", [{ apiGroups: [""], resources: ["pods/portforward"], verbs: ["create"] }]),
            messages: [
                'Role "dbg" rules[0] grants create on pods/portforward (a tunnel past NetworkPolicies).',
            ],
        },
        {
            name: "* on */portforward",
            resources: role("dbg", [{ apiGroups: [""], resources: ["*/portforward"], verbs: ["*"] }]),
            message: "pods/portforward",
            count: 1,
        },
    ],
};
