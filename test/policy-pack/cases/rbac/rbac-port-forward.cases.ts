import { PolicyCases } from "../case";
import { readOnlyRole } from "../fixtures/catalogue";
import { role } from "../fixtures/rbac";

export const cases: PolicyCases = {
    policy: "rbac-port-forward",
    enforcementLevel: "advisory",
    pass: [
        readOnlyRole(),
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
