/** The rbac policies of the pack, one per file. */
import { BlueprintPolicy } from "../lib/types";
import { rbacNoClusterAdminBinding } from "./rbac-no-cluster-admin-binding";
import { rbacNoClusterWideSecretsRead } from "./rbac-no-cluster-wide-secrets-read";
import { rbacNoEscalateBindImpersonate } from "./rbac-no-escalate-bind-impersonate";
import { rbacNoNodesProxy } from "./rbac-no-nodes-proxy";
import { rbacNoPublicSubjectBinding } from "./rbac-no-public-subject-binding";
import { rbacNoWildcards } from "./rbac-no-wildcards";
import { rbacPodsExecAttach } from "./rbac-pods-exec-attach";
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
];
