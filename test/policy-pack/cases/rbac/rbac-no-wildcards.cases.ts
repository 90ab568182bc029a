import { PolicyCases } from "../case";
import { readOnlyRole, role } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "rbac-no-wildcards",
    pass: [readOnlyRole()],
    fail: [
        {
            name: "apiGroups *",
            resources: role([{ apiGroups: ["*"], resources: ["pods"], verbs: ["get"] }]),
            message: /apiGroups/,
        },
        {
            name: "resources */scale",
            resources: role([{ apiGroups: [""], resources: ["*/scale"], verbs: ["get"] }]),
            message: /resources/,
        },
        {
            name: "verbs * in a Role",
            resources: role([{ apiGroups: [""], resources: ["pods"], verbs: ["*"] }], "Role"),
            message: /verbs/,
        },
    ],
};
