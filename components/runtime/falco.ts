/**
 * Runtime security: Falco 9.1.0 (Falco 0.44) with the falcosidekick 0.12.x subchart. Answers the brief's F3 (runtime
 * security), C4 (malicious behaviour in the application) and F5 (forensics).
 *
 * - modern eBPF driver in least-privileged mode (capabilities BPF, PERFMON, SYS_RESOURCE, SYS_PTRACE instead of a
 *   privileged container). Falco still needs hostPID-like host access (/proc, /sys/kernel, the container runtime
 *   socket), so its namespace is `privileged`, with a reviewed exemption.
 * - falcosidekick is turned on with `falcosidekick.enabled` - the key the chart reads (the chart's dependency
 *   condition). `falco.sidekick.enabled` would be silently ignored.
 * - Prometheus metrics and a ServiceMonitor for Falco and for falcosidekick; the release depends on the monitoring
 *   release so that the ServiceMonitor CRD exists first.
 * - `falco.priority: notice`; the platform's own rules in `customRules` (see falcoRules.ts).
 * - Air-gapped: `airGapped: true` turns off falcoctl's artifact install/follow (no download of rules or plugins from
 *   the internet); Falco then runs with the rules and plugins shipped in its image plus our custom rules.
 * - Forensics (optional): falcosidekick ships events to one CloudWatch Logs group (retention + KMS) through an IRSA
 *   role limited to that group.
 */
import { platformNamespaceNames } from "../namespace/platformNamespaces";
import * as aws from "../lib/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../lib/errors";
import {
    awsRegion,
    check,
    checkEach,
    CLOUDWATCH_RETENTION_DAYS,
    cloudwatchRetention,
    DNS_LABEL_RE,
    dnsLabel,
    FieldError,
    formatFieldErrors,
    imageRepository,
    intRange,
    ipv4Cidr,
    matches,
    oneOf,
    port,
} from "../lib/validators";
import { restrictedContainerSecurityContext } from "../lib/security-context";
import { IrsaRole } from "../identity/irsaRole";
import { MonitoringStack, monitoringDependencies } from "../monitoring/monitoringStack";
import { NamespaceArg, namespaceName, namespaceResources, withDependsOn } from "../namespace/namespaceRef";
import { FalcoRulesOptions, falcoRulesYaml } from "./falcoRules";
import { pinnedRelease } from "../lib/helm";

/** The pinned chart. */
export const falcoChart = {
    chart: "falco",
    version: "9.1.0",
    repo: "https://falcosecurity.github.io/charts",
} as const;

/** Falco priorities accepted by `falco.priority` (lowercase, as falco.yaml spells them). */
export const falcoPriorityLevels = [
    "emergency",
    "alert",
    "critical",
    "error",
    "warning",
    "notice",
    "informational",
    "debug",
] as const;
export type FalcoPriority = (typeof falcoPriorityLevels)[number];

/** Defaults of {@link FalcoArgs}, in one place. */
export const falcoDefaults = {
    releaseName: "falco",
    priority: "notice" as FalcoPriority,
    airGapped: false,
    platformNamespaces: [
        "kube-system",
        ...(["monitoring", "nodeExporter", "falco", "vault", "harbor", "trivy", "kubeBench"] as const).map(
            (k) => platformNamespaceNames[k],
        ),
    ],
    shellAllowedImages: [] as string[],
    sensitiveReadNamespaces: [platformNamespaceNames.kubeBench],
    vaultNamespace: platformNamespaceNames.vault,
    vaultAllowedNetworks: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"],
    vaultAllowedPorts: [443],
    sidekickReplicas: 2,
    logRetentionDays: 365,
    logGroupName: "/blueprint/falco/events",
    cloudwatchMinimumPriority: "notice" as FalcoPriority,
} as const;

/** Optional CloudWatch Logs output of falcosidekick (forensics). */
export interface FalcoCloudWatchArgs {
    /** ARN of the cluster's IAM OIDC provider (IRSA). */
    oidcProviderArn: pulumi.Input<string>;
    /** Issuer URL of the cluster's OIDC provider. */
    oidcIssuerUrl: pulumi.Input<string>;
    /** ARN of the customer KMS key that encrypts the log group (its policy must allow CloudWatch Logs). */
    kmsKeyArn: pulumi.Input<string>;
    /** AWS region of the log group, e.g. "eu-west-1". */
    region: string;
    /** Log group name. Default "/blueprint/falco/events". */
    logGroupName?: string;
    /** Retention in days; a CloudWatch-accepted value, at least 365 (the policy pack's floor). Default 365. */
    retentionInDays?: number;
    /** Lowest Falco priority sent to CloudWatch. Default "notice". */
    minimumPriority?: FalcoPriority;
    /** Tags for the AWS resources. */
    tags?: Record<string, string>;
    /**
     * Protect and retain the log group (it is forensic evidence): `protect` and `retainOnDelete`. Default true. The
     * key in `kmsKeyArn` must grant CloudWatch Logs use for THIS group's ARN (HardenedCluster's `extraLogGroupNames`).
     */
    protect?: boolean;
}

/** Arguments of {@link Falco}. */
export interface FalcoArgs {
    /**
     * Namespace Falco runs in (PSA `privileged` with a reviewed exemption): its SecureNamespace (Falco waits for it),
     * or the name of one the caller creates and orders.
     */
    namespace: NamespaceArg;
    /**
     * The monitoring stack (e.g. the KubePrometheusStack) whose CRDs Falco's and falcosidekick's ServiceMonitors need:
     * the release waits for them. Omit when the CRDs already exist (or order the release with `opts.dependsOn`).
     */
    monitoring?: MonitoringStack;
    /** Helm release name; fixed so that object names (falcosidekick's service account) are known. Default "falco". */
    releaseName?: string;
    /** Minimum priority of the rules Falco loads (`falco.priority`). Default "notice". */
    priority?: FalcoPriority;
    /** Turn off falcoctl artifact install/follow (no internet access needed). Default false. */
    airGapped?: boolean;
    /** Namespaces where a shell in a container raises an alert. Default: the platform's namespaces. */
    platformNamespaces?: string[];
    /** Image repositories (exact `container.image.repository`) allowed to run shells there. Default none. */
    shellAllowedImages?: string[];
    /** Namespaces whose containers may read node-sensitive files (kube-bench). Default ["kube-bench"]. */
    sensitiveReadNamespaces?: string[];
    /** Namespace of Vault. Default "vault". */
    vaultNamespace?: string;
    /** CIDRs Vault may connect to on any port. Default the RFC 1918 ranges (in-VPC, in-cluster). */
    vaultAllowedNetworks?: string[];
    /** Ports Vault may reach outside those networks. Default [443] (AWS KMS/STS); use [] with VPC endpoints. */
    vaultAllowedPorts?: number[];
    /** Replicas of falcosidekick. Default 2. */
    sidekickReplicas?: number;
    /** Send Falco events to CloudWatch Logs (forensics). Off when unset. */
    cloudwatch?: FalcoCloudWatchArgs;
}

/** Retention of the forensics log group: a CloudWatch-accepted value, at least a year (the pack's floor). */
export const falcoRetention = cloudwatchRetention(365);
/** Retention values CloudWatch Logs accepts, from 365 days up. */
export const cloudwatchRetentionDays: readonly number[] = CLOUDWATCH_RETENTION_DAYS.filter((d) => d >= 365);

/** Name of falcosidekick's service account for a release (the subchart's fullname: `<release>-falcosidekick`). */
export function falcosidekickServiceAccount(releaseName: string): string {
    return `${releaseName}-falcosidekick`;
}

/** Validates Args; problems as data, paths naming the arg. Pure. */
export function falcoArgsErrors(a: FalcoArgs): FieldError[] {
    const e: FieldError[] = [];
    check(e, "namespace", namespaceName(a.namespace) ?? "", dnsLabel);
    const rel = a.releaseName ?? falcoDefaults.releaseName;
    if (!DNS_LABEL_RE.test(rel) || !rel.includes("falco") || rel.includes("falcosidekick") || rel.length > 40)
        e.push({
            path: "releaseName",
            value: rel,
            message:
                'must be a DNS-1123 label of at most 40 characters that contains "falco" but not "falcosidekick" (the charts derive object names from it)',
        });
    if (a.priority !== undefined) check(e, "priority", a.priority, oneOf(falcoPriorityLevels));
    checkEach(e, "platformNamespaces", a.platformNamespaces ?? [], dnsLabel);
    checkEach(e, "sensitiveReadNamespaces", a.sensitiveReadNamespaces ?? [], dnsLabel);
    if (a.platformNamespaces !== undefined && a.platformNamespaces.length === 0)
        e.push({ path: "platformNamespaces", value: [], message: "must not be empty" });
    if (a.vaultNamespace !== undefined) check(e, "vaultNamespace", a.vaultNamespace, dnsLabel);
    for (const img of a.shellAllowedImages ?? [])
        if (!imageRepository.test(img) || img.includes('"'))
            e.push({
                path: "shellAllowedImages",
                value: img,
                message: `must be ${imageRepository.accepted}`,
            });
    checkEach(e, "vaultAllowedNetworks", a.vaultAllowedNetworks ?? [], ipv4Cidr);
    if (a.vaultAllowedNetworks !== undefined && a.vaultAllowedNetworks.length === 0)
        e.push({
            path: "vaultAllowedNetworks",
            value: [],
            message: "must not be empty (Vault needs at least the cluster network)",
        });
    checkEach(e, "vaultAllowedPorts", a.vaultAllowedPorts ?? [], port);
    if (a.sidekickReplicas !== undefined) check(e, "sidekickReplicas", a.sidekickReplicas, intRange(1, 10));
    const cw = a.cloudwatch;
    if (cw) {
        check(e, "cloudwatch.region", cw.region ?? "", awsRegion);
        if (cw.logGroupName !== undefined)
            check(
                e,
                "cloudwatch.logGroupName",
                cw.logGroupName,
                matches(/^[\w\-./#]{1,512}$/, "a log group name"),
            );
        if (cw.retentionInDays !== undefined)
            check(e, "cloudwatch.retentionInDays", cw.retentionInDays, falcoRetention);
        if (cw.minimumPriority !== undefined)
            check(e, "cloudwatch.minimumPriority", cw.minimumPriority, oneOf(falcoPriorityLevels));
        if (!cw.oidcProviderArn)
            e.push({
                path: "cloudwatch.oidcProviderArn",
                value: undefined,
                message: "the cluster's IAM OIDC provider ARN is required",
            });
        if (!cw.oidcIssuerUrl)
            e.push({
                path: "cloudwatch.oidcIssuerUrl",
                value: undefined,
                message: "the cluster's OIDC issuer URL is required",
            });
        if (!cw.kmsKeyArn)
            e.push({
                path: "cloudwatch.kmsKeyArn",
                value: undefined,
                message: "a customer KMS key for the log group is required",
            });
    }
    return e;
}

/** Validates Args; returns one line per problem, naming the arg. */
export function validateFalcoArgs(a: FalcoArgs): string[] {
    return formatFieldErrors(falcoArgsErrors(a));
}

/** The rule options with defaults applied. */
export function falcoRulesOptions(a: FalcoArgs): FalcoRulesOptions {
    const d = falcoDefaults;
    return {
        platformNamespaces: [...(a.platformNamespaces ?? d.platformNamespaces)],
        shellAllowedImages: [...(a.shellAllowedImages ?? d.shellAllowedImages)],
        sensitiveReadNamespaces: [...(a.sensitiveReadNamespaces ?? d.sensitiveReadNamespaces)],
        vaultNamespace: a.vaultNamespace ?? d.vaultNamespace,
        vaultAllowedNetworks: [...(a.vaultAllowedNetworks ?? d.vaultAllowedNetworks)],
        vaultAllowedPorts: [...(a.vaultAllowedPorts ?? d.vaultAllowedPorts)],
    };
}

/** CloudWatch output settings as the values builder needs them (known values only, or Outputs). */
export interface FalcoCloudWatchValues {
    logGroupName: pulumi.Input<string>;
    roleArn: pulumi.Input<string>;
    region: string;
    minimumPriority: FalcoPriority;
}

const falcoctlResources = {
    requests: { cpu: "10m", memory: "32Mi" },
    limits: { cpu: "100m", memory: "128Mi" },
};

/** Pure values builder: Args (+ resolved CloudWatch settings) -> Falco chart values. */
export function falcoValues(a: FalcoArgs, cloudwatch?: FalcoCloudWatchValues): Record<string, unknown> {
    const airGapped = a.airGapped ?? falcoDefaults.airGapped;
    const container = {
        ...restrictedContainerSecurityContext,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
    };
    const sidekickConfig: Record<string, unknown> = {};
    if (cloudwatch)
        sidekickConfig.aws = {
            // The chart writes rolearn into the service account's eks.amazonaws.com/role-arn annotation.
            useirsa: true,
            rolearn: cloudwatch.roleArn,
            region: cloudwatch.region,
            cloudwatchlogs: {
                loggroup: cloudwatch.logGroupName,
                minimumpriority: cloudwatch.minimumPriority,
            },
        };
    return {
        driver: { kind: "modern_ebpf", modernEbpf: { leastPrivileged: true } },
        tty: true,
        metrics: { enabled: true },
        serviceMonitor: { create: true },
        falco: { priority: a.priority ?? falcoDefaults.priority },
        customRules: { "blueprint-rules.yaml": falcoRulesYaml(falcoRulesOptions(a)) },
        // falcoctl's init container and sidecar get bounded resources like every other container.
        falcoctl: {
            artifact: {
                install: { enabled: !airGapped, resources: falcoctlResources },
                follow: { enabled: !airGapped, resources: falcoctlResources },
            },
        },
        falcosidekick: {
            enabled: true,
            replicaCount: a.sidekickReplicas ?? falcoDefaults.sidekickReplicas,
            podSecurityContext: {
                runAsNonRoot: true,
                runAsUser: 1234,
                runAsGroup: 1234,
                fsGroup: 1234,
                seccompProfile: { type: "RuntimeDefault" },
            },
            securityContext: container,
            serviceMonitor: { enabled: true },
            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
            webui: { enabled: false },
            ...(cloudwatch ? { config: sidekickConfig } : {}),
        },
    };
}

/**
 * Falco + falcosidekick (see the file header). With `cloudwatch`, also a KMS-encrypted log group and an IRSA role that
 * can only create streams in and write to that one group.
 */
export class Falco extends pulumi.ComponentResource {
    /** The Helm release. */
    public readonly release: k8s.helm.v3.Release;
    /** The forensics log group, when `cloudwatch` is set. */
    public readonly logGroup?: aws.cloudwatch.LogGroup;
    /** falcosidekick's IRSA role ARN, when `cloudwatch` is set. */
    public readonly sidekickRoleArn?: pulumi.Output<string>;

    constructor(name: string, args: FalcoArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems(validateFalcoArgs(args));
        super("blueprint:runtime:Falco", name, {}, withDependsOn(opts, namespaceResources([args.namespace])));
        const ns = namespaceName(args.namespace);
        const k8sOpts: pulumi.CustomResourceOptions = {
            parent: this,
        };
        const releaseName = args.releaseName ?? falcoDefaults.releaseName;

        let cw: FalcoCloudWatchValues | undefined;
        if (args.cloudwatch) {
            const c = args.cloudwatch;
            this.logGroup = new aws.cloudwatch.LogGroup(
                `${name}-events`,
                {
                    name: c.logGroupName ?? falcoDefaults.logGroupName,
                    retentionInDays: c.retentionInDays ?? falcoDefaults.logRetentionDays,
                    kmsKeyId: c.kmsKeyArn,
                    tags: c.tags,
                },
                { parent: this, ...((c.protect ?? true) ? { protect: true, retainOnDelete: true } : {}) },
            );
            const groupArn = this.logGroup.arn.apply((arn) => arn.replace(/:\*$/, ""));
            const policy = groupArn.apply((arn) =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "FalcoEventsToOneLogGroup",
                            Effect: "Allow",
                            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                            Resource: [arn, `${arn}:log-stream:*`],
                        },
                    ],
                }),
            );
            const role = new IrsaRole(
                `${name}-sidekick`,
                {
                    oidcProviderArn: c.oidcProviderArn,
                    oidcIssuerUrl: c.oidcIssuerUrl,
                    namespace: ns,
                    serviceAccount: falcosidekickServiceAccount(releaseName),
                    policy,
                    tags: c.tags,
                },
                { parent: this },
            );
            this.sidekickRoleArn = role.roleArn;
            cw = {
                logGroupName: this.logGroup.name,
                roleArn: role.roleArn,
                region: c.region,
                minimumPriority: c.minimumPriority ?? falcoDefaults.cloudwatchMinimumPriority,
            };
        }

        this.release = pinnedRelease(
            name,
            { chart: falcoChart, releaseName, namespace: ns, values: falcoValues(args, cw) },
            // The ServiceMonitors need the monitoring stack's CRDs; opts.dependsOn applies to the release too.
            withDependsOn(
                { ...k8sOpts, dependsOn: opts?.dependsOn ?? [] },
                monitoringDependencies(args.monitoring),
            ),
        );
        this.registerOutputs({ sidekickRoleArn: this.sidekickRoleArn, logGroupName: this.logGroup?.name });
    }
}
