import { PolicyCases } from "../case";
import { readOnlyRole, role } from "../fixtures/catalogue";
import { aggregator, clusterRole as aggRole, crb, rbacAreaPasses, wild } from "../fixtures/rbac-holes";

const src = aggRole("src", { metadata: { labels: { "example.com/agg": "true" } }, rules: wild });
const agg = aggregator("agg", [{ matchLabels: { "example.com/agg": "true" } }]);
const everything = aggregator("everything", [{}]);

export const cases: PolicyCases = {
    policy: "rbac-no-wildcards",
    pass: [readOnlyRole(), ...rbacAreaPasses()],
    fail: [
        {
            name: "aggregating a stack role with wildcards: the aggregator is reported, not only the source",
            resources: [src, agg],
            message:
                'ClusterRole "agg" gets through its aggregationRule: ClusterRole "src" rules[0] uses a wildcard in verbs, resources, apiGroups.',
            count: 2,
            blame: [src, agg],
        },
        {
            name: "a selector for another label value aggregates nothing: only the source is reported",
            resources: [src, aggregator("other", [{ matchLabels: { "example.com/agg": "false" } }])],
            message: 'ClusterRole "src" rules[0] uses a wildcard',
            count: 1,
            blame: src,
        },
        {
            name: "an empty selector aggregates every ClusterRole, cluster-admin included",
            resources: [everything],
            message: 'built-in ClusterRole "cluster-admin" rules[0] uses a wildcard',
            count: 1,
            blame: everything,
        },
        {
            name: "a binding of the garbage collector's built-in role",
            resources: [crb("gc", "system:controller:generic-garbage-collector")],
            message: "system:controller:generic-garbage-collector",
            count: 1,
        },
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
