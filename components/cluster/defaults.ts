/**
 * Every default and every accepted-value list of the cluster area, in one place. config/cluster.ts, the validator
 * and HardenedCluster all read from here, so a default changes in exactly one line.
 */

/** Kubernetes versions HardenedCluster accepts (EKS standard support). Update here, nowhere else. */
export const SUPPORTED_VERSIONS = ["1.32", "1.33", "1.34", "1.35"] as const;

/** The only values CloudWatch Logs accepts for `retentionInDays`. */
export const CLOUDWATCH_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Managed node group AMI types HardenedCluster accepts: AL2023 or Bottlerocket (no AL2, no custom AMIs). */
export const AMI_TYPES = [
    "AL2023_x86_64_STANDARD",
    "AL2023_ARM_64_STANDARD",
    "BOTTLEROCKET_x86_64",
    "BOTTLEROCKET_ARM_64",
] as const;

/** All five EKS control-plane log types. */
export const CLUSTER_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/** EKS access policies granted to `adminRoleArns` / `viewerRoleArns` (partition is substituted at deploy time). */
export const ACCESS_POLICIES = {
    admin: "cluster-access-policy/AmazonEKSClusterAdminPolicy",
    viewer: "cluster-access-policy/AmazonEKSViewPolicy",
} as const;

/** Service account of the EBS CSI controller (the IRSA role trusts exactly this one). */
export const EBS_CSI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "ebs-csi-controller-sa" } as const;

/** Service account of the VPC CNI (aws-node DaemonSet); its IRSA role holds AmazonEKS_CNI_Policy, not the node role. */
export const VPC_CNI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "aws-node" } as const;

/** Defaults of {@link HardenedClusterArgs} and of the `cluster.*` config keys. */
export const CLUSTER_DEFAULTS = {
    clusterName: "blueprint",
    version: "1.34",
    vpcCidr: "10.0.0.0/16",
    /** Set explicitly (EKS would pick 172.20.0.0/16 or 10.100.0.0/16 by the VPC's range) so policies can name it. */
    serviceCidr: "172.20.0.0/16",
    availabilityZoneCount: 3,
    singleNatGateway: false,
    endpointPublicAccess: false,
    logRetentionDays: 365,
    addDeployerAsAdmin: true,
    amiType: "AL2023_x86_64_STANDARD",
    systemNodes: { instanceTypes: ["m6i.large"], minSize: 2, desiredSize: 2, maxSize: 3 },
    generalNodes: { instanceTypes: ["m6i.xlarge"], minSize: 2, desiredSize: 3, maxSize: 6 },
    nodeVolumeSizeGiB: 50,
    createAutoscalingServiceLinkedRole: false,
    storageClassName: "gp3-encrypted",
    /** Suffix of the second, Retain StorageClass for stateful platform volumes (Vault, Harbor). */
    retainStorageClassSuffix: "-retain",
    protectEvidence: true,
    /** KMS deletion window: the maximum, so a mistaken delete can be cancelled for a month. */
    kmsDeletionWindowInDays: 30,
} as const;
