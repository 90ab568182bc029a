/**
 * The table of Kubernetes' built-in ClusterRoles (v1.34, from the bootstrap policy's fixtures) and its lookup:
 * aggregation resolved as the clusterrole-aggregation-controller does it.
 */
import {
    BUILTIN_ROLES_VERSION,
    builtinClusterRoleRules,
    isBuiltinClusterRole,
    RbacRule,
} from "../../policy-pack/rbac/builtin-roles";

const grants = (rules: RbacRule[], group: string, resource: string, verb: string) =>
    rules.some(
        (r) =>
            (r.apiGroups.includes("*") || r.apiGroups.includes(group)) &&
            (r.resources.includes("*") || r.resources.includes(resource)) &&
            (r.verbs.includes("*") || r.verbs.includes(verb)) &&
            r.resourceNames.length === 0,
    );

describe("built-in ClusterRoles", () => {
    test("the table is Kubernetes 1.34's and knows the user-facing and controller roles", () => {
        expect(BUILTIN_ROLES_VERSION).toMatch(/^v1\.34\./);
        for (const n of [
            "cluster-admin",
            "admin",
            "edit",
            "view",
            "system:aggregate-to-edit",
            "system:node",
            "system:controller:clusterrole-aggregation-controller",
        ])
            expect({ n, builtin: isBuiltinClusterRole(n) }).toEqual({ n, builtin: true });
        expect(isBuiltinClusterRole("my-team-role")).toBe(false);
        expect(isBuiltinClusterRole("constructor")).toBe(false);
        expect(builtinClusterRoleRules("my-team-role")).toBeUndefined();
    });

    test("cluster-admin grants everything", () => {
        expect(grants(builtinClusterRoleRules("cluster-admin")!, "apps", "deployments", "delete")).toBe(true);
    });

    test("aggregated roles resolve through the aggregation chain (view < edit < admin)", () => {
        const view = builtinClusterRoleRules("view")!;
        const edit = builtinClusterRoleRules("edit")!;
        const admin = builtinClusterRoleRules("admin")!;
        expect(grants(view, "", "pods", "list")).toBe(true);
        expect(grants(view, "", "secrets", "get")).toBe(false);
        expect(grants(edit, "", "secrets", "get")).toBe(true);
        expect(grants(edit, "", "pods/exec", "create")).toBe(true);
        expect(grants(edit, "", "pods", "list")).toBe(true); // from view, through edit's aggregation
        expect(grants(edit, "rbac.authorization.k8s.io", "rolebindings", "create")).toBe(false);
        expect(grants(admin, "rbac.authorization.k8s.io", "rolebindings", "create")).toBe(true);
        expect(grants(admin, "", "secrets", "get")).toBe(true); // from edit, through admin's aggregation
    });

    test("the aggregation controller's role may escalate on ClusterRoles", () => {
        const r = builtinClusterRoleRules("system:controller:clusterrole-aggregation-controller")!;
        expect(grants(r, "rbac.authorization.k8s.io", "clusterroles", "escalate")).toBe(true);
    });

    test("a stack role labelled aggregate-to-view adds its rules to view, edit and admin", () => {
        const extra = [
            {
                name: "crd-reader",
                labels: { "rbac.authorization.k8s.io/aggregate-to-view": "true" },
                rules: [
                    {
                        apiGroups: ["x.io"],
                        resources: ["widgets"],
                        resourceNames: [],
                        nonResourceURLs: [],
                        verbs: ["get"],
                    },
                ],
            },
        ];
        for (const n of ["view", "edit", "admin"])
            expect({ n, g: grants(builtinClusterRoleRules(n, extra)!, "x.io", "widgets", "get") }).toEqual({
                n,
                g: true,
            });
        expect(grants(builtinClusterRoleRules("cluster-admin", extra)!, "x.io", "widgets", "get")).toBe(true);
        expect(grants(builtinClusterRoleRules("system:basic-user", extra)!, "x.io", "widgets", "get")).toBe(
            false,
        );
    });
});
