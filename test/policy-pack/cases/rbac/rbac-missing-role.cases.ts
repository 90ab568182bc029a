import { PolicyCases } from "../case";
import { readOnlyRole } from "../fixtures/catalogue";
import { rbacAreaPasses } from "../fixtures/rbac-holes";
import { binding, clusterRole, crRef, role, roleRef } from "../fixtures/rbac";

const addOnBindings = () => [
    binding("a", crRef("eks:addon-manager")),
    binding("b", roleRef("kube-proxy"), [], "kube-system"),
];

export const cases: PolicyCases = {
    policy: "rbac-missing-role",
    enforcementLevel: "advisory",
    pass: [
        readOnlyRole(),
        ...rbacAreaPasses(),
        {
            name: "bindings to stack roles and to Kubernetes' built-ins",
            resources: [
                clusterRole("ops", []),
                role("app", [], "apps"),
                binding("a", crRef("ops")),
                binding("b", roleRef("app"), [], "apps"),
                binding("c", crRef("view"), [], "apps"),
                binding("d", crRef("system:aggregate-to-edit")),
                binding("e", roleRef("extension-apiserver-authentication-reader"), [], "kube-system"),
            ],
        },
        {
            name: "config knownRoles names roles that add-ons create (exact, or a prefix with *)",
            resources: addOnBindings(),
            config: { knownRoles: ["ClusterRole/eks:*", "Role/kube-system/kube-proxy"] },
        },
    ],
    fail: [
        {
            name: "a ClusterRole or Role that exists nowhere (a Role of another namespace does not count)",
            resources: [
                role("app", [], "other"),
                binding("typo", crRef("veiw")),
                binding("rb", roleRef("app"), [], "apps"),
            ],
            messages: [
                'ClusterRoleBinding "typo" references ClusterRole "veiw", which neither the stack nor Kubernetes\' built-ins define.',
                'RoleBinding "rb" references Role "app" in namespace "apps", which neither the stack nor Kubernetes\' built-ins define.',
            ],
        },
        {
            name: "roles that add-ons create, without config knownRoles",
            resources: addOnBindings(),
            message: "neither the stack nor Kubernetes' built-ins define",
            count: 2,
        },
        {
            name: "a binding to a role nowhere in the stack",
            resources: [binding("a", crRef("generated"))],
            message: 'ClusterRole "generated"',
            count: 1,
        },
    ],
};
