import { PolicyCases } from "../case";
import { readOnlyRole } from "../fixtures/catalogue";
import { rbacAreaPasses } from "../fixtures/rbac-holes";
import { binding, crRef } from "../fixtures/rbac";

export const cases: PolicyCases = {
    policy: "rbac-no-system-masters-binding",
    pass: [
        readOnlyRole(),
        ...rbacAreaPasses(),
        {
            name: "other subjects (a User named system:masters is not the group)",
            resources: binding(
                "v",
                crRef("view"),
                [
                    { kind: "Group", name: "platform-viewers" },
                    { kind: "User", name: "system:masters" },
                ],
                "apps",
            ),
        },
    ],
    fail: [
        {
            name: "a binding naming the group system:masters",
            resources: binding("m", crRef("view"), [
                { kind: "Group", name: "system:masters", apiGroup: "rbac.authorization.k8s.io" },
            ]),
            messages: ['ClusterRoleBinding "m" binds the group system:masters, which bypasses RBAC.'],
        },
    ],
};
