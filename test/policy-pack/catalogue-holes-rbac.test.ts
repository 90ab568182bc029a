/**
 * Issue 12, "catalogue holes", RBAC: cluster-admin-equivalent power granted through an aggregationRule, through
 * bindings to built-in ClusterRoles (edit, admin, system:aggregate-to-*, the aggregation controller's role), or
 * through `get` on pods/exec (enough to exec before Kubernetes 1.35). The rule policies judge what a role really
 * grants: own rules, aggregated rules, and the rules of the built-in role a binding references.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { toCrossGuard } from "../../policy-pack/lib/adapter";
import { allPolicies } from "../../policy-pack/policies";
import { policies as rbacPolicies } from "../../policy-pack/rbac";
import { PolicyResource } from "../../policy-pack/lib/types";
import { Obj, preview, res, run, unknownString } from "./coverage-helpers";

const rbac = "kubernetes:rbac.authorization.k8s.io/v1";
const clusterRole = (name: string, props: Obj) =>
    res(`${rbac}:ClusterRole`, { ...props, metadata: { ...(props.metadata ?? {}), name } }, `cr-${name}`);
const crb = (name: string, role: string) =>
    res(
        `${rbac}:ClusterRoleBinding`,
        {
            metadata: { name },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
            subjects: [{ kind: "Group", name: "devs", apiGroup: "rbac.authorization.k8s.io" }],
        },
        `crb-${name}`,
    );
const rb = (name: string, role: string, ns: string, kind = "ClusterRole") =>
    res(
        `${rbac}:RoleBinding`,
        {
            metadata: { name, namespace: ns },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind, name: role },
            subjects: [{ kind: "Group", name: "devs", apiGroup: "rbac.authorization.k8s.io" }],
        },
        `rb-${ns}-${name}`,
    );
const aggregator = (name: string, clusterRoleSelectors: Obj[]) =>
    clusterRole(name, { aggregationRule: { clusterRoleSelectors }, rules: [] });
const urns = (fs: Array<{ urn?: string; undecided?: boolean }>) =>
    fs.filter((f) => !f.undecided).map((f) => f.urn);
const wild = [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }];

describe("an aggregationRule is judged by the rules it pulls in", () => {
    test("aggregating a stack role with wildcards: the aggregator is reported, not only the source", () => {
        const src = clusterRole("src", { metadata: { labels: { "example.com/agg": "true" } }, rules: wild });
        const agg = aggregator("agg", [{ matchLabels: { "example.com/agg": "true" } }]);
        const f = run("rbac-no-wildcards", [src, agg]);
        expect(urns(f)).toEqual([src.urn, agg.urn]);
        expect(f[1].message).toBe(
            'ClusterRole "agg" gets through its aggregationRule: ClusterRole "src" rules[0] uses a wildcard in verbs, resources, apiGroups.',
        );
        // A selector that matches nothing, or another value, aggregates nothing.
        const other = aggregator("other", [{ matchLabels: { "example.com/agg": "false" } }]);
        expect(urns(run("rbac-no-wildcards", [src, other]))).toEqual([src.urn]);
    });

    test("an empty selector aggregates every ClusterRole, cluster-admin included", () => {
        const agg = aggregator("everything", [{}]);
        const f = run("rbac-no-wildcards", [agg]);
        expect(urns(f)).toEqual([agg.urn]);
        expect(f[0].message).toContain('built-in ClusterRole "cluster-admin" rules[0] uses a wildcard');
        expect(urns(run("rbac-no-escalate-bind-impersonate", [agg]))).toEqual([agg.urn]);
    });

    test("selecting built-ins through their aggregate-to-* labels (matchLabels or matchExpressions)", () => {
        const byLabels = aggregator("edit-like", [
            { matchLabels: { "rbac.authorization.k8s.io/aggregate-to-edit": "true" } },
        ]);
        const f = run("rbac-no-escalate-bind-impersonate", [byLabels]);
        expect(f.map((x) => x.message)).toEqual([
            expect.stringContaining(
                'ClusterRole "edit-like" gets through its aggregationRule: built-in ClusterRole "system:aggregate-to-edit" rules[1] grants impersonate',
            ),
        ]);
        const byExpr = aggregator("admin-like", [
            {
                matchExpressions: [
                    { key: "rbac.authorization.k8s.io/aggregate-to-admin", operator: "In", values: ["true"] },
                ],
            },
        ]);
        // aggregate-to-admin selects edit, which itself aggregates aggregate-to-edit: the chain is followed.
        expect(urns(run("rbac-no-escalate-bind-impersonate", [byExpr]))).toEqual([byExpr.urn]);
        expect(urns(run("rbac-pods-exec-attach", [byExpr]))).toEqual([byExpr.urn]);
    });

    test("aggregating view-level roles only passes every RBAC rule policy", () => {
        const viewLike = aggregator("view-like", [
            { matchLabels: { "rbac.authorization.k8s.io/aggregate-to-view": "true" } },
        ]);
        const notIn = aggregator("none", [
            { matchExpressions: [{ key: "example.com/x", operator: "Exists" }] },
        ]);
        for (const p of rbacPolicies)
            expect({ p: p.name, f: run(p.name, [viewLike, notIn]) }).toEqual({ p: p.name, f: [] });
    });

    test("a stack role labelled aggregate-to-edit reaches every binding of the built-in edit", () => {
        const sneaky = clusterRole("sneaky", {
            metadata: { labels: { "rbac.authorization.k8s.io/aggregate-to-edit": "true" } },
            rules: [{ apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"] }],
        });
        const b = rb("team", "edit", "apps");
        const f = run("rbac-no-nodes-proxy", [sneaky, b]);
        expect(urns(f)).toEqual([sneaky.urn, b.urn]);
        expect(f[1].message).toContain('ClusterRole "sneaky" rules[0] grants get on nodes/proxy');
    });

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
    test("a RoleBinding of edit: impersonate, exec, pods and tokens, every Secret of the namespace", () => {
        const b = rb("team", "edit", "apps");
        for (const p of [
            "rbac-no-escalate-bind-impersonate",
            "rbac-pods-exec-attach",
            "rbac-port-forward",
            "rbac-sensitive-permissions",
            "rbac-namespaced-secrets-read",
        ])
            expect({ p, urns: urns(run(p, [b])) }).toEqual({ p, urns: [b.urn] });
        expect(run("rbac-no-escalate-bind-impersonate", [b])[0].message).toBe(
            'RoleBinding "team" in namespace "apps" binds built-in ClusterRole "edit": built-in ClusterRole "system:aggregate-to-edit" rules[1] grants impersonate.',
        );
        // Namespaced: not cluster-wide, and not kube-system.
        expect(run("rbac-no-cluster-wide-secrets-read", [b])).toEqual([]);
        expect(run("rbac-aws-auth", [b])).toEqual([]);
    });

    test("edit in kube-system reaches aws-auth; a ClusterRoleBinding of admin reads every Secret", () => {
        const ks = rb("ops", "edit", "kube-system");
        expect(run("rbac-aws-auth", [ks]).map((f) => f.message)).toEqual([
            expect.stringMatching(
                /^RoleBinding "ops" in kube-system binds built-in ClusterRole "edit", whose built-in ClusterRole "system:aggregate-to-edit" rules\[\d+\] grant update\/patch/,
            ),
        ]);
        const admin = crb("admins", "admin");
        expect(urns(run("rbac-no-cluster-wide-secrets-read", [admin]))).toEqual([admin.urn]);
        expect(urns(run("rbac-no-escalate-bind-impersonate", [admin]))).toEqual([admin.urn]);
    });

    test("system:aggregate-to-edit and the aggregation controller's role", () => {
        const agg = crb("a", "system:aggregate-to-edit");
        expect(urns(run("rbac-no-escalate-bind-impersonate", [agg]))).toEqual([agg.urn]);
        const ctl = crb("c", "system:controller:clusterrole-aggregation-controller");
        const f = run("rbac-no-escalate-bind-impersonate", [ctl]);
        expect(f.map((x) => x.message)).toEqual([expect.stringMatching(/rules\[\d+\] grants escalate/)]);
        const kubelet = crb("k", "system:kubelet-api-admin");
        expect(urns(run("rbac-no-nodes-proxy", [kubelet]))).toEqual([kubelet.urn]);
        const gc = crb("gc", "system:controller:generic-garbage-collector");
        expect(urns(run("rbac-no-wildcards", [gc]))).toEqual([gc.urn]);
    });

    test("view, and a stack role named like a built-in, pass every RBAC policy", () => {
        const view = rb("readers", "view", "apps");
        const mine = clusterRole("edit", {
            rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }],
        });
        const b = rb("team", "edit", "apps");
        for (const p of rbacPolicies)
            expect({ p: p.name, f: run(p.name, [view, mine, b]) }).toEqual({ p: p.name, f: [] });
    });

    test("a cluster-admin binding is left to rbac-no-cluster-admin-binding by the rule policies", () => {
        const ca = crb("root", "cluster-admin");
        expect(urns(run("rbac-no-cluster-admin-binding", [ca]))).toHaveLength(1);
        for (const p of ["rbac-no-wildcards", "rbac-no-escalate-bind-impersonate", "rbac-pods-exec-attach"])
            expect({ p, f: run(p, [ca]) }).toEqual({ p, f: [] });
    });

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

describe("get on pods/exec is enough to exec before Kubernetes 1.35", () => {
    const getExec = clusterRole("exec-get", {
        rules: [{ apiGroups: [""], resources: ["pods/exec", "pods/log"], verbs: ["get"] }],
    });
    const eks = (version: string) => res("aws:eks/cluster:Cluster", { name: "c", version });

    test("reported when the target cluster is older than 1.35, or not known", () => {
        expect(run("rbac-pods-exec-attach", [getExec]).map((f) => f.message)).toEqual([
            'ClusterRole "exec-get" rules[0] grants get on pods/exec (get is enough to exec before Kubernetes 1.35).',
        ]);
        expect(run("rbac-pods-exec-attach", [getExec, eks("1.34")])).toHaveLength(1);
        expect(run("rbac-pods-exec-attach", [getExec], { kubernetesVersion: "1.33" })).toHaveLength(1);
        const pf = clusterRole("pf-get", {
            rules: [{ apiGroups: [""], resources: ["pods/portforward"], verbs: ["get"] }],
        });
        expect(run("rbac-port-forward", [pf])).toHaveLength(1);
    });

    test("passes when every target cluster is 1.35 or newer; create is reported at every version", () => {
        expect(run("rbac-pods-exec-attach", [getExec, eks("1.35")])).toEqual([]);
        expect(run("rbac-pods-exec-attach", [getExec], { kubernetesVersion: "1.36" })).toEqual([]);
        expect(run("rbac-pods-exec-attach", [getExec, eks("1.35"), eks("1.34")])).toHaveLength(1);
        const create = clusterRole("exec", {
            rules: [{ apiGroups: [""], resources: ["pods/attach"], verbs: ["create"] }],
        });
        expect(run("rbac-pods-exec-attach", [create, eks("1.35")])).toHaveLength(1);
    });
});
