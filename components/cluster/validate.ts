/**
 * The one validator of the cluster area: pure (no Pulumi calls), shared by config/cluster.ts (problems name config
 * keys) and the HardenedCluster constructor (problems name Args fields, since Args may come from code or another
 * stack). Each problem is one line that names the field and what is accepted.
 */
import { HardenedClusterArgs, NodeGroupSizing, ResolvedClusterArgs } from "./args";
import { parseCidr } from "../../lib/cidr";
import { MAX_AZS, VPC_PREFIX_RANGE } from "./cidr";
import { serviceCidrProblems } from "./serviceCidr";
import { AMI_TYPES, CLOUDWATCH_RETENTION_DAYS, CLUSTER_DEFAULTS, SUPPORTED_VERSIONS } from "./defaults";

/** IAM role or user ARN (access entries and key policies accept these), optionally with a path. */
export const IAM_PRINCIPAL_ARN =
    /^arn:aws(-cn|-us-gov|-iso|-iso-b)?:iam::\d{12}:(role|user)\/[\w+=,.@/-]{1,512}$/;
export const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
export const ADDON_VERSION = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;
export const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;
export const AZ_NAME = /^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/;
export const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;
export const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
/** EC2/IAM tag keys and values (the characters every service accepts). */
export const AWS_TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
export const AWS_TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
/** CloudWatch Logs log group names. */
export const LOG_GROUP_NAME = /^[\w\-./#]{1,512}$/;
export const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** One problem: the field (Args path, e.g. `systemNodes.minSize`), the message, and the full one-line text. */
export interface Problem {
    field: string;
    message: string;
    line: string;
}

/** Maps a field (Args path) to the name shown to the user: an Args path or a config key. */
export type Labeler = (field: string) => string;

/** Labels problems with Args paths, for the component constructor. */
export const argsLabel: Labeler = (f) => `HardenedClusterArgs.${f}`;

function sizing(d: NodeGroupSizing, p?: Partial<NodeGroupSizing>): NodeGroupSizing {
    return {
        instanceTypes: [...(p?.instanceTypes ?? d.instanceTypes)],
        minSize: p?.minSize ?? d.minSize,
        desiredSize: p?.desiredSize ?? d.desiredSize,
        maxSize: p?.maxSize ?? d.maxSize,
    };
}

/** Applies `CLUSTER_DEFAULTS` to Args. Pure. */
export function resolveClusterArgs(a: HardenedClusterArgs = {}): ResolvedClusterArgs {
    const d = CLUSTER_DEFAULTS;
    return {
        clusterName: a.clusterName ?? d.clusterName,
        version: a.version ?? d.version,
        network: a.existingNetwork
            ? {
                  kind: "existing",
                  vpcId: a.existingNetwork.vpcId,
                  privateSubnetIds: [...a.existingNetwork.privateSubnetIds],
              }
            : {
                  kind: "create",
                  vpcCidr: a.vpcCidr ?? d.vpcCidr,
                  availabilityZones:
                      a.availabilityZones && a.availabilityZones.length > 0
                          ? [...a.availabilityZones]
                          : undefined,
                  availabilityZoneCount:
                      a.availabilityZones && a.availabilityZones.length > 0
                          ? a.availabilityZones.length
                          : (a.availabilityZoneCount ?? d.availabilityZoneCount),
                  singleNatGateway: a.singleNatGateway ?? d.singleNatGateway,
              },
        serviceCidr: a.serviceCidr ?? d.serviceCidr,
        endpointPublicAccess: a.endpointPublicAccess ?? d.endpointPublicAccess,
        endpointPublicAccessCidrs: [...(a.endpointPublicAccessCidrs ?? [])],
        endpointPrivateAccessCidrs: [...(a.endpointPrivateAccessCidrs ?? [])],
        logRetentionDays: a.logRetentionDays ?? d.logRetentionDays,
        adminRoleArns: [...(a.adminRoleArns ?? [])],
        viewerRoleArns: [...(a.viewerRoleArns ?? [])],
        addDeployerAsAdmin: a.addDeployerAsAdmin ?? d.addDeployerAsAdmin,
        keyAdminArns: [...(a.keyAdminArns ?? [])],
        amiType: a.amiType ?? d.amiType,
        systemNodes: sizing(
            { ...d.systemNodes, instanceTypes: [...d.systemNodes.instanceTypes] },
            a.systemNodes,
        ),
        generalNodes: sizing(
            { ...d.generalNodes, instanceTypes: [...d.generalNodes.instanceTypes] },
            a.generalNodes,
        ),
        nodeVolumeSizeGiB: a.nodeVolumeSizeGiB ?? d.nodeVolumeSizeGiB,
        createAutoscalingServiceLinkedRole:
            a.createAutoscalingServiceLinkedRole ?? d.createAutoscalingServiceLinkedRole,
        addonVersions: { ...(a.addonVersions ?? {}) },
        storageClassName: a.storageClassName ?? d.storageClassName,
        tags: { ...(a.tags ?? {}) },
        extraLogGroupNames: [...(a.extraLogGroupNames ?? [])],
        protectEvidence: a.protectEvidence ?? d.protectEvidence,
    };
}

/** Problems with one endpoint CIDR list (malformed, or `/0` = the whole internet / any address). */
function cidrProblems(cidrs: string[], add: (m: string) => void): void {
    for (const c of cidrs) {
        const p = parseCidr(c);
        if (typeof p === "string") add(`"${c}" is malformed: ${p}`);
        else if (p.prefix === 0)
            add(
                `"${c}" opens the API endpoint to every address and is refused; list specific CIDRs such as 203.0.113.10/32`,
            );
    }
}

function arnProblems(arns: string[], add: (m: string) => void): void {
    const seen = new Set<string>();
    for (const a of arns) {
        if (/^arn:aws[\w-]*:sts::\d{12}:assumed-role\//.test(a))
            add(
                `"${a}" is an assumed-role session ARN; use the IAM role ARN arn:aws:iam::<account>:role/<name>`,
            );
        else if (!IAM_PRINCIPAL_ARN.test(a))
            add(`"${a}" is not an IAM role or user ARN (arn:aws:iam::<12-digit account>:role/<name>)`);
        if (seen.has(a)) add(`"${a}" is listed twice`);
        seen.add(a);
    }
}

function nodeProblems(
    group: "systemNodes" | "generalNodes",
    n: NodeGroupSizing,
    problem: (f: string, m: string) => void,
    label: Labeler,
): void {
    const f = (k: keyof NodeGroupSizing) => `${group}.${k}`;
    if (n.instanceTypes.length === 0)
        problem(f("instanceTypes"), "is empty; give at least one EC2 instance type such as m6i.large");
    for (const t of n.instanceTypes)
        if (!INSTANCE_TYPE.test(t))
            problem(f("instanceTypes"), `"${t}" is not an EC2 instance type (e.g. m6i.large)`);
    const ints: (keyof NodeGroupSizing)[] = ["minSize", "desiredSize", "maxSize"];
    let ok = true;
    for (const k of ints) {
        const v = n[k] as number;
        if (!Number.isInteger(v) || v < 0) {
            problem(f(k), `${v} is not accepted; use a whole number >= 0`);
            ok = false;
        }
    }
    if (!ok) return;
    if (n.maxSize < 1) problem(f("maxSize"), `${n.maxSize} is not accepted; a node group needs maxSize >= 1`);
    if (n.minSize > n.desiredSize)
        problem(
            f("minSize"),
            `${n.minSize} is greater than ${label(f("desiredSize"))} (${n.desiredSize}); need min <= desired <= max`,
        );
    if (n.desiredSize > n.maxSize)
        problem(
            f("desiredSize"),
            `${n.desiredSize} is greater than ${label(f("maxSize"))} (${n.maxSize}); need min <= desired <= max`,
        );
}

/** Every problem with resolved Args, labelled by `label`. Empty when the Args are valid. Pure. */
export function validateClusterArgs(r: ResolvedClusterArgs, label: Labeler = argsLabel): Problem[] {
    const problems: Problem[] = [];
    const problem = (field: string, message: string) =>
        problems.push({ field, message, line: `${label(field)}: ${message}` });

    if (!CLUSTER_NAME.test(r.clusterName))
        problem(
            "clusterName",
            `"${r.clusterName}" is not accepted; use 1-100 letters, digits, - or _, starting with a letter or digit`,
        );
    if (!(SUPPORTED_VERSIONS as readonly string[]).includes(r.version))
        problem(
            "version",
            `"${r.version}" is not a supported Kubernetes version; use one of: ${SUPPORTED_VERSIONS.join(", ")}`,
        );

    const net = r.network;
    if (net.kind === "create") {
        const p = parseCidr(net.vpcCidr);
        if (typeof p === "string") problem("vpcCidr", `"${net.vpcCidr}" is malformed: ${p}`);
        else if (p.family !== 4 || p.prefix < VPC_PREFIX_RANGE.min || p.prefix > VPC_PREFIX_RANGE.max)
            problem(
                "vpcCidr",
                `"${net.vpcCidr}" is not accepted; use an IPv4 CIDR from /${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max}`,
            );
        if (net.availabilityZones) {
            if (net.availabilityZones.length < 2)
                problem(
                    "availabilityZones",
                    `lists ${net.availabilityZones.length} AZ; EKS needs at least 2 (3 recommended)`,
                );
            if (net.availabilityZones.length > MAX_AZS)
                problem("availabilityZones", `lists ${net.availabilityZones.length} AZs; at most ${MAX_AZS}`);
            for (const z of net.availabilityZones)
                if (!AZ_NAME.test(z))
                    problem("availabilityZones", `"${z}" is not an AZ name (e.g. eu-west-1a)`);
            if (new Set(net.availabilityZones).size !== net.availabilityZones.length)
                problem("availabilityZones", "lists an AZ twice");
        } else if (
            !Number.isInteger(net.availabilityZoneCount) ||
            net.availabilityZoneCount < 2 ||
            net.availabilityZoneCount > MAX_AZS
        ) {
            problem(
                "availabilityZoneCount",
                `${net.availabilityZoneCount} is not accepted; EKS needs at least 2 AZs, use 2-${MAX_AZS} (3 recommended)`,
            );
        }
    } else {
        if (!VPC_ID.test(net.vpcId))
            problem("existingNetwork.vpcId", `"${net.vpcId}" is not a VPC id (vpc-0123456789abcdef0)`);
        if (net.privateSubnetIds.length < 2)
            problem(
                "existingNetwork.privateSubnetIds",
                `lists ${net.privateSubnetIds.length} subnet(s); EKS needs private subnets in at least 2 AZs`,
            );
        for (const s of net.privateSubnetIds)
            if (!SUBNET_ID.test(s))
                problem(
                    "existingNetwork.privateSubnetIds",
                    `"${s}" is not a subnet id (subnet-0123456789abcdef0)`,
                );
    }

    for (const m of serviceCidrProblems(r.serviceCidr, net.kind === "create" ? net.vpcCidr : undefined))
        problem("serviceCidr", m);

    cidrProblems(r.endpointPublicAccessCidrs, (m) => problem("endpointPublicAccessCidrs", m));
    if (r.endpointPublicAccess && r.endpointPublicAccessCidrs.length === 0)
        problem(
            "endpointPublicAccess",
            `true needs an explicit ${label("endpointPublicAccessCidrs")} list (0.0.0.0/0 and ::/0 are refused); or leave it false and reach the private endpoint`,
        );
    if (!r.endpointPublicAccess && r.endpointPublicAccessCidrs.length > 0)
        problem(
            "endpointPublicAccessCidrs",
            `is set but ${label("endpointPublicAccess")} is false; set it true or remove the list`,
        );
    if (r.endpointPublicAccessCidrs.length > 40)
        problem("endpointPublicAccessCidrs", "lists more than 40 CIDRs; EKS accepts at most 40");
    cidrProblems(r.endpointPrivateAccessCidrs, (m) => problem("endpointPrivateAccessCidrs", m));

    if (!(CLOUDWATCH_RETENTION_DAYS as readonly number[]).includes(r.logRetentionDays))
        problem(
            "logRetentionDays",
            `${r.logRetentionDays} is not accepted by CloudWatch; use one of: ${CLOUDWATCH_RETENTION_DAYS.join(", ")}`,
        );

    arnProblems(r.adminRoleArns, (m) => problem("adminRoleArns", m));
    arnProblems(r.viewerRoleArns, (m) => problem("viewerRoleArns", m));
    arnProblems(r.keyAdminArns, (m) => problem("keyAdminArns", m));
    for (const v of r.viewerRoleArns)
        if (r.adminRoleArns.includes(v))
            problem(
                "viewerRoleArns",
                `"${v}" is also an admin; a principal has one access entry, list it once`,
            );
    if (!r.addDeployerAsAdmin && r.adminRoleArns.length === 0)
        problem(
            "adminRoleArns",
            `is empty while ${label("addDeployerAsAdmin")} is false: no one could administer the cluster; list at least one admin ARN`,
        );

    if (!(AMI_TYPES as readonly string[]).includes(r.amiType))
        problem("amiType", `"${r.amiType}" is not accepted; use one of: ${AMI_TYPES.join(", ")}`);
    nodeProblems("systemNodes", r.systemNodes, problem, label);
    nodeProblems("generalNodes", r.generalNodes, problem, label);
    if (!Number.isInteger(r.nodeVolumeSizeGiB) || r.nodeVolumeSizeGiB < 20 || r.nodeVolumeSizeGiB > 16384)
        problem(
            "nodeVolumeSizeGiB",
            `${r.nodeVolumeSizeGiB} is not accepted; use a whole number of GiB from 20 to 16384`,
        );

    for (const [k, v] of Object.entries(r.addonVersions))
        if (v !== undefined && v !== "" && !ADDON_VERSION.test(v))
            problem(
                `addonVersions.${k}`,
                `"${v}" is not an EKS add-on version (e.g. v1.19.2-eksbuild.1); leave it empty for the EKS default`,
            );
    if (!DNS_SUBDOMAIN.test(r.storageClassName))
        problem(
            "storageClassName",
            `"${r.storageClassName}" is not a Kubernetes object name (lowercase DNS subdomain)`,
        );
    for (const [k, v] of Object.entries(r.tags))
        if (!AWS_TAG_KEY.test(k) || k.toLowerCase().startsWith("aws:") || !AWS_TAG_VALUE.test(v))
            problem(
                "tags",
                `"${k}: ${v}" is not an AWS tag; keys are 1-128 and values 0-256 of letters, digits, spaces and _.:/=+-@, and keys must not start with aws:`,
            );
    if (Object.keys(r.tags).length > 45)
        problem("tags", "lists more than 45 tags; EC2 accepts 50 per resource and the blueprint adds Name");
    for (const n of r.extraLogGroupNames)
        if (!LOG_GROUP_NAME.test(n) || n === `/aws/eks/${r.clusterName}/cluster`)
            problem(
                "extraLogGroupNames",
                `"${n}" is not accepted; use a log group name (1-512 of letters, digits, _-./#) other than the cluster's own`,
            );
    return problems;
}
