/**
 * Pure IAM/KMS policy documents for Vault's AWS KMS auto-unseal. Kept apart from the component so tests assert the
 * exact grants without Pulumi.
 */

/** The only KMS actions Vault's `awskms` seal needs. */
export const kmsUnsealActions = ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"] as const;

/** Settings of the unseal key. */
export const kmsUnsealKeyDefaults = {
    /** Days between scheduling deletion and deleting; the maximum, so a mistaken delete can be cancelled. */
    deletionWindowInDays: 30,
    enableKeyRotation: true,
    keyUsage: "ENCRYPT_DECRYPT",
    customerMasterKeySpec: "SYMMETRIC_DEFAULT",
} as const;

/** IAM policy of the Vault server's IRSA role: the three seal actions on exactly one key. */
export function kmsUnsealRolePolicy(keyArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Sid: "VaultAutoUnseal", Effect: "Allow", Action: [...kmsUnsealActions], Resource: keyArn },
        ],
    });
}

/**
 * Key policy: the account root keeps full administration (so IAM policies, such as the IRSA role's, can grant use
 * of the key and the key can never become unmanageable). No other principal is named in the key policy.
 */
export function kmsUnsealKeyPolicy(partition: string, accountId: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "EnableRootAccountAdministration",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
                Action: "kms:*",
                Resource: "*",
            },
        ],
    });
}
