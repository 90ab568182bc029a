import * as aws from "../lib/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { IrsaRole } from "../identity/irsaRole";
import { throwIfProblems } from "../lib/errors";
import { HardenedClusterArgs } from "./args";
import {
    ACCESS_POLICIES,
    CLUSTER_DEFAULTS,
    CLUSTER_LOG_TYPES,
    EBS_CSI_SERVICE_ACCOUNT,
    VPC_CNI_SERVICE_ACCOUNT,
} from "./defaults";
import { buildKubeconfig } from "./kubeconfig";
import { ClusterNetwork } from "./network";
import {
    clusterRoleKmsPolicy,
    deployerPrincipalArn,
    ebsCsiKmsPolicy,
    logGroupArn,
    logsVolumeKeyPolicy,
    secretsKeyPolicy,
    serviceTrustPolicy,
} from "./policies";
import { argsLabel, resolveClusterArgs, validateClusterArgs } from "./validate";

export type { AddonVersions, ExistingNetwork, HardenedClusterArgs, NodeGroupSizing } from "./args";

/** Launch-template block devices: an encrypted gp3 root volume (Bottlerocket: OS and data volume) with the key. */
export function nodeBlockDevices(amiType: string, sizeGiB: number, kmsKeyId: pulumi.Input<string>) {
    const ebs = (volumeSize: number) => ({
        volumeSize,
        volumeType: "gp3",
        encrypted: "true",
        kmsKeyId,
        deleteOnTermination: "true",
    });
    return amiType.startsWith("BOTTLEROCKET")
        ? [
              { deviceName: "/dev/xvda", ebs: ebs(4) },
              { deviceName: "/dev/xvdb", ebs: ebs(sizeGiB) },
          ]
        : [{ deviceName: "/dev/xvda", ebs: ebs(sizeGiB) }];
}

/** IMDS settings of every node: IMDSv2 only, hop limit 1 so pods (one hop further) cannot reach the node role. */
export const NODE_METADATA_OPTIONS = {
    httpEndpoint: "enabled",
    httpTokens: "required",
    httpPutResponseHopLimit: 1,
    instanceMetadataTags: "disabled",
} as const;

/** `configurationValues` of the vpc-cni add-on: without it, NetworkPolicies are accepted but never enforced. */
export const VPC_CNI_CONFIGURATION = { enableNetworkPolicy: "true" } as const;

/**
 * Tag specifications of the node launch template. EC2 rejects a tag specification without tags
 * (`InvalidTagSpecification.Malformed`), so the volume specification exists only when there are tags; instances
 * always have at least their Name.
 */
export function nodeTagSpecifications(clusterName: string, tags: Record<string, string>) {
    return [
        { resourceType: "instance", tags: { ...tags, Name: `${clusterName}-node` } },
        ...(Object.keys(tags).length > 0 ? [{ resourceType: "volume", tags: { ...tags } }] : []),
    ];
}

/** The one line shown when the Auto Scaling service-linked role the volume key names does not exist. */
export function autoscalingRoleMissing(accountId: string): string {
    return (
        `config cluster.createAutoscalingServiceLinkedRole: account ${accountId} has no AWSServiceRoleForAutoScaling, ` +
        "which the node-volume key policy names; set it true (or run `aws iam create-service-linked-role " +
        "--aws-service-name autoscaling.amazonaws.com` once)"
    );
}

/** Turns an ARN into a stable, readable resource-name suffix. */
function slug(arn: string): string {
    return arn
        .split(":")
        .slice(4)
        .join("-")
        .replace(/[^A-Za-z0-9-]+/g, "-");
}

/**
 * An EKS cluster hardened by default: private endpoint, Secrets encrypted with a customer KMS key, all five
 * control-plane log types into a KMS-encrypted log group created first, API-only authentication with explicit access
 * entries, managed nodes with IMDSv2 (hop limit 1) and encrypted gp3 volumes in private subnets, IRSA + Pod Identity,
 * managed add-ons with NetworkPolicy enforcement, and a default encrypted gp3 StorageClass.
 *
 * Dependencies are only the real ones: the cluster waits for its log group and role permissions; node groups wait
 * for their role, private egress routes, and the vpc-cni + kube-proxy add-ons (self-managed add-ons are not
 * bootstrapped, so nodes are NotReady without them); coredns and the EBS CSI driver wait for nodes; kube-proxy,
 * vpc-cni and the Pod Identity agent wait for nothing but the cluster. The k8s provider's kubeconfig carries the
 * admin access-policy associations, so in-cluster resources wait for the deployer's access and nothing more.
 */
export class HardenedCluster extends pulumi.ComponentResource {
    /** The EKS cluster name. */
    public readonly clusterName: pulumi.Output<string>;
    /** The private (and, if enabled, public) API endpoint URL. */
    public readonly endpoint: pulumi.Output<string>;
    /** Base64 certificate-authority data. */
    public readonly certificateAuthority: pulumi.Output<string>;
    /** OIDC issuer URL (https://...) for IRSA. */
    public readonly oidcIssuerUrl: pulumi.Output<string>;
    /** ARN of the IAM OIDC provider (IrsaRole's `oidcProviderArn`). */
    public readonly oidcProviderArn: pulumi.Output<string>;
    /** ARN of the node IAM role. */
    public readonly nodeRoleArn: pulumi.Output<string>;
    /** kubeconfig (secret) that gets tokens from `aws eks get-token`. */
    public readonly kubeconfig: pulumi.Output<string>;
    /** A Kubernetes provider for in-cluster components. */
    public readonly provider: k8s.Provider;
    /** The security group EKS creates for the control plane and managed nodes. */
    public readonly clusterSecurityGroupId: pulumi.Output<string>;
    /** ARN of the key encrypting Kubernetes Secrets. */
    public readonly secretsKeyArn: pulumi.Output<string>;
    /** ARN of the key encrypting the log group, node volumes and PersistentVolumes. */
    public readonly volumeKeyArn: pulumi.Output<string>;
    /** Name of the default encrypted StorageClass. */
    public readonly storageClassName: string;
    /** The cluster's Service CIDR (`kubernetesNetworkConfig.serviceIpv4Cidr`); its first address is the API Service. */
    public readonly serviceCidr: string;
    /** Name of the encrypted StorageClass with reclaimPolicy Retain, for stateful platform volumes. */
    public readonly retainStorageClassName: string;
    /** VPC id (created or brought). */
    public readonly vpcId: pulumi.Output<string>;
    /** Private subnet ids. */
    public readonly privateSubnetIds: pulumi.Output<string[]>;
    /**
     * Resources after which pods can actually run (node groups, vpc-cni, coredns). Pass them as `dependsOn` to
     * in-cluster components that wait for Pods to become ready (Helm releases with `atomic`/`wait`).
     */
    public readonly readyForWorkloads: pulumi.Resource[];
    /** Resources after which nodes can run pods (node groups and vpc-cni), without waiting for CoreDNS. */
    public readonly nodesReady: pulumi.Resource[];
    /** The EKS cluster resource. */
    public readonly cluster: aws.eks.Cluster;

    constructor(name: string, args: HardenedClusterArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        // Validate before anything is registered, including this component.
        const r = resolveClusterArgs(args);
        throwIfProblems(validateClusterArgs(r, argsLabel).map((p) => p.line));
        super("blueprint:cluster:HardenedCluster", name, {}, opts);
        const parent = { parent: this };
        const tags = { ...r.tags };

        // --- Who and where we are: region comes from the aws provider (aws:region), not from a separate key.
        const caller = aws.getCallerIdentityOutput({}, parent);
        const part = aws.getPartitionOutput({}, parent);
        const region = aws.getRegionOutput({}, parent).region;
        const partition = part.partition;
        const accountId = caller.accountId;
        // The session context's issuer keeps the role's path (IAM Identity Center roles live under
        // /aws-reserved/sso.amazonaws.com/...): rebuilding role/<name> from the session ARN would lose it.
        const session = aws.iam.getSessionContextOutput({ arn: caller.arn }, parent);
        const deployerArn = pulumi
            .all([caller.arn, session.issuerArn])
            .apply(([arn, issuer]) => deployerPrincipalArn(arn, issuer));
        const keyAdmins: pulumi.Output<string[]> =
            r.keyAdminArns.length > 0 ? pulumi.output([...r.keyAdminArns]) : deployerArn.apply((a) => [a]);
        const managedPolicy = (p: string) => pulumi.interpolate`arn:${partition}:iam::aws:policy/${p}`;

        // --- Evidence and keys survive destroy and replacement (cluster.protectEvidence): protect makes Pulumi refuse
        // the delete, retainOnDelete leaves the AWS resource when protection is lifted on purpose.
        const evidence: pulumi.CustomResourceOptions = r.protectEvidence
            ? { protect: true, retainOnDelete: true }
            : {};

        // --- KMS keys. Policies are built from resolved values and JSON-encoded once (no Output in text).
        const keyArgs = {
            enableKeyRotation: true,
            deletionWindowInDays: CLUSTER_DEFAULTS.kmsDeletionWindowInDays,
            tags,
        };
        const secretsKey = new aws.kms.Key(
            `${name}-secrets`,
            {
                ...keyArgs,
                description: `EKS ${r.clusterName}: envelope encryption of Kubernetes Secrets`,
                policy: pulumi
                    .all([partition, accountId, keyAdmins])
                    .apply(([p, acct, admins]) =>
                        JSON.stringify(
                            secretsKeyPolicy({ partition: p, accountId: acct, adminArns: admins }),
                        ),
                    ),
            },
            { parent: this, ...evidence },
        );
        const logGroupName = `/aws/eks/${r.clusterName}/cluster`;
        const slr = r.createAutoscalingServiceLinkedRole
            ? new aws.iam.ServiceLinkedRole(
                  `${name}-autoscaling`,
                  { awsServiceName: "autoscaling.amazonaws.com" },
                  parent,
              )
            : undefined;
        // Without the switch, the role must already exist: KMS refuses a key policy naming a missing principal
        // (MalformedPolicyDocumentException), so say so in one line before anything is created.
        const slrPresent: pulumi.Output<boolean> = slr
            ? pulumi.output(true)
            : aws.iam
                  .getRolesOutput(
                      {
                          nameRegex: "^AWSServiceRoleForAutoScaling$",
                          pathPrefix: "/aws-service-role/autoscaling.amazonaws.com/",
                      },
                      parent,
                  )
                  .apply((roles) => (roles.names ?? []).length > 0);
        const volumeKey = new aws.kms.Key(
            `${name}-logs-volumes`,
            {
                ...keyArgs,
                description: `EKS ${r.clusterName}: control-plane log group, node and persistent volumes`,
                policy: pulumi
                    .all([partition, accountId, keyAdmins, region, part.dnsSuffix, slrPresent])
                    .apply(([p, acct, admins, reg, dns, present]) => {
                        if (!present) throw new pulumi.RunError(autoscalingRoleMissing(acct));
                        return JSON.stringify(
                            logsVolumeKeyPolicy({
                                partition: p,
                                accountId: acct,
                                adminArns: admins,
                                region: reg,
                                dnsSuffix: dns,
                                logGroupArns: [logGroupName, ...r.extraLogGroupNames].map((n) =>
                                    logGroupArn(p, reg, acct, n),
                                ),
                            }),
                        );
                    }),
            },
            // The policy names the Auto Scaling service-linked role: it must exist before KMS accepts the policy.
            { parent: this, dependsOn: slr ? [slr] : [], ...evidence },
        );
        this.secretsKeyArn = secretsKey.arn;
        this.volumeKeyArn = volumeKey.arn;

        // --- Audit log group, created before the cluster (else EKS creates an unencrypted one with no retention).
        // No deleteBeforeReplace: it is evidence. A replacement of the fixed name EKS requires fails with
        // "ResourceAlreadyExistsException" instead of erasing the audit trail (docs/known-failure-modes.md, 7.).
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-cluster-logs`,
            { name: logGroupName, retentionInDays: r.logRetentionDays, kmsKeyId: volumeKey.arn, tags },
            { parent: this, ...evidence },
        );

        // --- IAM roles.
        const clusterRole = new aws.iam.Role(
            `${name}-cluster`,
            {
                assumeRolePolicy: JSON.stringify(
                    serviceTrustPolicy("eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]),
                ),
                tags,
            },
            parent,
        );
        const clusterPolicy = new aws.iam.RolePolicyAttachment(
            `${name}-cluster-eks`,
            { role: clusterRole.name, policyArn: managedPolicy("AmazonEKSClusterPolicy") },
            parent,
        );
        const clusterKms = new aws.iam.RolePolicy(
            `${name}-cluster-kms`,
            {
                role: clusterRole.name,
                policy: secretsKey.arn.apply((k) => JSON.stringify(clusterRoleKmsPolicy(k))),
            },
            parent,
        );
        const nodeRole = new aws.iam.Role(
            `${name}-node`,
            { assumeRolePolicy: JSON.stringify(serviceTrustPolicy("ec2.amazonaws.com")), tags },
            parent,
        );
        // No AmazonEKS_CNI_Policy here: hostNetwork pods reach IMDS at hop 1 and could borrow the node role, so the
        // CNI's ENI permissions go to vpc-cni's own IRSA role (aws-node service account) below.
        const nodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"].map(
            (p) =>
                new aws.iam.RolePolicyAttachment(
                    `${name}-node-${p}`,
                    { role: nodeRole.name, policyArn: managedPolicy(p) },
                    parent,
                ),
        );
        this.nodeRoleArn = nodeRole.arn;

        // --- Network: created (3 AZs by default) or brought.
        let vpcId: pulumi.Output<string>;
        let subnetIds: pulumi.Input<string>[];
        let egressReady: pulumi.Resource[] = [];
        if (r.network.kind === "create") {
            const net = new ClusterNetwork(
                `${name}-net`,
                {
                    clusterName: r.clusterName,
                    vpcCidr: r.network.vpcCidr,
                    availabilityZoneCount: r.network.availabilityZoneCount,
                    availabilityZones: r.network.availabilityZones,
                    singleNatGateway: r.network.singleNatGateway,
                    tags,
                },
                parent,
            );
            vpcId = net.vpcId;
            subnetIds = net.privateSubnetIds;
            egressReady = net.egressReady;
        } else {
            vpcId = pulumi.output(r.network.vpcId);
            subnetIds = r.network.privateSubnetIds;
        }
        this.vpcId = vpcId;
        this.privateSubnetIds = pulumi.output(subnetIds);

        // --- Extra control-plane SG: HTTPS from endpointPrivateAccessCidrs only; no egress rules; nothing from 0/0.
        // Always created (even without rules) because changing a cluster's security groups replaces the cluster.
        const endpointSg = new aws.ec2.SecurityGroup(
            `${name}-endpoint`,
            {
                vpcId,
                description: `EKS ${r.clusterName}: API access from endpointPrivateAccessCidrs only`,
                revokeRulesOnDelete: true,
                tags: { ...tags, Name: `${r.clusterName}-endpoint` },
            },
            parent,
        );
        for (const cidr of r.endpointPrivateAccessCidrs) {
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-endpoint-${cidr.replace(/[^0-9a-fA-F]+/g, "-")}`,
                {
                    securityGroupId: endpointSg.id,
                    ipProtocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    ...(cidr.includes(":") ? { cidrIpv6: cidr } : { cidrIpv4: cidr }),
                    description: "Kubernetes API from an allowed private network",
                    tags,
                },
                parent,
            );
        }

        // --- The cluster.
        const cluster = new aws.eks.Cluster(
            `${name}-cluster`,
            {
                name: r.clusterName,
                version: r.version,
                roleArn: clusterRole.arn,
                enabledClusterLogTypes: [...CLUSTER_LOG_TYPES],
                encryptionConfig: { resources: ["secrets"], provider: { keyArn: secretsKey.arn } },
                vpcConfig: {
                    subnetIds,
                    endpointPrivateAccess: true,
                    endpointPublicAccess: r.endpointPublicAccess,
                    ...(r.endpointPublicAccess
                        ? { publicAccessCidrs: [...r.endpointPublicAccessCidrs] }
                        : {}),
                    securityGroupIds: [endpointSg.id],
                },
                // Explicit, so the platform's NetworkPolicies can allow the `kubernetes` Service's ClusterIP
                // (its first address): the VPC CNI checks egress before that ClusterIP is translated.
                kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: r.serviceCidr },
                accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
                // Every add-on is an aws.eks.Addon below; nothing unmanaged is installed behind our back.
                bootstrapSelfManagedAddons: false,
                tags,
            },
            // Log group first; role permissions must exist at create and outlive the cluster at delete.
            { parent: this, dependsOn: [logGroup, clusterPolicy, clusterKms] },
        );
        this.cluster = cluster;
        this.clusterName = cluster.name;
        this.endpoint = cluster.endpoint;
        this.certificateAuthority = cluster.certificateAuthority.apply((c) => c?.data ?? "");
        this.oidcIssuerUrl = cluster.identities.apply((ids) => ids?.[0]?.oidcs?.[0]?.issuer ?? "");
        this.clusterSecurityGroupId = cluster.vpcConfig.apply((v) => v?.clusterSecurityGroupId ?? "");

        // --- Access entries: admins get cluster admin, viewers get view, both at cluster scope.
        const eksPolicy = (p: string) => pulumi.interpolate`arn:${partition}:eks::aws:${p}`;
        const access = (kind: "admin" | "viewer", key: string, principalArn: pulumi.Input<string>) => {
            const entry = new aws.eks.AccessEntry(
                `${name}-${kind}-${key}`,
                { clusterName: cluster.name, principalArn, type: "STANDARD", tags },
                parent,
            );
            return new aws.eks.AccessPolicyAssociation(
                `${name}-${kind}-${key}`,
                {
                    clusterName: cluster.name,
                    principalArn: entry.principalArn,
                    policyArn: eksPolicy(ACCESS_POLICIES[kind]),
                    accessScope: { type: "cluster" },
                },
                parent,
            );
        };
        const adminAccess = [
            ...(r.addDeployerAsAdmin ? [access("admin", "deployer", deployerArn)] : []),
            ...r.adminRoleArns.map((a) => access("admin", slug(a), a)),
        ];
        r.viewerRoleArns.forEach((a) => access("viewer", slug(a), a));

        // --- Add-ons that need no nodes: they only wait for the cluster.
        const addon = (
            key: string,
            addonName: string,
            version: string | undefined,
            extra: Partial<aws.eks.AddonArgs>,
            dependsOn: pulumi.Resource[],
        ) =>
            new aws.eks.Addon(
                `${name}-${key}`,
                {
                    clusterName: cluster.name,
                    addonName,
                    addonVersion: version || undefined,
                    resolveConflictsOnCreate: "OVERWRITE",
                    resolveConflictsOnUpdate: "OVERWRITE",
                    tags,
                    ...extra,
                },
                { parent: this, dependsOn },
            );
        // --- IRSA: the OIDC provider. No thumbprint: IAM validates EKS issuers against its trusted CA library.
        const oidc = new aws.iam.OpenIdConnectProvider(
            `${name}-oidc`,
            { url: this.oidcIssuerUrl, clientIdLists: ["sts.amazonaws.com"], tags },
            parent,
        );
        this.oidcProviderArn = oidc.arn;

        // vpc-cni's own role (aws-node service account) through the add-on's serviceAccountRoleArn.
        const cniRole = new IrsaRole(
            `${name}-vpc-cni`,
            {
                oidcProviderArn: oidc.arn,
                oidcIssuerUrl: this.oidcIssuerUrl,
                namespace: VPC_CNI_SERVICE_ACCOUNT.namespace,
                serviceAccount: VPC_CNI_SERVICE_ACCOUNT.name,
                tags,
            },
            parent,
        );
        const cniManaged = new aws.iam.RolePolicyAttachment(
            `${name}-vpc-cni-managed`,
            { role: cniRole.role.name, policyArn: managedPolicy("AmazonEKS_CNI_Policy") },
            parent,
        );
        const v = r.addonVersions;
        const vpcCni = addon(
            "vpc-cni",
            "vpc-cni",
            v.vpcCni,
            {
                configurationValues: JSON.stringify(VPC_CNI_CONFIGURATION),
                serviceAccountRoleArn: cniRole.roleArn,
            },
            [cniRole, cniManaged],
        );
        const kubeProxy = addon("kube-proxy", "kube-proxy", v.kubeProxy, {}, []);
        addon("pod-identity-agent", "eks-pod-identity-agent", v.podIdentityAgent, {}, []);

        // --- Nodes: one launch template (IMDSv2 hop 1, encrypted gp3), two managed node groups, no remote access.
        const launchTemplate = new aws.ec2.LaunchTemplate(
            `${name}-nodes`,
            {
                description: `EKS ${r.clusterName} nodes: IMDSv2 hop 1, encrypted gp3`,
                updateDefaultVersion: true,
                metadataOptions: { ...NODE_METADATA_OPTIONS },
                blockDeviceMappings: nodeBlockDevices(r.amiType, r.nodeVolumeSizeGiB, volumeKey.arn),
                tagSpecifications: nodeTagSpecifications(r.clusterName, tags),
                tags,
            },
            parent,
        );
        const nodeGroups = (["system", "general"] as const).map((group) => {
            const s = group === "system" ? r.systemNodes : r.generalNodes;
            return new aws.eks.NodeGroup(
                `${name}-${group}`,
                {
                    clusterName: cluster.name,
                    nodeRoleArn: nodeRole.arn,
                    subnetIds,
                    amiType: r.amiType,
                    capacityType: "ON_DEMAND",
                    instanceTypes: [...s.instanceTypes],
                    scalingConfig: { minSize: s.minSize, desiredSize: s.desiredSize, maxSize: s.maxSize },
                    updateConfig: { maxUnavailable: 1 },
                    launchTemplate: {
                        id: launchTemplate.id,
                        version: launchTemplate.latestVersion.apply((lv) => `${lv}`),
                    },
                    labels: { "blueprint.io/node-group": group },
                    tags,
                },
                {
                    parent: this,
                    // Nodes join only with their role permissions, private egress, and a CNI + kube-proxy to go Ready.
                    dependsOn: [...nodePolicies, ...egressReady, vpcCni, kubeProxy],
                    // The cluster autoscaler owns the current size after creation.
                    ignoreChanges: ["scalingConfig.desiredSize"],
                },
            );
        });

        // --- Add-ons that run Deployments wait for nodes.
        const coredns = addon("coredns", "coredns", v.coredns, {}, nodeGroups);
        const ebsRole = new IrsaRole(
            `${name}-ebs-csi`,
            {
                oidcProviderArn: oidc.arn,
                oidcIssuerUrl: this.oidcIssuerUrl,
                namespace: EBS_CSI_SERVICE_ACCOUNT.namespace,
                serviceAccount: EBS_CSI_SERVICE_ACCOUNT.name,
                policy: volumeKey.arn.apply((k) => JSON.stringify(ebsCsiKmsPolicy(k))),
                tags,
            },
            parent,
        );
        // AWS maintains the driver's EC2 permissions (tag-scoped) as a managed policy; our inline policy adds only
        // the volume key. IrsaRole takes one inline policy, so the managed one is attached to its role here.
        const ebsManaged = new aws.iam.RolePolicyAttachment(
            `${name}-ebs-csi-managed`,
            { role: ebsRole.role.name, policyArn: managedPolicy("service-role/AmazonEBSCSIDriverPolicy") },
            parent,
        );
        addon("ebs-csi", "aws-ebs-csi-driver", v.ebsCsiDriver, { serviceAccountRoleArn: ebsRole.roleArn }, [
            ...nodeGroups,
            ebsRole,
            ebsManaged,
        ]);

        // --- kubeconfig (secret) and provider. It carries the admin associations as dependencies: the deployer can
        // only use the API once its access policy is associated.
        this.kubeconfig = pulumi.secret(
            pulumi
                .all([
                    cluster.name,
                    cluster.endpoint,
                    this.certificateAuthority,
                    region,
                    ...adminAccess.map((a) => a.id),
                ])
                .apply(([n, endpoint, ca, reg]) =>
                    JSON.stringify(
                        buildKubeconfig({
                            clusterName: n,
                            endpoint,
                            certificateAuthorityData: ca,
                            region: reg,
                        }),
                    ),
                ),
        );
        this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig }, parent);

        // --- Default StorageClass: encrypted gp3 with the customer key. An API object only: no dependency on the
        // driver (PVCs wait for it by themselves).
        this.storageClassName = r.storageClassName;
        this.serviceCidr = r.serviceCidr;
        new k8s.storage.v1.StorageClass(
            `${name}-${r.storageClassName}`,
            {
                metadata: {
                    name: r.storageClassName,
                    annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
                },
                provisioner: "ebs.csi.aws.com",
                parameters: {
                    type: "gp3",
                    encrypted: "true",
                    kmsKeyId: volumeKey.arn,
                    "csi.storage.k8s.io/fstype": "ext4",
                },
                volumeBindingMode: "WaitForFirstConsumer",
                allowVolumeExpansion: true,
                reclaimPolicy: "Delete",
            },
            { parent: this, provider: this.provider },
        );
        // --- The same class with reclaimPolicy Retain, for stateful platform volumes (Vault's Raft data and audit
        // log, Harbor's database and registry): deleting a PVC, the release or the stack keeps the EBS volume.
        this.retainStorageClassName = `${r.storageClassName}${CLUSTER_DEFAULTS.retainStorageClassSuffix}`;
        new k8s.storage.v1.StorageClass(
            `${name}-${this.retainStorageClassName}`,
            {
                metadata: { name: this.retainStorageClassName },
                provisioner: "ebs.csi.aws.com",
                parameters: {
                    type: "gp3",
                    encrypted: "true",
                    kmsKeyId: volumeKey.arn,
                    "csi.storage.k8s.io/fstype": "ext4",
                },
                volumeBindingMode: "WaitForFirstConsumer",
                allowVolumeExpansion: true,
                reclaimPolicy: "Retain",
            },
            { parent: this, provider: this.provider },
        );

        this.readyForWorkloads = [...nodeGroups, vpcCni, coredns];
        this.nodesReady = [...nodeGroups, vpcCni];
        this.registerOutputs({
            clusterName: this.clusterName,
            endpoint: this.endpoint,
            certificateAuthority: this.certificateAuthority,
            oidcIssuerUrl: this.oidcIssuerUrl,
            oidcProviderArn: this.oidcProviderArn,
            nodeRoleArn: this.nodeRoleArn,
            kubeconfig: this.kubeconfig,
            clusterSecurityGroupId: this.clusterSecurityGroupId,
            secretsKeyArn: this.secretsKeyArn,
            volumeKeyArn: this.volumeKeyArn,
        });
    }
}
