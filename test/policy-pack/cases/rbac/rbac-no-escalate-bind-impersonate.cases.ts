import { PolicyCases } from "../case";
import { readOnlyRole, role } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "rbac-no-escalate-bind-impersonate",
    pass: [
        readOnlyRole(),
        {
            name: "* on a resource that is neither RBAC nor identity",
            resources: role([{ apiGroups: [""], resources: ["configmaps"], verbs: ["*"] }]),
        },
    ],
    fail: [
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
