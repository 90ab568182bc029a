/**
 * The typed Args of {@link HardenedCluster}. They live in their own module so the pure validator, config/cluster.ts
 * and the component share them without an import cycle. Values are plain (not Inputs) on purpose: every one of
 * them is validated before any resource is registered, which needs known values. Values from another stack must be
 * resolved first (e.g. read with a StackReference's `getOutputValue` / `requireOutputValue` in an async program).
 */

/** Size and instance types of one managed node group. */
export interface NodeGroupSizing {
    /** EC2 instance types, e.g. `["m6i.large"]`. With several types, EKS picks by capacity. */
    instanceTypes: string[];
    /** Minimum number of nodes (0 or more). */
    minSize: number;
    /** Initial number of nodes; must be within min..max. Later drift (cluster autoscaler) is ignored. */
    desiredSize: number;
    /** Maximum number of nodes (1 or more). */
    maxSize: number;
}

/** A VPC and subnets the user brings instead of the VPC HardenedCluster creates. */
export interface ExistingNetwork {
    /** The VPC id, `vpc-...`. */
    vpcId: string;
    /**
     * Private subnets (no route to an internet gateway, egress through NAT or VPC endpoints) in at least 2 AZs.
     * Nodes and the control-plane ENIs go here. Tag them `kubernetes.io/role/internal-elb=1` yourself.
     */
    privateSubnetIds: string[];
}

/** Versions of the EKS managed add-ons, e.g. `v1.19.2-eksbuild.1`. Unset: the EKS default for the cluster version. */
export interface AddonVersions {
    /** Amazon VPC CNI (`vpc-cni`). */
    vpcCni?: string;
    /** CoreDNS (`coredns`). */
    coredns?: string;
    /** kube-proxy (`kube-proxy`). */
    kubeProxy?: string;
    /** EKS Pod Identity agent (`eks-pod-identity-agent`). */
    podIdentityAgent?: string;
    /** Amazon EBS CSI driver (`aws-ebs-csi-driver`). */
    ebsCsiDriver?: string;
}

/** Arguments of {@link HardenedCluster}. Every field is optional; defaults are in `CLUSTER_DEFAULTS`. */
export interface HardenedClusterArgs {
    /** EKS cluster name (also names the log group `/aws/eks/<name>/cluster`). 1-100 of `[A-Za-z0-9_-]`. */
    clusterName?: string;
    /** Kubernetes version; one of `SUPPORTED_VERSIONS`. */
    version?: string;
    /** IPv4 CIDR of the created VPC, /16 to /20. Ignored with `existingNetwork`. */
    vpcCidr?: string;
    /** Number of AZs of the created VPC (2-6), taken in order from the region's available AZs. Default 3. */
    availabilityZoneCount?: number;
    /** Explicit AZ names for the created VPC (at least 2); overrides `availabilityZoneCount`. */
    availabilityZones?: string[];
    /** One NAT gateway for all AZs instead of one per AZ: cheaper, but an AZ outage cuts every node's egress. */
    singleNatGateway?: boolean;
    /** Bring your own VPC and private subnets; no network resources are created then. */
    existingNetwork?: ExistingNetwork;
    /**
     * IPv4 CIDR of the cluster's Services (EKS `kubernetesNetworkConfig.serviceIpv4Cidr`), /12 to /24, private, not
     * overlapping the VPC. Its first address is the `kubernetes` API Service that NetworkPolicies must allow.
     * Default `172.20.0.0/16`. Fixed at cluster creation.
     */
    serviceCidr?: string;
    /**
     * Turn on the public API endpoint. Off by default (private endpoint only). When on, `endpointPublicAccessCidrs`
     * must list the allowed CIDRs; `0.0.0.0/0` and `::/0` are refused.
     */
    endpointPublicAccess?: boolean;
    /** CIDRs allowed to reach the public endpoint (only with `endpointPublicAccess`), e.g. `["203.0.113.10/32"]`. */
    endpointPublicAccessCidrs?: string[];
    /**
     * CIDRs inside or peered with the VPC allowed to reach the private endpoint on 443 (a runner, VPN or bastion).
     * Nodes always can (EKS cluster security group). Default none; `/0` is refused.
     */
    endpointPrivateAccessCidrs?: string[];
    /** Retention of the control-plane log group in days; one of CloudWatch's accepted values. Default 365. */
    logRetentionDays?: number;
    /** IAM role or user ARNs that get `AmazonEKSClusterAdminPolicy` (cluster scope) through access entries. */
    adminRoleArns?: string[];
    /** IAM role or user ARNs that get `AmazonEKSViewPolicy` (cluster scope) through access entries. */
    viewerRoleArns?: string[];
    /**
     * Give the identity running `pulumi up` cluster admin through an access entry (an assumed-role session is
     * converted to its IAM role ARN). Default true, because `bootstrapClusterCreatorAdminPermissions` is false and
     * the stack itself must reach the cluster. Set false when that identity is already in `adminRoleArns`
     * (two entries for one principal conflict) or when another admin path exists.
     */
    addDeployerAsAdmin?: boolean;
    /**
     * IAM principals named as key administrators in both KMS key policies (they manage, never use, the keys).
     * Default: the deploying identity. They must exist: KMS rejects a policy naming an unknown principal.
     */
    keyAdminArns?: string[];
    /** Managed node group AMI type; one of `AMI_TYPES` (AL2023 or Bottlerocket). */
    amiType?: string;
    /** The system node group (cluster add-ons); unset fields take the defaults. */
    systemNodes?: Partial<NodeGroupSizing>;
    /** The general node group (platform and workloads); unset fields take the defaults. */
    generalNodes?: Partial<NodeGroupSizing>;
    /** Size of each node's encrypted gp3 root volume in GiB (20-16384). */
    nodeVolumeSizeGiB?: number;
    /**
     * Create the `AWSServiceRoleForAutoScaling` service-linked role. Needed only in an account that never used EC2
     * Auto Scaling: the volume key's policy names that role, and KMS refuses a policy naming a missing principal.
     * Creating it when it exists fails, hence default false.
     */
    createAutoscalingServiceLinkedRole?: boolean;
    /** Pinned versions of the EKS managed add-ons. */
    addonVersions?: AddonVersions;
    /** Name of the default encrypted gp3 StorageClass. Default `gp3-encrypted`. */
    storageClassName?: string;
    /** Tags for every taggable AWS resource. */
    tags?: Record<string, string>;
    /**
     * Other CloudWatch log groups (names) that the volume key encrypts, e.g. Falco's `/blueprint/falco/events`. The key
     * policy grants CloudWatch Logs use of the key for each group's own ARN (encryption context), so CreateLogGroup
     * with this key succeeds for them and for no other group.
     */
    extraLogGroupNames?: string[];
    /**
     * Evidence and keys survive `pulumi destroy` and replacements: the audit log group and both KMS keys get
     * `protect` (Pulumi refuses to delete them) and `retainOnDelete` (a delete leaves them in AWS). Default true.
     * Set false only for throw-away stacks; remove protection of a live stack with `pulumi state unprotect`.
     */
    protectEvidence?: boolean;
}

/** Network settings after defaults: either a VPC to create or one the user brings. */
export type ResolvedNetwork =
    | {
          kind: "create";
          vpcCidr: string;
          availabilityZones?: string[];
          availabilityZoneCount: number;
          singleNatGateway: boolean;
      }
    | ({ kind: "existing" } & ExistingNetwork);

/** {@link HardenedClusterArgs} with every default applied. */
export interface ResolvedClusterArgs {
    clusterName: string;
    version: string;
    network: ResolvedNetwork;
    serviceCidr: string;
    endpointPublicAccess: boolean;
    endpointPublicAccessCidrs: string[];
    endpointPrivateAccessCidrs: string[];
    logRetentionDays: number;
    adminRoleArns: string[];
    viewerRoleArns: string[];
    addDeployerAsAdmin: boolean;
    keyAdminArns: string[];
    amiType: string;
    systemNodes: NodeGroupSizing;
    generalNodes: NodeGroupSizing;
    nodeVolumeSizeGiB: number;
    createAutoscalingServiceLinkedRole: boolean;
    addonVersions: AddonVersions;
    storageClassName: string;
    tags: Record<string, string>;
    extraLogGroupNames: string[];
    protectEvidence: boolean;
}
