/**
 * Stack config of the cluster area. The region is deliberately NOT a `cluster.*` key: it is the AWS provider's
 * `aws:region`, which decides where every resource is created; a second key could disagree with it (resources in
 * one region, kubeconfig pointing at another). HardenedCluster reads the region from the provider.
 */
import * as pulumi from "@pulumi/pulumi";
import { HardenedClusterArgs } from "../components/cluster/args";
import { AMI_TYPES, CLUSTER_DEFAULTS, SUPPORTED_VERSIONS } from "../components/cluster/defaults";
import { serviceCidrProblems } from "../components/cluster/serviceCidr";
import { DNS_SUBDOMAIN, resolveClusterArgs, validateClusterArgs } from "../components/cluster/validate";
import { ConfigReader } from "./reader";
import { KeySpec } from "./spec";

const D = CLUSTER_DEFAULTS;

/** Maps HardenedClusterArgs fields (validator paths) to config keys. */
export const CLUSTER_CONFIG_KEYS: Record<string, string> = {
    clusterName: "cluster.name",
    version: "cluster.version",
    vpcCidr: "cluster.vpcCidr",
    serviceCidr: "cluster.serviceCidr",
    availabilityZoneCount: "cluster.availabilityZoneCount",
    availabilityZones: "cluster.availabilityZones",
    singleNatGateway: "cluster.singleNatGateway",
    "existingNetwork.vpcId": "cluster.vpcId",
    "existingNetwork.privateSubnetIds": "cluster.privateSubnetIds",
    endpointPublicAccess: "cluster.endpointPublicAccess",
    endpointPublicAccessCidrs: "cluster.endpointPublicAccessCidrs",
    endpointPrivateAccessCidrs: "cluster.endpointPrivateAccessCidrs",
    logRetentionDays: "cluster.logRetentionDays",
    adminRoleArns: "cluster.adminRoleArns",
    viewerRoleArns: "cluster.viewerRoleArns",
    addDeployerAsAdmin: "cluster.addDeployerAsAdmin",
    keyAdminArns: "cluster.keyAdminArns",
    amiType: "cluster.amiType",
    "systemNodes.instanceTypes": "cluster.system.instanceTypes",
    "systemNodes.minSize": "cluster.system.minSize",
    "systemNodes.desiredSize": "cluster.system.desiredSize",
    "systemNodes.maxSize": "cluster.system.maxSize",
    "generalNodes.instanceTypes": "cluster.general.instanceTypes",
    "generalNodes.minSize": "cluster.general.minSize",
    "generalNodes.desiredSize": "cluster.general.desiredSize",
    "generalNodes.maxSize": "cluster.general.maxSize",
    nodeVolumeSizeGiB: "cluster.nodeVolumeSizeGiB",
    createAutoscalingServiceLinkedRole: "cluster.createAutoscalingServiceLinkedRole",
    "addonVersions.vpcCni": "cluster.addons.vpcCni",
    "addonVersions.coredns": "cluster.addons.coredns",
    "addonVersions.kubeProxy": "cluster.addons.kubeProxy",
    "addonVersions.podIdentityAgent": "cluster.addons.podIdentityAgent",
    "addonVersions.ebsCsiDriver": "cluster.addons.ebsCsiDriver",
    storageClassName: "cluster.storageClassName",
    tags: "cluster.tags",
    protectEvidence: "cluster.protectEvidence",
};

const addonKey = (key: string, addon: string): KeySpec => ({
    key,
    type: "string",
    description: `Version of the EKS managed add-on ${addon} (e.g. v1.2.3-eksbuild.1); empty = the EKS default for cluster.version.`,
    default: "",
});

/** Every `cluster.*` config key. */
export const clusterKeys: KeySpec[] = [
    {
        key: "cluster.mode",
        type: "string",
        description:
            "eks: create a hardened EKS cluster. existing: install onto any conformant cluster from cluster.kubeconfig or the ambient KUBECONFIG.",
        default: "eks",
    },
    {
        key: "cluster.name",
        type: "string",
        description: "EKS cluster name; also names the log group /aws/eks/<name>/cluster.",
        default: D.clusterName,
    },
    {
        key: "cluster.version",
        type: "string",
        description: `Kubernetes version, one of ${SUPPORTED_VERSIONS.join(", ")}.`,
        default: D.version,
    },
    {
        key: "cluster.vpcCidr",
        type: "string",
        description:
            "IPv4 CIDR (/16-/20) of the VPC to create. With cluster.vpcId or cluster.mode=existing: the CIDR of the cluster's network (control plane and nodes), used by the platform's NetworkPolicy flows.",
        default: D.vpcCidr,
    },
    {
        key: "cluster.serviceCidr",
        type: "string",
        description:
            "IPv4 CIDR of the cluster's Services (/12-/24, inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, not overlapping the VPC); fixed when the EKS cluster is created. Its first address is the kubernetes API Service, which the platform's NetworkPolicies allow on 443. cluster.mode=existing: set it to your cluster's Service CIDR (kubectl get svc kubernetes -n default shows its first address); the default is assumed otherwise.",
        default: D.serviceCidr,
    },
    {
        key: "cluster.availabilityZoneCount",
        type: "integer",
        description: "Number of AZs (2-6) of the created VPC, taken from the region's available AZs.",
        default: D.availabilityZoneCount,
    },
    {
        key: "cluster.availabilityZones",
        type: "array",
        description: "Explicit AZ names (at least 2); overrides cluster.availabilityZoneCount.",
        default: [],
    },
    {
        key: "cluster.singleNatGateway",
        type: "boolean",
        description:
            "One NAT gateway for all AZs (cheaper; an AZ outage cuts node egress) instead of one per AZ.",
        default: D.singleNatGateway,
    },
    {
        key: "cluster.vpcId",
        type: "string",
        description: "Bring your own VPC (vpc-...); empty = create one. Needs cluster.privateSubnetIds.",
        default: "",
    },
    {
        key: "cluster.privateSubnetIds",
        type: "array",
        description: "Private subnet ids (at least 2 AZs) of the VPC in cluster.vpcId.",
        default: [],
    },
    {
        key: "cluster.endpointPublicAccess",
        type: "boolean",
        description:
            "Turn on the public API endpoint; requires cluster.endpointPublicAccessCidrs (0.0.0.0/0 and ::/0 refused).",
        default: D.endpointPublicAccess,
    },
    {
        key: "cluster.endpointPublicAccessCidrs",
        type: "array",
        description: "CIDRs allowed to reach the public API endpoint, e.g. [203.0.113.10/32].",
        default: [],
    },
    {
        key: "cluster.endpointPrivateAccessCidrs",
        type: "array",
        description:
            "CIDRs in or peered with the VPC (runner, VPN, bastion) allowed to reach the private API endpoint on 443.",
        default: [],
    },
    {
        key: "cluster.logRetentionDays",
        type: "integer",
        description: "Retention of the control-plane (audit) log group in days; a CloudWatch-accepted value.",
        default: D.logRetentionDays,
    },
    {
        key: "cluster.adminRoleArns",
        type: "array",
        description: "IAM role/user ARNs granted AmazonEKSClusterAdminPolicy via access entries.",
        default: [],
    },
    {
        key: "cluster.viewerRoleArns",
        type: "array",
        description: "IAM role/user ARNs granted AmazonEKSViewPolicy via access entries.",
        default: [],
    },
    {
        key: "cluster.addDeployerAsAdmin",
        type: "boolean",
        description:
            "Give the identity running pulumi up cluster admin (assumed-role sessions map to their role). Set false if it is in cluster.adminRoleArns.",
        default: D.addDeployerAsAdmin,
    },
    {
        key: "cluster.keyAdminArns",
        type: "array",
        description: "Existing IAM principals that administer the KMS keys; empty = the deploying identity.",
        default: [],
    },
    {
        key: "cluster.amiType",
        type: "string",
        description: `Node AMI type, one of ${AMI_TYPES.join(", ")}.`,
        default: D.amiType,
    },
    {
        key: "cluster.system.instanceTypes",
        type: "array",
        description: "Instance types of the system node group.",
        default: [...D.systemNodes.instanceTypes],
    },
    {
        key: "cluster.system.minSize",
        type: "integer",
        description: "Minimum nodes of the system node group.",
        default: D.systemNodes.minSize,
    },
    {
        key: "cluster.system.desiredSize",
        type: "integer",
        description: "Initial nodes of the system node group (min <= desired <= max).",
        default: D.systemNodes.desiredSize,
    },
    {
        key: "cluster.system.maxSize",
        type: "integer",
        description: "Maximum nodes of the system node group.",
        default: D.systemNodes.maxSize,
    },
    {
        key: "cluster.general.instanceTypes",
        type: "array",
        description: "Instance types of the general node group.",
        default: [...D.generalNodes.instanceTypes],
    },
    {
        key: "cluster.general.minSize",
        type: "integer",
        description: "Minimum nodes of the general node group.",
        default: D.generalNodes.minSize,
    },
    {
        key: "cluster.general.desiredSize",
        type: "integer",
        description: "Initial nodes of the general node group (min <= desired <= max).",
        default: D.generalNodes.desiredSize,
    },
    {
        key: "cluster.general.maxSize",
        type: "integer",
        description: "Maximum nodes of the general node group.",
        default: D.generalNodes.maxSize,
    },
    {
        key: "cluster.nodeVolumeSizeGiB",
        type: "integer",
        description: "Size of each node's encrypted gp3 root volume in GiB (20-16384).",
        default: D.nodeVolumeSizeGiB,
    },
    {
        key: "cluster.createAutoscalingServiceLinkedRole",
        type: "boolean",
        description:
            "Create AWSServiceRoleForAutoScaling (only in accounts that never used EC2 Auto Scaling; the volume key policy names it).",
        default: D.createAutoscalingServiceLinkedRole,
    },
    addonKey("cluster.addons.vpcCni", "vpc-cni"),
    addonKey("cluster.addons.coredns", "coredns"),
    addonKey("cluster.addons.kubeProxy", "kube-proxy"),
    addonKey("cluster.addons.podIdentityAgent", "eks-pod-identity-agent"),
    addonKey("cluster.addons.ebsCsiDriver", "aws-ebs-csi-driver"),
    {
        key: "cluster.storageClassName",
        type: "string",
        description:
            "eks: name of the default encrypted gp3 StorageClass created. existing: the cluster's encrypted StorageClass the components use.",
        default: D.storageClassName,
    },
    {
        key: "cluster.tags",
        type: "object",
        description:
            "Tags for every taggable AWS resource (pulumi config set --path 'cluster.tags.team' platform); also on node volumes and instances.",
        default: {},
    },
    {
        key: "cluster.protectEvidence",
        type: "boolean",
        description:
            "Protect and retain the EKS audit log group, Falco's log group and the KMS keys (Vault's unseal key too): destroy and replacement leave them. false only for throw-away stacks.",
        default: D.protectEvidence,
    },
    {
        key: "cluster.kubeconfig",
        type: "string",
        description:
            "cluster.mode=existing: kubeconfig of the cluster (pulumi config set --secret). Unset: the ambient KUBECONFIG.",
        secret: true,
    },
    {
        key: "cluster.kubeContext",
        type: "string",
        description: "cluster.mode=existing: kubeconfig context; empty = current context.",
        default: "",
    },
];

/** The validated cluster settings: Args for HardenedCluster, or how to reach an existing cluster. */
export type ClusterConfig =
    | {
          mode: "eks";
          args: HardenedClusterArgs;
          /** CIDR of the cluster's VPC, where the control plane's ENIs and the nodes live. */
          networkCidr: string;
          /** The cluster's Service CIDR (first address = the `kubernetes` API Service). */
          serviceCidr: string;
      }
    | {
          mode: "existing";
          /** kubeconfig from secret config; undefined = the ambient KUBECONFIG. */
          kubeconfig?: pulumi.Output<string>;
          /** kubeconfig context; undefined = the current one. */
          context?: string;
          /** The existing cluster's (encrypted) StorageClass that in-cluster components use. */
          storageClassName: string;
          /** CIDR of the cluster's network (control plane and nodes), for the platform's NetworkPolicy flows. */
          networkCidr: string;
          /** The cluster's Service CIDR (first address = the `kubernetes` API Service), for the same flows. */
          serviceCidr: string;
      };

const ipv4Cidr = { pattern: /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, what: "an IPv4 CIDR such as 10.0.0.0/16" };

/**
 * Reads every `cluster.*` key and validates it with the same pure validator HardenedCluster uses. Throws one
 * ConfigError (one line per problem, naming the config key) before any resource is registered.
 */
export function readClusterConfig(cfg: pulumi.Config): ClusterConfig {
    const r = new ConfigReader(cfg, clusterKeys);
    const mode = r.string("cluster.mode", { oneOf: ["eks", "existing"] });
    if (mode === "existing") {
        const kubeconfig = r.secret("cluster.kubeconfig");
        const context = r.string("cluster.kubeContext");
        const storageClassName = r.string("cluster.storageClassName", {
            pattern: DNS_SUBDOMAIN,
            what: "a Kubernetes object name (lowercase DNS subdomain)",
        });
        const networkCidr = r.string("cluster.vpcCidr", ipv4Cidr);
        const serviceCidr = r.string("cluster.serviceCidr");
        for (const m of serviceCidrProblems(serviceCidr, networkCidr, { eks: false }))
            r.problem("cluster.serviceCidr", m);
        r.done();
        return {
            mode,
            kubeconfig,
            context: context || undefined,
            storageClassName,
            networkCidr,
            serviceCidr,
        };
    }

    const vpcId = r.string("cluster.vpcId");
    const privateSubnetIds = r.stringList("cluster.privateSubnetIds");
    if (!vpcId && privateSubnetIds.length > 0)
        r.problem("cluster.privateSubnetIds", "is set but cluster.vpcId is empty; set both or neither");
    const addon = (k: string) => r.string(`cluster.addons.${k}`) || undefined;
    const args: HardenedClusterArgs = {
        clusterName: r.string("cluster.name"),
        version: r.string("cluster.version"),
        serviceCidr: r.string("cluster.serviceCidr"),
        ...(vpcId
            ? { existingNetwork: { vpcId, privateSubnetIds } }
            : {
                  vpcCidr: r.string("cluster.vpcCidr"),
                  availabilityZoneCount: r.integer("cluster.availabilityZoneCount"),
                  availabilityZones: r.stringList("cluster.availabilityZones"),
                  singleNatGateway: r.boolean("cluster.singleNatGateway"),
              }),
        endpointPublicAccess: r.boolean("cluster.endpointPublicAccess"),
        endpointPublicAccessCidrs: r.stringList("cluster.endpointPublicAccessCidrs"),
        endpointPrivateAccessCidrs: r.stringList("cluster.endpointPrivateAccessCidrs"),
        logRetentionDays: r.integer("cluster.logRetentionDays"),
        adminRoleArns: r.stringList("cluster.adminRoleArns"),
        viewerRoleArns: r.stringList("cluster.viewerRoleArns"),
        addDeployerAsAdmin: r.boolean("cluster.addDeployerAsAdmin"),
        keyAdminArns: r.stringList("cluster.keyAdminArns"),
        amiType: r.string("cluster.amiType"),
        systemNodes: {
            instanceTypes: r.stringList("cluster.system.instanceTypes"),
            minSize: r.integer("cluster.system.minSize"),
            desiredSize: r.integer("cluster.system.desiredSize"),
            maxSize: r.integer("cluster.system.maxSize"),
        },
        generalNodes: {
            instanceTypes: r.stringList("cluster.general.instanceTypes"),
            minSize: r.integer("cluster.general.minSize"),
            desiredSize: r.integer("cluster.general.desiredSize"),
            maxSize: r.integer("cluster.general.maxSize"),
        },
        nodeVolumeSizeGiB: r.integer("cluster.nodeVolumeSizeGiB"),
        createAutoscalingServiceLinkedRole: r.boolean("cluster.createAutoscalingServiceLinkedRole"),
        addonVersions: {
            vpcCni: addon("vpcCni"),
            coredns: addon("coredns"),
            kubeProxy: addon("kubeProxy"),
            podIdentityAgent: addon("podIdentityAgent"),
            ebsCsiDriver: addon("ebsCsiDriver"),
        },
        storageClassName: r.string("cluster.storageClassName"),
        tags: r.stringMap("cluster.tags"),
        protectEvidence: r.boolean("cluster.protectEvidence"),
    };

    // With a VPC of one's own, cluster.vpcCidr describes it (for the NetworkPolicy flows) instead of creating it.
    const networkCidr = args.vpcCidr ?? r.string("cluster.vpcCidr", ipv4Cidr);

    // Semantic checks, skipping keys that already failed their type check (one line per problem, not two).
    const failed = r.failedKeys();
    const keyOf = (field: string) => CLUSTER_CONFIG_KEYS[field] ?? `cluster.${field}`;
    const problems = validateClusterArgs(resolveClusterArgs(args), (f) => `config ${keyOf(f)}`);
    for (const p of problems) if (!failed.has(keyOf(p.field))) r.problem(keyOf(p.field), p.message);
    // A brought VPC is known only by cluster.vpcCidr here: the Service CIDR must not overlap it either.
    if (vpcId && !problems.some((p) => p.field === "serviceCidr") && !failed.has("cluster.vpcCidr"))
        for (const m of serviceCidrProblems(args.serviceCidr!, networkCidr))
            r.problem("cluster.serviceCidr", m);
    r.done();
    return { mode: "eks", args, networkCidr, serviceCidr: args.serviceCidr! };
}
