import { PolicyCases } from "../case";
import { readOnlyRole, role } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "rbac-pods-exec-attach",
    enforcementLevel: "advisory",
    pass: [
        readOnlyRole(),
        {
            name: "get pods/log",
            resources: role([{ apiGroups: [""], resources: ["pods/log"], verbs: ["get"] }]),
        },
    ],
    fail: [
        {
            name: "create pods/exec",
            resources: role([{ apiGroups: [""], resources: ["pods/exec"], verbs: ["create"] }]),
            message: "pods/exec",
            count: 1,
        },
    ],
};
