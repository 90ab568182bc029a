/**
 * SecurityPlatform (issue 19): the blueprint's whole in-cluster platform as one component, on any cluster reached
 * through the `k8s.Provider` in `opts.provider`.
 *
 * Parts: the platform namespaces (levels from platformNamespaceSpecs, privileged only with a reviewed reason), the
 * admission guardrails, kube-prometheus-stack, Vault (with its apps), Harbor (with its projects), trivy-operator,
 * Falco, kube-bench, kube-hunter and the platform's NetworkPolicy flows. Each part is on with its defaults (`{}` or
 * unset), on with overrides (an object), or off (`false`); Harbor and kube-hunter are off unless given.
 * `new SecurityPlatform("platform", {}, { provider })` installs what the blueprint's default config installs in
 * `cluster.mode=existing`.
 *
 * The component owns the ordering: namespaces -> admission -> monitoring CRDs -> releases -> flows. EKS wiring (IRSA
 * OIDC provider, the volume KMS key, the region) is passed in through `eks`, never looked up.
 *
 * URNs: every part keeps its name; only its parent changes (this component instead of the stack), and each part
 * carries an alias to its old, parentless URN, so an existing stack moves under the component without replacing
 * anything (the engine derives the aliases of the parts' own children from them).
 */
import * as pulumi from "@pulumi/pulumi";
import {
    AdmissionGuardrails,
    AdmissionGuardrailsArgs,
    blueprintPolicyConfig,
} from "../admission/admissionGuardrails";
import { CLUSTER_DEFAULTS } from "../cluster/defaults";
import { KubeBench, KubeBenchArgs } from "../compliance/kubeBench";
import { KubeHunter, KubeHunterArgs } from "../compliance/kubeHunter";
import { KubePrometheusStack, KubePrometheusStackArgs } from "../monitoring/kubePrometheusStack";
import { platformNamespaceNames, platformNamespaceSpecs } from "../namespace/platformNamespaces";
import { NamespaceArg } from "../namespace/namespaceRef";
import { SecureNamespace } from "../namespace/secureNamespace";
import { PlatformNetworkPolicies, PlatformNetworkPoliciesArgs } from "../network/platformNetworkPolicies";
import { Harbor, HarborArgs } from "../registry/harbor";
import { harborProjectsPending } from "../registry/harborGate";
import { HarborProject, HarborProjectArgs } from "../registry/harborProject";
import { Falco, FalcoArgs, falcoDefaults } from "../runtime/falco";
import { TrivyOperator, TrivyOperatorArgs } from "../scanning/trivyOperator";
import { Vault, VaultArgs } from "../vault/vault";
import { VaultApp, VaultConfig, vaultConfigPending } from "../vault/vaultConfig";

/** The EKS wiring the caller passes in (HardenedCluster's outputs and the provider's region). */
export interface SecurityPlatformEksArgs {
    oidcProviderArn: pulumi.Input<string>;
    oidcIssuerUrl: pulumi.Input<string>;
    /** The cluster's volume KMS key (it also encrypts Falco's log group). */
    volumeKeyArn: pulumi.Input<string>;
    /** AWS region (`aws:region`), for Harbor's S3 bucket and Falco's log group. */
    region: string;
}

/** Vault: VaultArgs without what the platform wires, plus its apps and the phase-2 configuration. */
export type SecurityPlatformVaultArgs = Omit<
    VaultArgs,
    "namespace" | "monitoring" | "awsKmsUnseal" | "caSecretNamespaces" | "protectUnsealKey"
> & {
    /** Apps that read secrets through the agent injector (roles and policies of VaultConfig). */
    apps?: VaultApp[];
    /** Phase 2: Vault's API address and root token; unset, the configuration is reported as pending. */
    address?: string;
    token?: pulumi.Output<string>;
};

/** Harbor: HarborArgs without what the platform wires, plus its projects (phase 2) and S3 storage. */
export type SecurityPlatformHarborArgs = Omit<
    HarborArgs,
    "namespace" | "monitoring" | "s3" | "storageClass"
> & {
    /** Projects, each with a pull-only robot; created once `apiReachable` (phase 2). Default ["apps"]. */
    projects?: string[];
    apiReachable?: boolean;
    vulnerabilitySeverity?: HarborProjectArgs["severity"];
    robotDurationDays?: number;
    /** S3 bucket for images (EKS only, through `eks`). */
    s3Bucket?: string;
    /** Where Harbor's ingress traffic comes from (flows). Default the ingress-nginx controller's namespace. */
    ingressFrom?: PlatformNetworkPoliciesArgs["ingressFrom"];
};

export type SecurityPlatformFalcoArgs = Omit<
    FalcoArgs,
    "namespace" | "monitoring" | "platformNamespaces" | "vaultNamespace" | "cloudwatch"
> & {
    /** Send events to a KMS-encrypted CloudWatch Logs group (EKS only, through `eks`). */
    cloudwatch?: boolean;
    logRetentionDays?: number;
};

/** Arguments of {@link SecurityPlatform}. Each part: unset/`{}` = defaults, an object = overrides, `false` = off. */
export interface SecurityPlatformArgs {
    /** Encrypted StorageClass of the platform's volumes. Default "gp3-encrypted". */
    storageClass?: string;
    /** StorageClass of stateful volumes (Vault, Harbor), e.g. a Retain class. Default `storageClass`. */
    statefulStorageClass?: string;
    /** CIDR of the cluster's network (control plane and nodes), for the flows. Default "10.0.0.0/16". */
    networkCidr?: string;
    /** The cluster's Service CIDR (its first address is the API Service). Default "172.20.0.0/16". */
    serviceCidr?: string;
    /** EKS wiring; unset on other clusters (no IRSA: no KMS auto-unseal, no S3, no CloudWatch). */
    eks?: SecurityPlatformEksArgs;
    /** Protect and retain evidence (Vault's unseal key, Falco's log group). Default true. */
    protectEvidence?: boolean;
    /** App namespaces to create as Vault clients (restricted, default-deny, egress to Vault). */
    vaultClientNamespaces?: string[];
    admission?: false | AdmissionGuardrailsArgs;
    monitoring?: false | Omit<KubePrometheusStackArgs, "namespace" | "nodeExporterNamespace">;
    vault?: false | SecurityPlatformVaultArgs;
    harbor?: false | SecurityPlatformHarborArgs;
    trivy?: false | Omit<TrivyOperatorArgs, "namespace" | "monitoring">;
    falco?: false | SecurityPlatformFalcoArgs;
    kubeBench?: false | Omit<KubeBenchArgs, "namespace">;
    kubeHunter?: false | Omit<KubeHunterArgs, "namespace">;
}

/** The platform's namespace names (from the one registry, platformNamespaceRegistry). */
export const securityPlatformNamespaces = platformNamespaceNames;

/** `o` without `keys` (the platform's own fields, before the rest goes to a part's Args). */
function omit<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Omit<T, K> {
    return Object.fromEntries(
        Object.entries(o).filter(([k]) => !(keys as readonly PropertyKey[]).includes(k)),
    ) as Omit<T, K>;
}

const on = <T extends object>(part: false | T | undefined, byDefault: boolean): T | undefined =>
    part === false ? undefined : part === undefined ? (byDefault ? ({} as T) : undefined) : part;

export class SecurityPlatform extends pulumi.ComponentResource {
    /** Vault's in-cluster address and CA certificate (undefined when Vault is off). */
    public readonly vaultAddress?: pulumi.Output<string>;
    public readonly vaultCaCert?: pulumi.Output<string>;
    /** Harbor's URL (undefined when Harbor is off). */
    public readonly harborUrl?: string;
    /** Every namespace the platform created, with its Pod Security level. */
    public readonly namespaces: Record<string, SecureNamespace> = {};
    public readonly namespaceLevels: Record<string, string> = {};
    /** The parts, for callers that compose more (e.g. a workload pulling from a Harbor project). */
    public readonly monitoring?: KubePrometheusStack;
    public readonly vault?: Vault;
    public readonly harbor?: Harbor;
    public readonly harborProjects: Record<string, HarborProject> = {};

    constructor(name: string, args: SecurityPlatformArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
        super("blueprint:platform:SecurityPlatform", name, {}, opts);
        const N = securityPlatformNamespaces;
        const admission = on(args.admission, true);
        const monitoringArgs = on(args.monitoring, true);
        const vaultArgs = on(args.vault, true);
        const harborArgs = on(args.harbor, false);
        const trivyArgs = on(args.trivy, true);
        const falcoArgs = on(args.falco, true);
        const kubeBenchArgs = on(args.kubeBench, true);
        const kubeHunterArgs = on(args.kubeHunter, false);
        const storageClass = args.storageClass ?? CLUSTER_DEFAULTS.storageClassName;
        const statefulStorageClass = args.statefulStorageClass ?? storageClass;
        const protectEvidence = args.protectEvidence ?? true;
        const eks = args.eks;
        /** Children keep the names they had at the stack's top level; the alias keeps their old URNs. */
        const child = (o: pulumi.CustomResourceOptions = {}): pulumi.ComponentResourceOptions => ({
            ...o,
            parent: this,
            aliases: [{ parent: pulumi.rootStackResource }],
        });
        const ready = (opts.dependsOn ?? []) as pulumi.Input<pulumi.Resource>[];

        // 1. Namespaces.
        const vaultApps = vaultArgs?.apps ?? [];
        const specs = platformNamespaceSpecs({
            vault: !!vaultArgs,
            harbor: !!harborArgs,
            falco: !!falcoArgs,
            monitoring: !!monitoringArgs,
            trivy: !!trivyArgs,
            kubeBench: !!kubeBenchArgs,
            kubeHunter: !!kubeHunterArgs,
            vaultClients: args.vaultClientNamespaces ?? [],
        });
        for (const spec of specs) {
            this.namespaces[spec.name] = new SecureNamespace(`ns-${spec.name}`, spec, child());
            this.namespaceLevels[spec.name] = spec.podSecurityLevel ?? "restricted";
        }
        /** A namespace as the parts take it: the SecureNamespace when the platform made it (they wait for it). */
        const ns = (n: string): NamespaceArg => this.namespaces[n] ?? n;
        const allNamespaces = Object.values(this.namespaces);

        // 2. Admission guardrails, after the namespaces so that their PSA labels are checked.
        if (admission)
            new AdmissionGuardrails(
                "admission",
                { policyConfig: blueprintPolicyConfig, ...admission },
                child({ dependsOn: allNamespaces }),
            );

        // 3. Monitoring first: its CRDs come before any ServiceMonitor or PrometheusRule.
        const monitoring = monitoringArgs
            ? new KubePrometheusStack(
                  "monitoring",
                  {
                      storageClass,
                      ...monitoringArgs,
                      namespace: ns(N.monitoring),
                      nodeExporterNamespace: ns(N.nodeExporter),
                  },
                  child({ dependsOn: ready }),
              )
            : undefined;
        this.monitoring = monitoring;

        // 4. Releases.
        if (vaultArgs) {
            const { address, token } = vaultArgs;
            const overrides = omit(vaultArgs, ["apps", "address", "token"]);
            const vault = new Vault(
                "vault",
                {
                    storageClass: statefulStorageClass,
                    ...overrides,
                    namespace: ns(N.vault),
                    protectUnsealKey: protectEvidence,
                    monitoring: monitoring ?? false,
                    awsKmsUnseal: eks
                        ? { oidcProviderArn: eks.oidcProviderArn, oidcIssuerUrl: eks.oidcIssuerUrl }
                        : undefined,
                    caSecretNamespaces: [...new Set(vaultApps.map((a) => a.namespace))].map(ns),
                },
                child({ dependsOn: ready }),
            );
            this.vault = vault;
            this.vaultAddress = vault.address;
            this.vaultCaCert = vault.caCertPem;
            const pending = vaultConfigPending({ address: address ?? "", token });
            if (pending) pulumi.log.info(pending);
            else
                new VaultConfig(
                    "vault-config",
                    { address: address!, token: token!, caCertPem: vault.caCertPem, apps: vaultApps },
                    { parent: this, aliases: [{ parent: pulumi.rootStackResource }], dependsOn: [vault] },
                );
        }

        if (harborArgs) {
            const { projects = ["apps"], apiReachable = false, s3Bucket } = harborArgs;
            const { vulnerabilitySeverity, robotDurationDays } = harborArgs;
            const harborOverrides = omit(harborArgs, [
                "projects",
                "apiReachable",
                "s3Bucket",
                "ingressFrom",
                "vulnerabilitySeverity",
                "robotDurationDays",
            ]);
            const harbor = new Harbor(
                "harbor",
                {
                    ...harborOverrides,
                    namespace: ns(N.harbor),
                    monitoring: monitoring ?? false,
                    storageClass: statefulStorageClass,
                    s3:
                        s3Bucket && eks
                            ? {
                                  bucketName: s3Bucket,
                                  region: eks.region,
                                  oidcProviderArn: eks.oidcProviderArn,
                                  oidcIssuerUrl: eks.oidcIssuerUrl,
                              }
                            : undefined,
                },
                child({ dependsOn: ready }),
            );
            this.harbor = harbor;
            this.harborUrl = harbor.url;
            // Phase 2 only: HarborProject calls https://<host>/api/v2.0, which the first `up` cannot reach yet.
            const pending = harborProjectsPending({
                enabled: true,
                apiReachable,
                host: harborArgs.host,
                projects,
            });
            if (pending) pulumi.log.info(pending);
            for (const project of pending ? [] : projects)
                this.harborProjects[project] = new HarborProject(
                    `harbor-${project}`,
                    {
                        harborUrl: harbor.url,
                        password: harbor.adminPassword,
                        projectName: project,
                        severity: vulnerabilitySeverity,
                        robotDurationDays,
                    },
                    { parent: this, aliases: [{ parent: pulumi.rootStackResource }], dependsOn: [harbor] },
                );
        }

        if (trivyArgs)
            new TrivyOperator(
                "trivy-operator",
                { storageClass, ...trivyArgs, namespace: ns(N.trivy), monitoring: monitoring ?? false },
                child({ dependsOn: ready }),
            );

        if (falcoArgs) {
            const { cloudwatch, logRetentionDays, ...overrides } = falcoArgs;
            new Falco(
                "falco",
                {
                    ...overrides,
                    namespace: ns(N.falco),
                    monitoring,
                    vaultNamespace: N.vault,
                    platformNamespaces: specs.map((s) => s.name),
                    cloudwatch:
                        cloudwatch && eks
                            ? {
                                  oidcProviderArn: eks.oidcProviderArn,
                                  oidcIssuerUrl: eks.oidcIssuerUrl,
                                  region: eks.region,
                                  kmsKeyArn: eks.volumeKeyArn,
                                  logGroupName: falcoDefaults.logGroupName,
                                  retentionInDays: logRetentionDays,
                                  protect: protectEvidence,
                              }
                            : undefined,
                },
                child({ dependsOn: ready }),
            );
        }

        if (kubeBenchArgs)
            new KubeBench(
                "kube-bench",
                { ...kubeBenchArgs, namespace: ns(N.kubeBench) },
                child({ dependsOn: ready }),
            );
        // kube-hunter's probe flows (API server, kubelets) come from the flow catalogue below.
        if (kubeHunterArgs)
            new KubeHunter(
                "kube-hunter",
                { ...kubeHunterArgs, namespace: ns(N.kubeHunter) },
                child({ dependsOn: ready }),
            );

        // 5. Flows: the catalogue is the only author of platform NetworkPolicies, on top of each default-deny.
        const networkCidr = args.networkCidr ?? CLUSTER_DEFAULTS.vpcCidr;
        new PlatformNetworkPolicies(
            "platform-flows",
            {
                controlPlaneCidrs: [networkCidr],
                serviceCidr: args.serviceCidr ?? CLUSTER_DEFAULTS.serviceCidr,
                ingressFrom: (harborArgs && harborArgs.ingressFrom) || {
                    namespace: "ingress-nginx",
                    pods: { "app.kubernetes.io/name": "ingress-nginx" },
                },
                namespaces: {
                    vault: !!vaultArgs && ns(N.vault),
                    harbor: !!harborArgs && ns(N.harbor),
                    falco: !!falcoArgs && ns(N.falco),
                    monitoring: !!monitoringArgs && ns(N.monitoring),
                    trivy: !!trivyArgs && ns(N.trivy),
                    kubeBench: !!kubeBenchArgs && ns(N.kubeBench),
                    nodeExporter: !!monitoringArgs && ns(N.nodeExporter),
                    kubeHunter: !!kubeHunterArgs && ns(N.kubeHunter),
                },
            },
            // The add-on namespaces come from `namespaces`; the app namespaces' default-deny also comes first.
            child({ dependsOn: allNamespaces }),
        );

        this.registerOutputs({
            vaultAddress: this.vaultAddress,
            vaultCaCert: this.vaultCaCert,
            harborUrl: this.harborUrl,
            namespaces: this.namespaceLevels,
        });
    }
}
