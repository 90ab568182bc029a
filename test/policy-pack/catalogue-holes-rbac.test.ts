/**
 * Issue 12, "catalogue holes", RBAC: cluster-admin-equivalent power through an aggregationRule, bindings to built-in
 * ClusterRoles, or `get` on pods/exec before Kubernetes 1.35. The pass and fail cases are in the RBAC tables
 * (cases/rbac/); what stays here: selectors and labels unknown during preview, and a binding's exemption through the
 * CrossGuard adapter.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { toCrossGuard } from "../../policy-pack/lib/adapter";
import { allPolicies } from "../../policy-pack/policies";
import { PolicyResource } from "../../policy-pack/lib/types";
import { res, run } from "./cases/case";
import { aggregator, clusterRole, rb, wild } from "./cases/fixtures/rbac-holes";
import { preview, unknownString } from "./coverage-helpers";

const rbac = "kubernetes:rbac.authorization.k8s.io/v1";
const urns = (fs: Array<{ urn?: string; undecided?: boolean }>) =>
    fs.filter((f) => !f.undecided).map((f) => f.urn);

describe("an aggregationRule is judged by the rules it pulls in", () => {
    test("an unknown selector or label is reported as undecided, never passed", () => {
        const src = clusterRole("src", {
            metadata: { labels: preview({ "example.com/agg": unknownString }) },
            rules: wild,
        });
        const agg = aggregator("agg", [{ matchLabels: { "example.com/agg": "true" } }]);
        const f = run("rbac-no-wildcards", [src, agg]);
        expect(urns(f)).toEqual([src.urn]);
        expect(f.filter((x) => x.undecided)).toEqual([
            {
                message: expect.stringContaining('whether its aggregationRule pulls in ClusterRole(s) "src"'),
                urn: agg.urn,
                undecided: true,
            },
        ]);
        const unknownSel = res(
            `${rbac}:ClusterRole`,
            preview({ metadata: { name: "u" }, aggregationRule: { clusterRoleSelectors: [unknownString] } }),
        );
        const g = run("rbac-no-wildcards", [unknownSel]);
        expect(g).toEqual([
            {
                message: expect.stringContaining('"cluster-admin"'),
                urn: unknownSel.urn,
                undecided: true,
            },
        ]);
    });
});

describe("bindings are judged by the rules of the built-in role they reference", () => {
    test("a binding finding is exempted by the binding's own exemption (through the CrossGuard adapter)", () => {
        const p = allPolicies.find((x) => x.name === "rbac-no-escalate-bind-impersonate")!;
        const cg = toCrossGuard(p) as StackValidationPolicy;
        const stack: PolicyResource[] = [rb("team", "edit", "apps"), rb("team", "edit", "shop")];
        const reported: string[] = [];
        cg.validateStack(
            {
                resources: stack.map((r) => ({
                    ...r,
                    isType: () => false,
                    asType: () => undefined,
                    dependencies: [],
                    propertyDependencies: {},
                })),
                getConfig: () => ({
                    exemptions: [
                        { namespace: "apps", kind: "RoleBinding", reason: "reviewed: the apps team owns it" },
                    ],
                }),
            } as never,
            (m: string) => reported.push(m),
        );
        expect(reported).toEqual([expect.stringContaining('RoleBinding "team" in namespace "shop"')]);
    });
});
