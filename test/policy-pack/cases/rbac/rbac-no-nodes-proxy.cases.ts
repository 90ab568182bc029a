import { PolicyCases } from "../case";
import { readOnlyRole, role } from "../fixtures/catalogue";
import { clusterRole as aggRole, crb, rb, rbacAreaPasses } from "../fixtures/rbac-holes";

const sneaky = aggRole("sneaky", {
    metadata: { labels: { "rbac.authorization.k8s.io/aggregate-to-edit": "true" } },
    rules: [{ apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"] }],
});
const editBinding = rb("team", "edit", "apps");

export const cases: PolicyCases = {
    policy: "rbac-no-nodes-proxy",
    pass: [
        readOnlyRole(),
        ...rbacAreaPasses(),
        {
            name: "nodes and nodes/metrics",
            resources: role([{ apiGroups: [""], resources: ["nodes", "nodes/metrics"], verbs: ["get"] }]),
        },
    ],
    fail: [
        {
            name: "a stack role labelled aggregate-to-edit reaches every binding of the built-in edit",
            resources: [sneaky, editBinding],
            message: 'ClusterRole "sneaky" rules[0] grants get on nodes/proxy',
            count: 2,
            blame: [sneaky, editBinding],
        },
        {
            name: "a binding of system:kubelet-api-admin",
            resources: [crb("k", "system:kubelet-api-admin")],
            message: "system:kubelet-api-admin",
            count: 1,
        },
        {
            name: "get nodes/proxy",
            resources: role([{ apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"] }]),
            message: "nodes/proxy",
            count: 1,
        },
    ],
};
