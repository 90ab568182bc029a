/** The rbac policies of the pack, one per file. */
import { BlueprintPolicy } from "../lib/types";
import { rbacAwsAuth } from "./rbac-aws-auth";
import { rbacCsrApproval } from "./rbac-csr-approval";
import { rbacEndpointsWrite } from "./rbac-endpoints-write";
import { rbacMissingRole } from "./rbac-missing-role";
import { rbacNamespacedSecretsRead } from "./rbac-namespaced-secrets-read";
import { rbacNoClusterAdminBinding } from "./rbac-no-cluster-admin-binding";
import { rbacNoClusterWideSecretsRead } from "./rbac-no-cluster-wide-secrets-read";
import { rbacNoEscalateBindImpersonate } from "./rbac-no-escalate-bind-impersonate";
import { rbacNoNodesProxy } from "./rbac-no-nodes-proxy";
import { rbacNoPublicSubjectBinding } from "./rbac-no-public-subject-binding";
import { rbacNoSystemMastersBinding } from "./rbac-no-system-masters-binding";
import { rbacNoWildcards } from "./rbac-no-wildcards";
import { rbacPodsExecAttach } from "./rbac-pods-exec-attach";
import { rbacPortForward } from "./rbac-port-forward";
import { rbacSensitivePermissions } from "./rbac-sensitive-permissions";

export const policies: BlueprintPolicy[] = [
    rbacNoClusterAdminBinding,
    rbacNoClusterWideSecretsRead,
    rbacNoWildcards,
    rbacNoEscalateBindImpersonate,
    rbacNoNodesProxy,
    rbacPodsExecAttach,
    rbacSensitivePermissions,
    rbacNoPublicSubjectBinding,
    // Issue 16: catalogue coverage.
    rbacNamespacedSecretsRead,
    rbacCsrApproval,
    rbacPortForward,
    rbacAwsAuth,
    rbacEndpointsWrite,
    rbacNoSystemMastersBinding,
    rbacMissingRole,
];
