import { PolicyCases } from "../case";
import { readOnlyRole, role } from "../fixtures/catalogue";
import { rb, rbacAreaPasses } from "../fixtures/rbac-holes";

export const cases: PolicyCases = {
    policy: "rbac-sensitive-permissions",
    enforcementLevel: "advisory",
    pass: [readOnlyRole(), ...rbacAreaPasses()],
    fail: [
        {
            name: "a RoleBinding of the built-in edit",
            resources: [rb("team", "edit", "apps")],
            message: 'RoleBinding "team" in namespace "apps"',
            count: 1,
        },
        {
            name: "create pods (CIS 4.1.4)",
            resources: role([{ apiGroups: [""], resources: ["pods"], verbs: ["create"] }]),
            message: "4.1.4",
        },
        {
            name: "patch mutating webhooks (CIS 4.1.11)",
            resources: role([
                {
                    apiGroups: ["admissionregistration.k8s.io"],
                    resources: ["mutatingwebhookconfigurations"],
                    verbs: ["patch"],
                },
            ]),
            message: "4.1.11",
        },
        {
            name: "create serviceaccounts/token (CIS 4.1.12)",
            resources: role([{ apiGroups: [""], resources: ["serviceaccounts/token"], verbs: ["create"] }]),
            message: "4.1.12",
        },
    ],
};
