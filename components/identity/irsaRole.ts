import * as aws from "../lib/aws";
import * as pulumi from "@pulumi/pulumi";

/** Arguments of {@link IrsaRole}. */
export interface IrsaRoleArgs {
    /** ARN of the cluster's IAM OIDC provider (HardenedCluster's `oidcProviderArn`). */
    oidcProviderArn: pulumi.Input<string>;
    /** Issuer URL of the cluster's OIDC provider, with or without `https://`. */
    oidcIssuerUrl: pulumi.Input<string>;
    /** Namespace of the service account that may assume the role. */
    namespace: string;
    /** Name of the service account that may assume the role. Exactly one account: no wildcards. */
    serviceAccount: string;
    /**
     * The role's inline permissions: an IAM policy document as JSON. Keep it to named resources. Omit it only when
     * the caller attaches an AWS managed policy instead (vpc-cni's AmazonEKS_CNI_Policy).
     */
    policy?: pulumi.Input<string>;
    /** Tags for the role. */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * An IAM role for one Kubernetes service account (IRSA): the trust policy pins the OIDC audience to
 * `sts.amazonaws.com` and the subject to exactly `system:serviceaccount:<namespace>:<serviceAccount>`, and the
 * role carries one inline least-privilege policy. Annotate the service account with
 * `eks.amazonaws.com/role-arn: <roleArn>`.
 */
export class IrsaRole extends pulumi.ComponentResource {
    /** ARN to put in the service account's `eks.amazonaws.com/role-arn` annotation. */
    public readonly roleArn: pulumi.Output<string>;
    public readonly role: aws.iam.Role;

    constructor(name: string, args: IrsaRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("blueprint:identity:IrsaRole", name, {}, opts);
        const issuer = pulumi.output(args.oidcIssuerUrl).apply((u) => u.replace(/^https:\/\//, ""));
        const assumeRolePolicy = pulumi.all([args.oidcProviderArn, issuer]).apply(([arn, iss]) =>
            JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Federated: arn },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: {
                            StringEquals: {
                                [`${iss}:aud`]: "sts.amazonaws.com",
                                [`${iss}:sub`]: `system:serviceaccount:${args.namespace}:${args.serviceAccount}`,
                            },
                        },
                    },
                ],
            }),
        );
        this.role = new aws.iam.Role(name, { assumeRolePolicy, tags: args.tags }, { parent: this });
        if (args.policy !== undefined)
            new aws.iam.RolePolicy(name, { role: this.role.id, policy: args.policy }, { parent: this });
        this.roleArn = this.role.arn;
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
