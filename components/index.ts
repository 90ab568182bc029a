/**
 * The blueprint's public API: every component class with its Args type, and the helpers another stack needs to
 * compose them (`import { HardenedCluster, SecureNamespace, ... } from "hardened-cluster-blueprint"`).
 * In-cluster components take any `k8s.Provider`.
 */
export { HardenedCluster } from "./cluster/hardenedCluster";
export type { HardenedClusterArgs } from "./cluster/args";
export { ClusterNetwork } from "./cluster/network";
export type { ClusterNetworkArgs } from "./cluster/network";
export { existingClusterProvider } from "./cluster/existingCluster";
export type { ExistingClusterArgs } from "./cluster/existingCluster";
export { SUPPORTED_VERSIONS, CLUSTER_DEFAULTS } from "./cluster/defaults";

export { IrsaRole } from "./identity/irsaRole";
export type { IrsaRoleArgs } from "./identity/irsaRole";

export { SecureNamespace, namespaceDefaults } from "./namespace/secureNamespace";
export type { SecureNamespaceArgs, TeamAccess } from "./namespace/secureNamespace";
export { platformNamespaceSpecs } from "./namespace/platformNamespaces";
export type { NamespaceArg } from "./namespace/namespaceRef";

export { PlatformNetworkPolicies } from "./network/platformNetworkPolicies";
export type { PlatformNetworkPoliciesArgs } from "./network/platformNetworkPolicies";
export {
    allowFrom,
    allowTo,
    allowFromCidrs,
    allowToCidrs,
    defaultDeny,
    dnsEgress,
    networkPolicy,
} from "./network/builder";

export { SecureWorkload } from "./workload/secureWorkload";
export type { SecureWorkloadArgs } from "./workload/secureWorkload";

export { Vault } from "./vault/vault";
export type { VaultArgs, VaultKmsUnsealArgs } from "./vault/vault";
export { VaultConfig, vaultConfigPending } from "./vault/vaultConfig";
export type { VaultConfigArgs, VaultApp } from "./vault/vaultConfig";
export { vaultInjection } from "./vault/injection";
export type { VaultInjectionArgs } from "./vault/injection";
export { kvDataPath } from "./vault/hcl";

export { Harbor } from "./registry/harbor";
export type { HarborArgs } from "./registry/harbor";
export { HarborProject } from "./registry/harborProject";
export type { HarborProjectArgs } from "./registry/harborProject";
export { harborImagePullSecret } from "./registry/pullSecret";
export type { HarborImagePullSecretArgs } from "./registry/pullSecret";

export { TrivyOperator } from "./scanning/trivyOperator";
export type { TrivyOperatorArgs } from "./scanning/trivyOperator";

export { KubePrometheusStack } from "./monitoring/kubePrometheusStack";
export type { KubePrometheusStackArgs } from "./monitoring/kubePrometheusStack";
export type { MonitoringStack, MonitoringRef } from "./monitoring/monitoringStack";
export { SecurityAlertRules } from "./monitoring/alertRules";
export type { SecurityAlertRulesArgs } from "./monitoring/alertRules";

export { Falco } from "./runtime/falco";
export type { FalcoArgs, FalcoCloudWatchArgs } from "./runtime/falco";

export { KubeBench } from "./compliance/kubeBench";
export type { KubeBenchArgs } from "./compliance/kubeBench";
export { KubeHunter } from "./compliance/kubeHunter";
export type { KubeHunterArgs } from "./compliance/kubeHunter";

export { ConfigError } from "./lib/errors";
export { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "./lib/security-context";

export { SecurityPlatform, securityPlatformNamespaces } from "./platform/securityPlatform";
export type {
    SecurityPlatformArgs,
    SecurityPlatformEksArgs,
    SecurityPlatformFalcoArgs,
    SecurityPlatformHarborArgs,
    SecurityPlatformVaultArgs,
} from "./platform/securityPlatform";
