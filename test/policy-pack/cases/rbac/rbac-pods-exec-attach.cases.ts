import { PolicyCases } from "../case";
import { readOnlyRole, role } from "../fixtures/catalogue";
import {
    aggregator,
    clusterRole as aggRole,
    crb,
    eks,
    getExec,
    rb,
    rbacAreaPasses,
} from "../fixtures/rbac-holes";

export const cases: PolicyCases = {
    policy: "rbac-pods-exec-attach",
    enforcementLevel: "advisory",
    pass: [
        readOnlyRole(),
        ...rbacAreaPasses(),
        {
            name: "a cluster-admin binding is left to rbac-no-cluster-admin-binding",
            resources: [crb("root", "cluster-admin")],
        },
        {
            name: "get on pods/exec when every target cluster is 1.35 or newer",
            resources: [getExec(), eks("1.35")],
        },
        {
            name: "get on pods/exec with config kubernetesVersion 1.36",
            resources: [getExec()],
            config: { kubernetesVersion: "1.36" },
        },
        {
            name: "get pods/log",
            resources: role([{ apiGroups: [""], resources: ["pods/log"], verbs: ["get"] }]),
        },
    ],
    fail: [
        {
            name: "aggregate-to-admin (matchExpressions): exec through the aggregated edit",
            resources: [
                aggregator("admin-like", [
                    {
                        matchExpressions: [
                            {
                                key: "rbac.authorization.k8s.io/aggregate-to-admin",
                                operator: "In",
                                values: ["true"],
                            },
                        ],
                    },
                ]),
            ],
            message: 'ClusterRole "admin-like"',
            count: 1,
        },
        {
            name: "a RoleBinding of the built-in edit",
            resources: [rb("team", "edit", "apps")],
            message: 'RoleBinding "team" in namespace "apps"',
            count: 1,
        },
        {
            name: "get on pods/exec when the target cluster is not known",
            resources: [getExec()],
            messages: [
                'ClusterRole "exec-get" rules[0] grants get on pods/exec (get is enough to exec before Kubernetes 1.35).',
            ],
        },
        {
            name: "get on pods/exec on a 1.34 EKS cluster",
            resources: [getExec(), eks("1.34")],
            message: "get is enough to exec before Kubernetes 1.35",
            count: 1,
        },
        {
            name: "get on pods/exec with config kubernetesVersion 1.33",
            resources: [getExec()],
            config: { kubernetesVersion: "1.33" },
            message: "get is enough to exec before Kubernetes 1.35",
            count: 1,
        },
        {
            name: "get on pods/exec when one of the target clusters is older than 1.35",
            resources: [getExec(), eks("1.35"), eks("1.34")],
            message: "get is enough to exec before Kubernetes 1.35",
            count: 1,
        },
        {
            name: "create on pods/attach at every version",
            resources: [
                aggRole("exec", {
                    rules: [{ apiGroups: [""], resources: ["pods/attach"], verbs: ["create"] }],
                }),
                eks("1.35"),
            ],
            message: "pods/attach",
            count: 1,
        },
        {
            name: "create pods/exec",
            resources: role([{ apiGroups: [""], resources: ["pods/exec"], verbs: ["create"] }]),
            message: "pods/exec",
            count: 1,
        },
    ],
};
