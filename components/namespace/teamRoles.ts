/**
 * Least-privilege namespaced Roles for team access (brief R8). Neither role can read Secrets, exec/attach/port-forward
 * into pods, mint service-account tokens, change RBAC, or change NetworkPolicies (isolation is the platform's job).
 * Secrets come from Vault (issue 6), so teams never need the Secrets API.
 */

/** A plain RBAC PolicyRule. */
export interface PolicyRule {
    apiGroups: string[];
    resources: string[];
    verbs: string[];
}

/** Roles a team can be bound to. */
export type TeamRole = "viewer" | "developer";

const read = ["get", "list", "watch"];
const write = ["create", "update", "patch", "delete"];

/** Read-only access to the namespace's workloads, their logs and events. */
export const viewerRules: PolicyRule[] = [
    {
        apiGroups: [""],
        resources: [
            "pods",
            "pods/log",
            "services",
            "endpoints",
            "configmaps",
            "persistentvolumeclaims",
            "events",
            "serviceaccounts",
            "resourcequotas",
            "limitranges",
        ],
        verbs: read,
    },
    {
        apiGroups: ["apps"],
        resources: ["deployments", "statefulsets", "daemonsets", "replicasets"],
        verbs: read,
    },
    { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: read },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: read },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: read },
    { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies", "ingresses"], verbs: read },
    { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: read },
];

/** Viewer plus deploying and operating workloads: no Secrets, no exec, no RBAC, no NetworkPolicy writes. */
export const developerRules: PolicyRule[] = [
    ...viewerRules,
    { apiGroups: [""], resources: ["services", "configmaps", "persistentvolumeclaims"], verbs: write },
    { apiGroups: [""], resources: ["pods"], verbs: ["delete"] },
    {
        apiGroups: ["apps"],
        resources: ["deployments", "statefulsets", "deployments/scale", "statefulsets/scale"],
        verbs: write,
    },
    { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: write },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: write },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: write },
    { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: write },
];

export const teamRoleRules: Record<TeamRole, PolicyRule[]> = {
    viewer: viewerRules,
    developer: developerRules,
};

/**
 * ClusterRoles a team binding may never reference: cluster-admin and admin grant everything in the namespace
 * (including RBAC and Secrets), edit grants Secrets and exec. `system:` roles belong to the control plane.
 */
export const forbiddenClusterRoles = ["cluster-admin", "admin", "edit"];
