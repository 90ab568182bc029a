/**
 * Issue 16, RBAC: what does not fit the per-policy tables (cases/rbac/): an exemption applied through the CrossGuard
 * adapter, and values unknown during preview.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { toCrossGuard } from "../../policy-pack/lib/adapter";
import { allPolicies } from "../../policy-pack/policies";
import { preview, run, unknownString } from "./coverage-helpers";
import { binding, clusterRole, crRef, role, roleRef } from "./cases/fixtures/rbac";

describe("rbac-namespaced-secrets-read (advisory)", () => {
    const reader = [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list"] }];

    test("app roles are exempted through the policy config (exemptions with a reason), through the CrossGuard adapter", () => {
        const p = allPolicies.find((x) => x.name === "rbac-namespaced-secrets-read")!;
        const cg = toCrossGuard(p) as StackValidationPolicy;
        const stack = [role("app", reader, "shop"), role("ops", reader, "shop")];
        const reported: string[] = [];
        const config = {
            exemptions: [{ namespace: "shop", name: "app", kind: "Role", reason: "reads its own DB Secret" }],
        };
        cg.validateStack(
            {
                resources: stack.map((r) => ({
                    ...r,
                    isType: () => false,
                    asType: () => undefined,
                    dependencies: [],
                    propertyDependencies: {},
                })),
                getConfig: () => config,
            } as never,
            (m: string) => reported.push(m),
        );
        expect(reported).toEqual([
            'Role "ops" in namespace "shop" rules[0] grants get, list on every Secret.',
        ]);
    });
});

describe("rbac-no-system-masters-binding", () => {
    test("an unknown subject does not hide a known one", () => {
        const mixed = binding(
            "m",
            roleRef("x"),
            [
                { kind: "Group", name: unknownString },
                { kind: "Group", name: "system:masters" },
            ],
            "apps",
        );
        mixed.props = preview(mixed.props);
        expect(run("rbac-no-system-masters-binding", mixed)).toHaveLength(1);
    });
});

describe("rbac-missing-role (advisory)", () => {
    test("a role whose name is unknown during preview may be the one referenced: no finding for that kind", () => {
        const r = clusterRole("x", []);
        r.props = preview({ metadata: { name: unknownString }, rules: [] });
        expect(run("rbac-missing-role", [r, binding("a", crRef("generated"))])).toEqual([]);
        // Without it, the same binding is a finding: cases/rbac/rbac-missing-role.cases.ts.
    });
});
