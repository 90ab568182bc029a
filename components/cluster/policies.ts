/**
 * Pure builders of the cluster's IAM and KMS policy documents. They take plain strings and return objects; the
 * component resolves Outputs with `pulumi.all(...).apply(...)` first and JSON-encodes the whole object once, so an
 * Output is never interpolated into policy text (the `MalformedPolicyDocument` trap). Tests parse the same objects.
 */

/** A minimal IAM policy document type. */
export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: { AWS?: string | string[]; Service?: string | string[]; Federated?: string };
    Action: string | string[];
    Resource?: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

/** Key administration without key use (AWS's "key administrators" statement). */
export const KEY_ADMIN_ACTIONS = [
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
    "kms:RotateKeyOnDemand",
];

export interface KeyPolicyContext {
    partition: string;
    accountId: string;
    /** Named key administrators (Args `keyAdminArns`, default the deploying identity). */
    adminArns: string[];
}

/**
 * The two statements every key policy starts with:
 * - the account root keeps full access, so the key can never become unmanageable (the lock-out trap) and IAM
 *   policies in this account (cluster role, EBS CSI role) can grant use of the key;
 * - the named administrators manage the key but cannot encrypt or decrypt with it.
 */
function baseStatements(c: KeyPolicyContext): PolicyStatement[] {
    return [
        {
            Sid: "AccountRootKeepsAccessNoLockOut",
            Effect: "Allow",
            Principal: { AWS: `arn:${c.partition}:iam::${c.accountId}:root` },
            Action: "kms:*",
            Resource: "*",
        },
        {
            Sid: "KeyAdministrators",
            Effect: "Allow",
            Principal: { AWS: c.adminArns.length === 1 ? c.adminArns[0] : [...c.adminArns] },
            Action: KEY_ADMIN_ACTIONS,
            Resource: "*",
        },
    ];
}

/** Policy of the key that envelope-encrypts Kubernetes Secrets. The cluster role gets use via IAM (root delegation). */
export function secretsKeyPolicy(c: KeyPolicyContext): PolicyDocument {
    return { Version: "2012-10-17", Statement: baseStatements(c) };
}

export interface LogsVolumeKeyPolicyContext extends KeyPolicyContext {
    region: string;
    /** DNS suffix of the partition, `amazonaws.com` (or `amazonaws.com.cn`). */
    dnsSuffix: string;
    /**
     * ARNs of the log groups the key encrypts: the cluster's, `arn:aws:logs:<region>:<account>:log-group:/aws/eks/<name>/cluster`,
     * and any other (Falco's). Each gets its own grant, scoped to its ARN by the encryption context.
     */
    logGroupArns: string[];
}

/** ARN of a CloudWatch Logs log group, as the `kms:EncryptionContext:aws:logs:arn` condition names it. */
export function logGroupArn(partition: string, region: string, accountId: string, name: string): string {
    return `arn:${partition}:logs:${region}:${accountId}:log-group:${name}`;
}

/** Statement id of the CloudWatch Logs grant for one log group (KMS Sids are alphanumeric). */
function logsSid(arn: string, i: number): string {
    const name = arn.split(":log-group:")[1] ?? "";
    return i === 0
        ? "CloudWatchLogsForTheClusterLogGroupOnly"
        : `CloudWatchLogsFor${name.replace(/[^A-Za-z0-9]/g, "")}`;
}

/** ARN of the EC2 Auto Scaling service-linked role, which launches managed-node-group instances and their volumes. */
export function autoscalingServiceRoleArn(partition: string, accountId: string): string {
    return `arn:${partition}:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
}

/**
 * Policy of the key for the control-plane log group and the node / PV volumes:
 * - CloudWatch Logs of this region may use it only for the listed log groups, one statement per group naming its ARN
 *   (`kms:EncryptionContext:aws:logs:arn`): the cluster's, and Falco's when it writes to CloudWatch;
 * - the Auto Scaling service-linked role may use it and create grants for AWS resources (encrypted root volumes of
 *   managed nodes are created by Auto Scaling).
 */
export function logsVolumeKeyPolicy(c: LogsVolumeKeyPolicyContext): PolicyDocument {
    const asg = autoscalingServiceRoleArn(c.partition, c.accountId);
    return {
        Version: "2012-10-17",
        Statement: [
            ...baseStatements(c),
            ...c.logGroupArns.map((arn, i): PolicyStatement => ({
                Sid: logsSid(arn, i),
                Effect: "Allow",
                Principal: { Service: `logs.${c.region}.${c.dnsSuffix}` },
                Action: [
                    "kms:Encrypt*",
                    "kms:Decrypt*",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:Describe*",
                ],
                Resource: "*",
                Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": arn } },
            })),
            {
                Sid: "AutoScalingUsesKeyForNodeVolumes",
                Effect: "Allow",
                Principal: { AWS: asg },
                Action: [
                    "kms:Encrypt",
                    "kms:Decrypt",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:DescribeKey",
                ],
                Resource: "*",
            },
            {
                Sid: "AutoScalingAttachesPersistentResources",
                Effect: "Allow",
                Principal: { AWS: asg },
                Action: "kms:CreateGrant",
                Resource: "*",
                Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
            },
        ],
    };
}

/** Trust policy letting an AWS service assume a role. */
export function serviceTrustPolicy(service: string, actions: string[] = ["sts:AssumeRole"]): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: actions }],
    };
}

/** What the EKS cluster role needs on the Secrets key (EKS docs), and nothing else. */
export function clusterRoleKmsPolicy(secretsKeyArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "EnvelopeEncryptSecrets",
                Effect: "Allow",
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
                Resource: secretsKeyArn,
            },
        ],
    };
}

/**
 * The EBS CSI controller's use of the volume key: what the driver documents for customer keys. The rest of its
 * permissions is the AWS managed `AmazonEBSCSIDriverPolicy`, attached next to this inline policy.
 */
export function ebsCsiKmsPolicy(volumeKeyArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "GrantsForAttachedVolumesOnly",
                Effect: "Allow",
                Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
                Resource: volumeKeyArn,
                Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
            },
            {
                Sid: "EncryptVolumes",
                Effect: "Allow",
                Action: [
                    "kms:Encrypt",
                    "kms:Decrypt",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:DescribeKey",
                ],
                Resource: volumeKeyArn,
            },
        ],
    };
}

/**
 * The IAM principal ARN of the identity running `pulumi up`, from `aws.iam.getSessionContext`'s `issuerArn` (as
 * terraform-aws-eks does): for an STS assumed-role session it is the role's ARN WITH its path, e.g.
 * `arn:aws:iam::<acct>:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123` for IAM Identity
 * Center. Rebuilding `role/<name>` from the session ARN drops that path, and KMS and EKS then reject the principal.
 * An empty issuer (IAM users, root) means the caller ARN is already an IAM principal.
 */
export function deployerPrincipalArn(callerArn: string, issuerArn: string | undefined): string {
    return issuerArn ? issuerArn : callerArn;
}
