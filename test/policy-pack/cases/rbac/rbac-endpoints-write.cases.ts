import { PolicyCases } from "../case";
import { readOnlyRole } from "../fixtures/catalogue";
import { rbacAreaPasses } from "../fixtures/rbac-holes";
import { clusterRole, role } from "../fixtures/rbac";

export const cases: PolicyCases = {
    policy: "rbac-endpoints-write",
    pass: [
        readOnlyRole(),
        ...rbacAreaPasses(),
        {
            name: "reading endpoints and endpointslices",
            resources: role("ep", [
                {
                    apiGroups: ["", "discovery.k8s.io"],
                    resources: ["endpoints", "endpointslices"],
                    verbs: ["get", "list", "watch"],
                },
            ]),
        },
        {
            name: "endpointslices in the core group is not the real resource",
            resources: role("ep", [{ apiGroups: [""], resources: ["endpointslices"], verbs: ["create"] }]),
        },
    ],
    fail: [
        {
            name: "create/update on endpoints",
            resources: role("ep", [
                { apiGroups: [""], resources: ["endpoints"], verbs: ["get", "create", "update"] },
            ]),
            messages: ['Role "ep" rules[0] grants create, update on endpoints (traffic hijack).'],
        },
        {
            name: "patch on endpointslices",
            resources: clusterRole("eps", [
                { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["patch"] },
            ]),
            messages: ['ClusterRole "eps" rules[0] grants patch on endpointslices (traffic hijack).'],
        },
    ],
};
