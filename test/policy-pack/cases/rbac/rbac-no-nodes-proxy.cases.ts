import { PolicyCases } from "../case";
import { readOnlyRole, role } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "rbac-no-nodes-proxy",
    pass: [
        readOnlyRole(),
        {
            name: "nodes and nodes/metrics",
            resources: role([{ apiGroups: [""], resources: ["nodes", "nodes/metrics"], verbs: ["get"] }]),
        },
    ],
    fail: [
        {
            name: "get nodes/proxy",
            resources: role([{ apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"] }]),
            message: "nodes/proxy",
            count: 1,
        },
    ],
};
