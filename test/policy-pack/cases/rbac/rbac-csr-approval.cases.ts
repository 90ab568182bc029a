import { PolicyCases } from "../case";
import { readOnlyRole } from "../fixtures/catalogue";
import { rbacAreaPasses } from "../fixtures/rbac-holes";
import { clusterRole } from "../fixtures/rbac";

export const cases: PolicyCases = {
    policy: "rbac-csr-approval",
    pass: [
        readOnlyRole(),
        ...rbacAreaPasses(),
        {
            name: "reading or creating CSRs, signing",
            resources: clusterRole("csr", [
                {
                    apiGroups: ["certificates.k8s.io"],
                    resources: ["certificatesigningrequests"],
                    verbs: ["get", "list", "create"],
                },
                { apiGroups: ["certificates.k8s.io"], resources: ["signers"], verbs: ["sign"] },
            ]),
        },
    ],
    fail: [
        {
            name: "update on certificatesigningrequests/approval and approve on signers",
            resources: clusterRole("csr", [
                {
                    apiGroups: ["certificates.k8s.io"],
                    resources: ["certificatesigningrequests/approval"],
                    verbs: ["update"],
                },
                {
                    apiGroups: ["certificates.k8s.io"],
                    resources: ["signers"],
                    resourceNames: ["kubernetes.io/kube-apiserver-client"],
                    verbs: ["approve"],
                },
            ]),
            messages: [
                'ClusterRole "csr" rules[0] grants update on certificatesigningrequests/approval.',
                'ClusterRole "csr" rules[1] grants approve on signers kubernetes.io/kube-apiserver-client.',
            ],
        },
        {
            name: "wildcards in certificates.k8s.io",
            resources: clusterRole("w", [
                { apiGroups: ["certificates.k8s.io"], resources: ["*"], verbs: ["*"] },
            ]),
            messages: [
                'ClusterRole "w" rules[0] grants update on certificatesigningrequests/approval and approve on signers (every signer).',
            ],
        },
    ],
};
