import * as aws from "../lib/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import { throwIfProblems } from "../lib/errors";
import { IrsaRole } from "../identity/irsaRole";
import { MonitoringRef, monitoringDependencies, monitoringEnabled } from "../monitoring/monitoringStack";
import { NamespaceArg, namespaceName, namespaceResources, withDependsOn } from "../namespace/namespaceRef";
import {
    HarborTls,
    HarborValuesInput,
    buildHarborValues,
    harborDefaults,
    harborSecrets,
    registryUsername,
    validateHarborValuesInput,
} from "./harborValues";
import { pinnedRelease } from "../lib/helm";

/** S3 image storage for Harbor's registry (EKS only: the registry reaches S3 through an IRSA role). */
export interface HarborS3Args {
    /** Name of the bucket to create. Globally unique; known at preview. */
    bucketName: string;
    /** AWS region of the bucket. */
    region: string;
    /** ARN of the cluster's IAM OIDC provider (for IRSA). */
    oidcProviderArn: pulumi.Input<string>;
    /** Issuer URL of the cluster's OIDC provider (for IRSA). */
    oidcIssuerUrl: pulumi.Input<string>;
    /** Customer-managed KMS key for SSE-KMS. Default: the AWS-managed key aws/s3. */
    kmsKeyArn?: pulumi.Input<string>;
    /** Delete the bucket even when it holds images. Default false: images survive a `pulumi destroy` by mistake. */
    forceDestroy?: boolean;
    /** Tags for the bucket and the role. */
    tags?: Record<string, string>;
}

/** Arguments of {@link Harbor}. */
export interface HarborArgs {
    /**
     * Namespace to install into: its SecureNamespace (Harbor waits for it), or the name of one the caller creates and
     * orders (this component creates no Namespace).
     */
    namespace: NamespaceArg;
    /** DNS name Harbor is served on (externalURL is https://<host>). */
    host: string;
    /** TLS: an existing kubernetes.io/tls Secret on the Ingress, or an ACM certificate on an AWS ALB. */
    tls: HarborTls;
    /** IngressClass name. Default "nginx" in secret mode, "alb" in ALB mode. */
    ingressClassName?: string;
    /** StorageClass of every PVC. Default "gp3-encrypted". */
    storageClass?: string;
    /** Optional S3 image storage; default keeps images on an encrypted PVC. */
    s3?: HarborS3Args;
    /**
     * Harbor metrics and the chart's ServiceMonitor: pass the monitoring stack (e.g. the KubePrometheusStack), and the
     * release waits for its CRDs. `true` (deprecated: pass the stack) turns them on without that dependency. Default off.
     */
    monitoring?: MonitoringRef;
}

/**
 * Harbor 2.15 (chart 1.19.1) hardened: TLS at the edge and between components (internalTLS), Trivy on, every
 * default secret replaced by a generated one held in a Kubernetes Secret the chart references (never in the Release
 * values), encrypted PVCs, optional S3 storage reached with a bucket-scoped IRSA role, restricted containers and
 * metrics. Its NetworkPolicies are NOT registered here: Harbor contributes its flows to the flow catalogue
 * (`harborFlows`), the only author of the platform's NetworkPolicies; register them with PlatformNetworkPolicies.
 */
export class Harbor extends pulumi.ComponentResource {
    /** https://<host>. */
    public readonly url: string;
    /** The admin password (a Pulumi secret): input for HarborProject. */
    public readonly adminPassword: pulumi.Output<string>;
    /** The Helm release. */
    public readonly release: k8s.helm.v3.Release;
    /** The image bucket's name, when S3 storage is on. */
    public readonly bucketName?: pulumi.Output<string>;
    /** The registry's IRSA role ARN, when S3 storage is on. */
    public readonly registryRoleArn?: pulumi.Output<string>;

    constructor(name: string, args: HarborArgs, opts?: pulumi.ComponentResourceOptions) {
        const storageClass = args.storageClass ?? harborDefaults.storageClass;
        const monitoring = monitoringEnabled(args.monitoring);
        const valuesInput: HarborValuesInput = {
            host: args.host,
            tls: args.tls,
            ingressClassName: args.ingressClassName,
            storageClass,
            s3: args.s3 ? { bucket: args.s3.bucketName, region: args.s3.region } : undefined,
            registryServiceAccountName: args.s3 ? harborDefaults.registryServiceAccount : undefined,
            monitoring,
        };
        const problems = validateHarborValuesInput(valuesInput);
        const ns = namespaceName(args.namespace);
        if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns ?? ""))
            problems.push(`HarborArgs.namespace: "${ns ?? ""}" is not a namespace name`);
        throwIfProblems(problems);

        super(
            "blueprint:registry:Harbor",
            name,
            {},
            withDependsOn(opts, namespaceResources([args.namespace])),
        );
        const child = { parent: this };
        this.url = `https://${args.host}`;

        // --- Generated secrets. Alphanumeric where the chart demands an exact length (secretKey etc. are used as
        // raw AES keys / shared secrets of fixed size).
        const pw = (id: string, length: number, special = false) =>
            new random.RandomPassword(
                `${name}-${id}`,
                { length, special, overrideSpecial: special ? "!#%*-_=+" : undefined },
                child,
            );
        const admin = pw("admin-password", 32, true);
        const secretKey = pw("secret-key", 16);
        const coreSecret = pw("core-secret", 16);
        const xsrf = pw("xsrf-key", 32);
        const jobservice = pw("jobservice-secret", 16);
        const registryHttp = pw("registry-http-secret", 16);
        const registryPassword = pw("registry-password", 32);
        const dbPassword = pw("database-password", 32);
        this.adminPassword = pulumi.secret(admin.result);

        const labels = { "app.kubernetes.io/part-of": "harbor", "app.kubernetes.io/managed-by": "pulumi" };
        const secret = (
            resName: string,
            secretName: string,
            data: Record<string, pulumi.Input<string>>,
            extra?: { labels?: Record<string, string>; annotations?: Record<string, string>; type?: string },
        ) =>
            new k8s.core.v1.Secret(
                `${name}-${resName}`,
                {
                    metadata: {
                        name: secretName,
                        namespace: ns,
                        labels: extra?.labels ?? labels,
                        annotations: extra?.annotations,
                    },
                    type: extra?.type ?? "Opaque",
                    stringData: pulumi.secret(pulumi.output(data)) as pulumi.Output<Record<string, string>>,
                },
                { ...child, additionalSecretOutputs: ["data", "stringData"] },
            );
        const s = harborSecrets;
        const tokenKey = new tls.PrivateKey(`${name}-core-token`, { algorithm: "RSA", rsaBits: 4096 }, child);
        const tokenCert = new tls.SelfSignedCert(
            `${name}-core-token`,
            {
                privateKeyPem: tokenKey.privateKeyPem,
                subject: { commonName: "harbor-token-ca" },
                validityPeriodHours: 24 * 365 * 5,
                allowedUses: ["digital_signature", "cert_signing"],
                isCaCertificate: true,
            },
            child,
        );
        const secrets = [
            secret("admin-password", s.admin.name, { [s.admin.key]: admin.result }),
            secret("secret-key", s.secretKey.name, { [s.secretKey.key]: secretKey.result }),
            secret("core-secret", s.core.name, { [s.core.key]: coreSecret.result }),
            secret("xsrf", s.xsrf.name, { [s.xsrf.key]: xsrf.result }),
            secret("jobservice-secret", s.jobservice.name, { [s.jobservice.key]: jobservice.result }),
            secret("registry-http-secret", s.registryHttp.name, {
                [s.registryHttp.key]: registryHttp.result,
            }),
            secret("registry-credentials", s.registryCredentials.name, {
                [s.registryCredentials.passwordKey]: registryPassword.result,
                [s.registryCredentials.htpasswdKey]:
                    pulumi.interpolate`${registryUsername}:${registryPassword.bcryptHash}`,
            }),
            // Adopted by Helm (ownership metadata below); see harborSecrets.database.
            secret(
                "database",
                s.database.name,
                { [s.database.key]: dbPassword.result },
                {
                    labels: { ...labels, "app.kubernetes.io/managed-by": "Helm" },
                    annotations: {
                        "meta.helm.sh/release-name": harborDefaults.releaseName,
                        "meta.helm.sh/release-namespace": ns,
                    },
                },
            ),
            secret(
                "core-token",
                s.coreToken.name,
                { "tls.key": tokenKey.privateKeyPem, "tls.crt": tokenCert.certPem },
                { type: "kubernetes.io/tls" },
            ),
        ];

        // --- Optional S3 image storage with a bucket-scoped IRSA role.
        // The ServiceMonitor needs the monitoring stack's CRDs.
        const dependsOn: pulumi.Resource[] = [...secrets, ...monitoringDependencies(args.monitoring)];
        if (args.s3) {
            const s3 = args.s3;
            const bucket = new aws.s3.Bucket(
                `${name}-images`,
                { bucket: s3.bucketName, forceDestroy: s3.forceDestroy ?? false, tags: s3.tags },
                child,
            );
            new aws.s3.BucketServerSideEncryptionConfiguration(
                `${name}-images`,
                {
                    bucket: bucket.id,
                    rules: [
                        {
                            applyServerSideEncryptionByDefault: {
                                sseAlgorithm: "aws:kms",
                                kmsMasterKeyId: s3.kmsKeyArn,
                            },
                            bucketKeyEnabled: true,
                        },
                    ],
                },
                child,
            );
            const pab = new aws.s3.BucketPublicAccessBlock(
                `${name}-images`,
                {
                    bucket: bucket.id,
                    blockPublicAcls: true,
                    blockPublicPolicy: true,
                    ignorePublicAcls: true,
                    restrictPublicBuckets: true,
                },
                child,
            );
            new aws.s3.BucketPolicy(
                `${name}-images`,
                {
                    bucket: bucket.id,
                    policy: bucket.arn.apply((arn) => JSON.stringify(denyInsecureTransportPolicy(arn))),
                },
                { ...child, dependsOn: [pab] },
            );
            const role = new IrsaRole(
                `${name}-registry`,
                {
                    oidcProviderArn: s3.oidcProviderArn,
                    oidcIssuerUrl: s3.oidcIssuerUrl,
                    namespace: ns,
                    serviceAccount: harborDefaults.registryServiceAccount,
                    policy: pulumi
                        .all([bucket.arn, pulumi.output(s3.kmsKeyArn)])
                        .apply(([arn, kms]) => JSON.stringify(registryBucketPolicy(arn, kms))),
                    tags: s3.tags,
                },
                child,
            );
            const sa = new k8s.core.v1.ServiceAccount(
                `${name}-registry`,
                {
                    metadata: {
                        name: harborDefaults.registryServiceAccount,
                        namespace: ns,
                        labels,
                        annotations: { "eks.amazonaws.com/role-arn": role.roleArn },
                    },
                    automountServiceAccountToken: false,
                },
                child,
            );
            dependsOn.push(sa);
            this.bucketName = bucket.bucket;
            this.registryRoleArn = role.roleArn;
        }

        this.release = pinnedRelease(
            name,
            {
                chart: harborDefaults,
                releaseName: harborDefaults.releaseName,
                namespace: ns,
                timeout: 900,
                values: buildHarborValues(valuesInput),
            },
            { ...child, dependsOn },
        );
        this.registerOutputs({
            url: this.url,
            adminPassword: this.adminPassword,
            bucketName: this.bucketName,
            registryRoleArn: this.registryRoleArn,
        });
    }
}

/** Bucket policy: deny any request not made over TLS. */
export function denyInsecureTransportPolicy(bucketArn: string): Record<string, unknown> {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}

/** The registry role's only permissions: its own bucket (and the CMK, when one is given). */
export function registryBucketPolicy(bucketArn: string, kmsKeyArn?: string): Record<string, unknown> {
    const statements: Record<string, unknown>[] = [
        {
            Sid: "Bucket",
            Effect: "Allow",
            Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
            Resource: bucketArn,
        },
        {
            Sid: "Objects",
            Effect: "Allow",
            Action: [
                "s3:GetObject",
                "s3:PutObject",
                "s3:DeleteObject",
                "s3:ListMultipartUploadParts",
                "s3:AbortMultipartUpload",
            ],
            Resource: `${bucketArn}/*`,
        },
    ];
    if (kmsKeyArn)
        statements.push({
            Sid: "Kms",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: kmsKeyArn,
        });
    return { Version: "2012-10-17", Statement: statements };
}
