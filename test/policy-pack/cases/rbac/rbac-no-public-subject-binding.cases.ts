import { PolicyCases } from "../case";
import { binding, readOnlyRole } from "../fixtures/catalogue";
import { rbacAreaPasses } from "../fixtures/rbac-holes";

export const cases: PolicyCases = {
    policy: "rbac-no-public-subject-binding",
    pass: [
        readOnlyRole(),
        ...rbacAreaPasses(),
        { name: "a binding to a user", resources: binding({ kind: "ClusterRole", name: "view" }) },
    ],
    fail: [
        {
            name: "the group system:authenticated",
            resources: binding({ kind: "ClusterRole", name: "view" }, [
                { kind: "Group", name: "system:authenticated" },
            ]),
            message: "system:authenticated",
            count: 1,
        },
        {
            name: "the user system:anonymous",
            resources: binding({ kind: "ClusterRole", name: "view" }, [
                { kind: "User", name: "system:anonymous" },
            ]),
            message: "system:anonymous",
            count: 1,
        },
    ],
};
