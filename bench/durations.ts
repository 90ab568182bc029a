/**
 * Per-type creation times for the deployment critical path (`pulumi up` of a new stack). Every figure is a point
 * estimate with its range and its source. None was measured here (there is no cloud account in this repo): the
 * sources are public documentation, provider defaults and public user reports, as noted. Adjust a figure by
 * editing this table; the bench prints which entry each resource used.
 */

export interface DurationEntry {
    /** Point estimate used by the model, in seconds. */
    seconds: number;
    /** The range reported by the source, in words. */
    range: string;
    /** Where the figure comes from. */
    source: string;
    /** An add-on (a Helm release or an EKS add-on): candidates for the floor's "slowest add-on". */
    addon?: boolean;
    /** Its pods must be scheduled before it completes, so it cannot finish before the stack's node groups. */
    needsNodes?: boolean;
}

const k8sObject: DurationEntry = {
    seconds: 2,
    range: "1-5 s",
    source: "one API-server create call; the Kubernetes provider does not await readiness for config objects (pulumi-kubernetes 'await logic' docs)",
};

/** Exact type tokens. */
export const durationTable: Record<string, DurationEntry> = {
    "aws:eks/cluster:Cluster": {
        seconds: 600,
        range: "8-16 min",
        source:
            "issue 9 (about 10 min); AWS EKS User Guide ('cluster provisioning takes several minutes'); an unofficial 21-region " +
            "measurement (easontechtalk.com, 'Unofficial EKS Cluster Creation Performance') reports 13-16 min. The lower 10 min is " +
            "used, which is the stricter choice for the estimate/floor ratio (the cluster is in both).",
    },
    "aws:eks/nodeGroup:NodeGroup": {
        seconds: 210,
        range: "2-5 min",
        source: "issue 9 (2-5 min); EC2 launch + bootstrap + node registration until the group is ACTIVE, as commonly reported for EKS managed node groups; midpoint used",
    },
    "aws:eks/addon:Addon": {
        seconds: 90,
        range: "1-2 min",
        source: "EKS add-on create until ACTIVE (vpc-cni, coredns, kube-proxy, ebs-csi), as commonly reported; midpoint used",
        addon: true,
        needsNodes: true,
    },
    "kubernetes:helm.sh/v3:Release": {
        seconds: 180,
        range: "1-5 min",
        source:
            "issue 9 (1-5 min); the Release waits for its workloads to be ready (Helm --wait semantics, default timeout 300 s, " +
            "pulumi-kubernetes Release `timeout`), so image pulls and readiness dominate; midpoint used for every chart",
        addon: true,
        needsNodes: true,
    },
    "kubernetes:helm.sh/v4:Chart": {
        seconds: 0,
        range: "0 s (component)",
        source: "a component: its child objects carry the time",
    },
    "aws:ec2/natGateway:NatGateway": {
        seconds: 120,
        range: "1-3 min",
        source: "NAT gateway pending -> available, as commonly reported (the Terraform AWS provider's create timeout is 10 min)",
    },
    "aws:ec2/vpc:Vpc": {
        seconds: 5,
        range: "2-10 s",
        source: "CreateVpc is synchronous; the provider then waits for the VPC state 'available' (seconds)",
    },
    "aws:ec2/subnet:Subnet": {
        seconds: 5,
        range: "2-10 s",
        source: "CreateSubnet + wait for 'available' (seconds)",
    },
    "aws:ec2/internetGateway:InternetGateway": {
        seconds: 5,
        range: "2-10 s",
        source: "create + attach to the VPC (seconds)",
    },
    "aws:ec2/eip:Eip": { seconds: 3, range: "1-5 s", source: "AllocateAddress is synchronous (seconds)" },
    "aws:ec2/routeTable:RouteTable": {
        seconds: 3,
        range: "1-5 s",
        source: "CreateRouteTable is synchronous (seconds)",
    },
    "aws:ec2/route:Route": { seconds: 3, range: "1-5 s", source: "CreateRoute is synchronous (seconds)" },
    "aws:ec2/routeTableAssociation:RouteTableAssociation": {
        seconds: 3,
        range: "1-5 s",
        source: "AssociateRouteTable is synchronous (seconds)",
    },
    "aws:ec2/securityGroup:SecurityGroup": {
        seconds: 5,
        range: "2-10 s",
        source: "create + rule authorisation calls (seconds)",
    },
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": {
        seconds: 5,
        range: "2-10 s",
        source: "adopts the VPC's default group and revokes its rules (seconds)",
    },
    "aws:ec2/launchTemplate:LaunchTemplate": {
        seconds: 3,
        range: "1-5 s",
        source: "CreateLaunchTemplate is synchronous (seconds)",
    },
    "aws:kms/key:Key": {
        seconds: 10,
        range: "2-30 s",
        source: "CreateKey is synchronous; the provider then waits for the key policy and rotation settings to propagate (seconds)",
    },
    "aws:kms/alias:Alias": { seconds: 2, range: "1-5 s", source: "CreateAlias is synchronous (seconds)" },
    "aws:iam/role:Role": {
        seconds: 5,
        range: "2-15 s",
        source: "CreateRole is synchronous; IAM is eventually consistent, the provider retries dependants for a few seconds",
    },
    "aws:iam/rolePolicy:RolePolicy": {
        seconds: 3,
        range: "1-5 s",
        source: "PutRolePolicy is synchronous (seconds)",
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        seconds: 3,
        range: "1-5 s",
        source: "AttachRolePolicy is synchronous (seconds)",
    },
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
        seconds: 3,
        range: "1-5 s",
        source: "CreateOpenIDConnectProvider is synchronous (seconds)",
    },
    "aws:iam/serviceLinkedRole:ServiceLinkedRole": {
        seconds: 5,
        range: "2-10 s",
        source: "CreateServiceLinkedRole (seconds)",
    },
    "aws:eks/accessEntry:AccessEntry": {
        seconds: 5,
        range: "2-10 s",
        source: "CreateAccessEntry is synchronous (seconds)",
    },
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": {
        seconds: 5,
        range: "2-10 s",
        source: "AssociateAccessPolicy is synchronous (seconds)",
    },
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": {
        seconds: 5,
        range: "2-10 s",
        source: "CreatePodIdentityAssociation is synchronous (seconds)",
    },
    "aws:cloudwatch/logGroup:LogGroup": {
        seconds: 2,
        range: "1-5 s",
        source: "CreateLogGroup is synchronous (seconds)",
    },
    "aws:s3/bucket:Bucket": {
        seconds: 5,
        range: "2-10 s",
        source: "CreateBucket + the provider's read-after-create waits (seconds)",
    },
    "aws:s3/bucketV2:BucketV2": {
        seconds: 5,
        range: "2-10 s",
        source: "CreateBucket + the provider's read-after-create waits (seconds)",
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
        seconds: 3,
        range: "1-5 s",
        source: "AuthorizeSecurityGroupIngress is synchronous (seconds)",
    },
    "kubernetes:apps/v1:Deployment": {
        seconds: 45,
        range: "20-120 s",
        source: "the Kubernetes provider awaits rollout (available replicas): scheduling, image pull, readiness probe (pulumi-kubernetes await docs; default timeout 10 min)",
        needsNodes: true,
    },
    "kubernetes:apps/v1:StatefulSet": {
        seconds: 60,
        range: "30-180 s",
        source: "awaited until all replicas are ready, started one by one (pulumi-kubernetes await docs)",
        needsNodes: true,
    },
    "kubernetes:apps/v1:DaemonSet": {
        seconds: 30,
        range: "10-90 s",
        source: "awaited until the pods are rolled out on every node (pulumi-kubernetes 4.x await docs)",
        needsNodes: true,
    },
    "kubernetes:batch/v1:Job": {
        seconds: 60,
        range: "20-300 s",
        source: "awaited until the Job completes (pulumi-kubernetes await docs); image pull + run",
        needsNodes: true,
    },
    "kubernetes:core/v1:Pod": {
        seconds: 30,
        range: "10-60 s",
        source: "awaited until Ready (pulumi-kubernetes await docs): scheduling, image pull, readiness",
        needsNodes: true,
    },
    "kubernetes:core/v1:Service": {
        seconds: 5,
        range: "1-5 s (ClusterIP); 1-3 min (LoadBalancer)",
        source: "ClusterIP is awaited until its endpoints exist (seconds); an internet/internal NLB takes longer but the blueprint uses ClusterIP",
    },
    "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition": {
        seconds: 3,
        range: "1-5 s",
        source: "awaited until Established (seconds)",
    },
};

/** Type prefixes, checked in order after an exact miss. */
export const prefixTable: ReadonlyArray<readonly [string, DurationEntry]> = [
    [
        "pulumi:providers:",
        { seconds: 1, range: "0-2 s", source: "provider plugin start + Configure, local (no cloud call)" },
    ],
    ["random:", { seconds: 0.1, range: "< 1 s", source: "computed locally by the random provider" }],
    [
        "tls:",
        {
            seconds: 0.5,
            range: "< 1 s",
            source: "key/cert generated locally by the tls provider (RSA 4096 takes ~0.5 s)",
        },
    ],
    ["vault:", { seconds: 2, range: "1-3 s", source: "one Vault API write each (seconds)" }],
    ["kubernetes:", k8sObject],
];

/** For any type this table does not know. */
export const defaultEntry: DurationEntry = {
    seconds: 5,
    range: "unknown",
    source: "default for types not in the table (issue 9 brief)",
};

/** Component resources (and the root stack) take no time: they only group their children. */
export const componentEntry: DurationEntry = {
    seconds: 0,
    range: "0 s",
    source: "component resources are logical; children do not wait for them",
};

/** A Helm release that installs CustomResourceDefinitions only: no pods, so no wait for nodes or readiness. */
export const crdOnlyReleaseEntry: DurationEntry = {
    seconds: 15,
    range: "5-30 s",
    source:
        "Helm installs chart CRDs with plain API calls before any template and waits only for them to be Established " +
        "(Helm docs, 'Custom Resource Definitions'); no workload, so no image pull or readiness wait",
    addon: true,
};

/** kube-prometheus-stack values that keep the CRDs and switch every workload off (KubePrometheusStack's `crds` release). */
export function isCrdOnlyRelease(inputs: Record<string, unknown> | undefined): boolean {
    const v = inputs?.values as Record<string, { enabled?: unknown }> | undefined;
    if (!v || v.crds?.enabled !== true) return false;
    return [
        "prometheusOperator",
        "prometheus",
        "alertmanager",
        "grafana",
        "kubeStateMetrics",
        "nodeExporter",
    ].every((k) => v[k]?.enabled === false);
}

/** The entry for a resource, with the key that matched (for the report). */
export function durationEntryOf(
    type: string,
    custom: boolean,
    inputs?: Record<string, unknown>,
): { key: string; entry: DurationEntry } {
    if (!custom) return { key: "(component)", entry: componentEntry };
    if (type === "kubernetes:helm.sh/v3:Release" && isCrdOnlyRelease(inputs))
        return { key: `${type} (CRDs only)`, entry: crdOnlyReleaseEntry };
    const exact = durationTable[type];
    if (exact) return { key: type, entry: exact };
    for (const [prefix, entry] of prefixTable)
        if (type.startsWith(prefix)) return { key: `${prefix}*`, entry };
    return { key: "(default)", entry: defaultEntry };
}
