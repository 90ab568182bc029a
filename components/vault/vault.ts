import * as aws from "../lib/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { IrsaRole } from "../identity/irsaRole";
import { MonitoringRef, monitoringDependencies, monitoringEnabled } from "../monitoring/monitoringStack";
import { NamespaceArg, namespaceName, namespaceResources, withDependsOn } from "../namespace/namespaceRef";
import { throwIfProblems } from "../lib/errors";
import {
    check,
    checkEach,
    dnsLabel,
    dnsSubdomain,
    FieldError,
    formatFieldErrors,
    intRange,
    matches,
    oneOf,
    prefixLabel,
    quantity,
} from "../lib/validators";
import { kmsUnsealKeyDefaults, kmsUnsealKeyPolicy, kmsUnsealRolePolicy } from "./unseal";
import {
    buildVaultValues,
    serverCertDnsNames,
    serverCertIpAddresses,
    vaultChart,
    vaultDefaults,
} from "./values";
import { deferredToken, withDeferredLeaves } from "../lib/deferred";
import { pinnedRelease } from "../lib/helm";

/** AWS KMS auto-unseal settings: the cluster's IRSA identity provider (EKS) and the key's region. */
export interface VaultKmsUnsealArgs {
    /** ARN of the cluster's IAM OIDC provider (HardenedCluster's `oidcProviderArn`). */
    oidcProviderArn: pulumi.Input<string>;
    /** Issuer URL of the cluster's OIDC provider, with or without `https://`. */
    oidcIssuerUrl: pulumi.Input<string>;
    /** Region of the KMS key, written into the seal stanza. Default: the AWS provider's region. */
    region?: pulumi.Input<string>;
}

/** Arguments of {@link Vault}. */
export interface VaultArgs {
    /**
     * Namespace to install into: its SecureNamespace (Vault waits for it), or the name of one the caller creates and
     * orders. Vault does not create it.
     */
    namespace: NamespaceArg;
    /** Raft voters: 3, 5 or 7 (odd, so a quorum survives losing a minority). Default 3. */
    replicas?: number;
    /** Injector webhook replicas, 2..5: with `failurePolicy: Fail`, one replica would be a single point of failure. Default 2. */
    injectorReplicas?: number;
    /** Encrypted StorageClass for the data and audit volumes. Default "gp3-encrypted". */
    storageClass?: string;
    /** Size of each pod's Raft data volume, e.g. "10Gi". Default "10Gi". */
    dataStorageSize?: string;
    /** Size of each pod's audit log volume, e.g. "10Gi". Default "10Gi". */
    auditStorageSize?: string;
    /**
     * Telemetry stanza and a ServiceMonitor: pass the monitoring stack (e.g. the KubePrometheusStack), and the release
     * waits for its CRDs. `true` (deprecated: pass the stack) turns them on without that dependency. Default off.
     */
    monitoring?: MonitoringRef;
    /** Labels put on the ServiceMonitor so Prometheus selects it. Default: the chart's `release: prometheus`. */
    serviceMonitorSelectors?: Record<string, string>;
    /**
     * AWS KMS auto-unseal through an IRSA role (EKS only). Omit on other clusters: Vault then uses Shamir keys, and
     * an operator runs `vault operator unseal` on every pod after each restart (see README).
     */
    awsKmsUnseal?: VaultKmsUnsealArgs;
    /** Namespaces the injector webhook never intercepts. Default: kube-system and Vault's own namespace. */
    webhookExcludedNamespaces?: string[];
    /**
     * Application namespaces that receive a `vault-ca` Secret holding only the public CA certificate, which the
     * injected agents mount through the `vault.hashicorp.com/tls-secret` annotation. Default none.
     */
    caSecretNamespaces?: NamespaceArg[];
    /** Tags for the AWS resources (KMS key, IAM role). */
    tags?: Record<string, string>;
    /**
     * Protect and retain the KMS unseal key (`protect` + `retainOnDelete`): without it, Vault's data can never be
     * unsealed again. Default true.
     */
    protectUnsealKey?: boolean;
}

/** Raft voters: an odd quorum. */
export const vaultReplicaCounts = [3, 5, 7] as const;

/** Validates Args; problems as data, paths naming the arg. Pure. */
export function vaultArgsErrors(args: VaultArgs): FieldError[] {
    const e: FieldError[] = [];
    check(e, "namespace", namespaceName(args.namespace) ?? "", dnsLabel);
    check(e, "replicas", args.replicas ?? vaultDefaults.replicas, oneOf<number>(vaultReplicaCounts));
    check(e, "injectorReplicas", args.injectorReplicas ?? vaultDefaults.injectorReplicas, intRange(2, 5));
    check(e, "storageClass", args.storageClass ?? vaultDefaults.storageClass, dnsSubdomain);
    if (args.dataStorageSize !== undefined) check(e, "dataStorageSize", args.dataStorageSize, quantity);
    if (args.auditStorageSize !== undefined) check(e, "auditStorageSize", args.auditStorageSize, quantity);
    checkEach(e, "webhookExcludedNamespaces", args.webhookExcludedNamespaces ?? [], dnsLabel);
    checkEach(e, "caSecretNamespaces", (args.caSecretNamespaces ?? []).map(namespaceName), dnsLabel);
    checkEach(
        e,
        "serviceMonitorSelectors",
        Object.keys(args.serviceMonitorSelectors ?? {}),
        matches(/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/, "a label key"),
    );
    return e;
}

/** Validates Args; returns one line per problem, naming the arg. */
export function vaultArgsProblems(args: VaultArgs): string[] {
    return formatFieldErrors(vaultArgsErrors(args), prefixLabel("VaultArgs"));
}

/**
 * HashiCorp Vault in HA mode with integrated Raft storage: TLS on the listener with a private CA (the CA
 * certificate is an output), optional AWS KMS auto-unseal through a dedicated key and an IRSA role that can only
 * encrypt/decrypt/describe with it, the agent injector (2 replicas, fail closed, restricted agents), audit volumes,
 * restricted security contexts, and optional Prometheus telemetry.
 *
 * Vault starts uninitialised: run `vault operator init` once (README, "Vault bootstrap"), then configure it with
 * {@link VaultConfig}.
 */
export class Vault extends pulumi.ComponentResource {
    /** PEM of the private CA that signed the server certificate: clients trust this. */
    public readonly caCertPem: pulumi.Output<string>;
    /** In-cluster address of the active node, e.g. https://vault.vault.svc:8200. */
    public readonly address: pulumi.Output<string>;
    /** Namespace Vault runs in. */
    public readonly namespace: string;
    /** Name of the Secret (in each `caSecretNamespaces` and Vault's namespace) holding only `ca.crt`. */
    public readonly caSecretName: string;
    /** ARN of the KMS unseal key, when auto-unseal is on. */
    public readonly kmsKeyArn?: pulumi.Output<string>;
    /** ARN of the Vault server's IRSA role, when auto-unseal is on. */
    public readonly unsealRoleArn?: pulumi.Output<string>;
    /** The Helm release. */
    public readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: VaultArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems(vaultArgsProblems(args));
        super(
            "blueprint:vault:Vault",
            name,
            {},
            withDependsOn(opts, namespaceResources([args.namespace, ...(args.caSecretNamespaces ?? [])])),
        );

        const ns = namespaceName(args.namespace);
        const release = vaultDefaults.releaseName;
        const k8sOpts: pulumi.CustomResourceOptions = {
            parent: this,
        };
        this.namespace = ns;
        this.caSecretName = vaultDefaults.caSecretName;

        // --- TLS: private CA + server certificate (ECDSA P-256). Private keys stay Pulumi secrets.
        const caKey = new tls.PrivateKey(
            `${name}-ca`,
            { algorithm: "ECDSA", ecdsaCurve: "P256" },
            { parent: this },
        );
        const caCert = new tls.SelfSignedCert(
            `${name}-ca`,
            {
                privateKeyPem: caKey.privateKeyPem,
                isCaCertificate: true,
                validityPeriodHours: vaultDefaults.caValidityHours,
                allowedUses: ["cert_signing", "crl_signing"],
                subject: { commonName: `Vault CA (${ns})`, organization: "hardened-cluster" },
            },
            { parent: this },
        );
        const serverKey = new tls.PrivateKey(
            `${name}-server`,
            { algorithm: "ECDSA", ecdsaCurve: "P256" },
            { parent: this },
        );
        const csr = new tls.CertRequest(
            `${name}-server`,
            {
                privateKeyPem: serverKey.privateKeyPem,
                dnsNames: serverCertDnsNames(ns),
                ipAddresses: serverCertIpAddresses,
                subject: { commonName: `${release}.${ns}.svc`, organization: "hardened-cluster" },
            },
            { parent: this },
        );
        const serverCert = new tls.LocallySignedCert(
            `${name}-server`,
            {
                certRequestPem: csr.certRequestPem,
                caPrivateKeyPem: caKey.privateKeyPem,
                caCertPem: caCert.certPem,
                validityPeriodHours: vaultDefaults.certValidityHours,
                earlyRenewalHours: 30 * 24,
                allowedUses: ["digital_signature", "key_encipherment", "server_auth"],
            },
            { parent: this },
        );
        this.caCertPem = caCert.certPem;

        const tlsSecret = new k8s.core.v1.Secret(
            `${name}-tls`,
            {
                metadata: {
                    name: vaultDefaults.tlsSecretName,
                    namespace: ns,
                    labels: { "app.kubernetes.io/name": "vault" },
                },
                type: "kubernetes.io/tls",
                stringData: {
                    "tls.crt": serverCert.certPem,
                    "tls.key": pulumi.secret(serverKey.privateKeyPem),
                    "ca.crt": caCert.certPem,
                },
            },
            { ...k8sOpts, additionalSecretOutputs: ["data", "stringData"] },
        );
        const caSecrets = [...new Set([ns, ...(args.caSecretNamespaces ?? []).map(namespaceName)])].map(
            (target) =>
                new k8s.core.v1.Secret(
                    `${name}-ca-${target}`,
                    {
                        metadata: {
                            name: vaultDefaults.caSecretName,
                            namespace: target,
                            labels: { "app.kubernetes.io/name": "vault" },
                        },
                        type: "Opaque",
                        stringData: { "ca.crt": caCert.certPem },
                    },
                    k8sOpts,
                ),
        );

        // --- Auto-unseal: dedicated KMS key + IRSA role limited to that key.
        // Only the leaves that name the new key and role wait for them; the rest of the values is known at preview.
        let seal:
            | { region: pulumi.Input<string>; kmsKeyId: pulumi.Input<string>; roleArn: pulumi.Input<string> }
            | undefined;
        if (args.awsKmsUnseal) {
            const awsOpts: pulumi.InvokeOutputOptions = { parent: this };
            const identity = aws.getCallerIdentityOutput({}, awsOpts);
            const partition = aws.getPartitionOutput({}, awsOpts);
            const region = args.awsKmsUnseal.region ?? aws.getRegionOutput({}, awsOpts).region;
            const key = new aws.kms.Key(
                `${name}-unseal`,
                {
                    description: `Vault auto-unseal key (${pulumi.getProject()}/${pulumi.getStack()}, namespace ${ns})`,
                    ...kmsUnsealKeyDefaults,
                    policy: pulumi
                        .all([partition.partition, identity.accountId])
                        .apply(([part, acct]) => kmsUnsealKeyPolicy(part, acct)),
                    tags: args.tags,
                },
                {
                    parent: this,
                    ...((args.protectUnsealKey ?? true) ? { protect: true, retainOnDelete: true } : {}),
                },
            );
            new aws.kms.Alias(
                `${name}-unseal`,
                {
                    name: `alias/${pulumi.getProject()}-${pulumi.getStack()}-vault-unseal`,
                    targetKeyId: key.keyId,
                },
                { parent: this },
            );
            const role = new IrsaRole(
                `${name}-unseal`,
                {
                    oidcProviderArn: args.awsKmsUnseal.oidcProviderArn,
                    oidcIssuerUrl: args.awsKmsUnseal.oidcIssuerUrl,
                    namespace: ns,
                    serviceAccount: release,
                    policy: key.arn.apply(kmsUnsealRolePolicy),
                    tags: args.tags,
                },
                { parent: this },
            );
            this.kmsKeyArn = key.arn;
            this.unsealRoleArn = role.roleArn;
            seal = { region, kmsKeyId: key.keyId, roleArn: role.roleArn };
        }

        const monitoring = monitoringEnabled(args.monitoring, vaultDefaults.monitoring);
        const values = withDeferredLeaves(
            buildVaultValues({
                namespace: ns,
                replicas: args.replicas ?? vaultDefaults.replicas,
                injectorReplicas: args.injectorReplicas ?? vaultDefaults.injectorReplicas,
                storageClass: args.storageClass ?? vaultDefaults.storageClass,
                dataStorageSize: args.dataStorageSize ?? vaultDefaults.dataStorageSize,
                auditStorageSize: args.auditStorageSize ?? vaultDefaults.auditStorageSize,
                monitoring,
                serviceMonitorSelectors: args.serviceMonitorSelectors,
                seal: seal && {
                    region: deferredToken("region"),
                    kmsKeyId: deferredToken("kmsKeyId"),
                    roleArn: deferredToken("roleArn"),
                },
                webhookExcludedNamespaces: args.webhookExcludedNamespaces ?? ["kube-system", ns],
            }),
            seal ?? {},
        );

        this.release = pinnedRelease(
            name,
            {
                chart: vaultChart,
                releaseName: release,
                namespace: ns,
                values,
                // Vault pods stay unready (sealed, uninitialised) until `vault operator init`: do not wait for them.
                skipAwait: true,
            },
            // The ServiceMonitor needs the monitoring stack's CRDs.
            { ...k8sOpts, dependsOn: [tlsSecret, ...caSecrets, ...monitoringDependencies(args.monitoring)] },
        );
        this.address = pulumi.output(`https://${release}.${ns}.svc:8200`);

        this.registerOutputs({
            caCertPem: this.caCertPem,
            address: this.address,
            kmsKeyArn: this.kmsKeyArn,
            unsealRoleArn: this.unsealRoleArn,
        });
    }
}
