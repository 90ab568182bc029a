/**
 * Monitoring: kube-prometheus-stack (Prometheus Operator, Prometheus, Alertmanager, Grafana, kube-state-metrics,
 * node-exporter), hardened. Answers the brief's production stage ("sending security metrics to Prometheus; Grafana
 * for the whole team to see them").
 *
 * - Grafana's admin password is generated (@pulumi/random), stays a Pulumi secret, and reaches Grafana only through a
 *   Kubernetes Secret referenced by `grafana.admin.existingSecret`: it never appears in Helm values.
 * - The three `*SelectorNilUsesHelmValues` flags are false, so ServiceMonitors, PodMonitors and PrometheusRules from
 *   every namespace and release (Falco, falcosidekick, trivy-operator, Vault, our own alert rules) are picked up.
 * - Prometheus and Alertmanager keep their data on the encrypted StorageClass.
 * - The monitoring namespace stays `restricted`: every pod and container has a restricted security context, and
 *   Grafana's root-running `initChownData` init container is off. node-exporter (hostNetwork, hostPID, hostPath) is
 *   moved to its own privileged namespace with `prometheus-node-exporter.namespaceOverride`.
 * - On EKS the control-plane scrape targets that EKS hides are disabled (they would raise false TargetDown alerts).
 */
import { MonitoringStack } from "./monitoringStack";
import { NamespaceArg, namespaceName, namespaceResources, withDependsOn } from "../namespace/namespaceRef";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { throwIfProblems } from "../lib/errors";
import {
    check,
    DNS_LABEL_RE,
    dnsLabel,
    dnsSubdomain,
    exactChartVersion,
    FieldError,
    formatFieldErrors,
    matches,
    promDuration,
    quantity,
} from "../lib/validators";
import { restrictedContainerSecurityContext } from "../lib/security-context";
import { SecurityAlertRules } from "./alertRules";
import { securityDashboards } from "./dashboards";
import { pinnedRelease } from "../lib/helm";

/** The pinned chart. */
export const kubePrometheusStackChart = {
    chart: "kube-prometheus-stack",
    version: "88.5.3",
    repo: "https://prometheus-community.github.io/helm-charts",
} as const;

/** Defaults of {@link KubePrometheusStackArgs}, in one place. */
export const monitoringDefaults = {
    releaseName: "kube-prometheus-stack",
    storageClass: "gp3-encrypted",
    retention: "15d",
    prometheusStorageSize: "50Gi",
    alertmanagerStorageSize: "10Gi",
    nodeExporterNamespace: "node-exporter",
    eks: false,
    grafanaAdminSecretName: "grafana-admin",
    grafanaAdminUser: "admin",
    /** Label the Grafana dashboard sidecar watches (chart default `grafana.sidecar.dashboards.label`). */
    dashboardLabel: "grafana_dashboard",
    /** Value of that label (chart default `grafana.sidecar.dashboards.labelValue`). */
    dashboardLabelValue: "1",
    securityAlerts: true,
    dashboards: true,
} as const;

/** Secret keys Grafana reads its admin credentials from (chart defaults of `grafana.admin.userKey/passwordKey`). */
export const grafanaAdminKeys = { userKey: "admin-user", passwordKey: "admin-password" } as const;

/** Arguments of {@link KubePrometheusStack}. */
export interface KubePrometheusStackArgs {
    /**
     * Namespace the stack is installed into (PSA `restricted`): its SecureNamespace (the stack waits for it), or the
     * name of one the caller creates and orders.
     */
    namespace: NamespaceArg;
    /** Helm release name; fixed so object names are known at preview time. Default "kube-prometheus-stack". */
    releaseName?: string;
    /**
     * Chart version, for an upgrade: both releases (the CRD-only one first) move to it together, and the CRD
     * release's upgrade Job applies that version's CRDs. Values are checked against the pinned version
     * (`kubePrometheusStackChart.version`) only. Default: the pinned version.
     */
    chartVersion?: string;
    /** Encrypted StorageClass for Prometheus and Alertmanager volumes. Default "gp3-encrypted". */
    storageClass?: string;
    /** Prometheus retention, a Prometheus duration such as "15d" or "12h". Default "15d". */
    retention?: string;
    /** Size of Prometheus' volume, a Kubernetes quantity such as "50Gi". Default "50Gi". */
    prometheusStorageSize?: string;
    /** Size of Alertmanager's volume. Default "10Gi". */
    alertmanagerStorageSize?: string;
    /**
     * Namespace NAME for node-exporter, which needs hostNetwork/hostPID/hostPath and therefore a `privileged`
     * namespace (with a reviewed exemption): its SecureNamespace (waited for) or its name. Must differ from
     * `namespace`. Default "node-exporter".
     */
    nodeExporterNamespace?: NamespaceArg;
    /**
     * True on EKS: disables the kubeControllerManager, kubeScheduler, kubeEtcd and kubeProxy targets that EKS does not
     * expose. Leave false on clusters that expose them. Default false.
     */
    eks?: boolean;
    /** Name of the Secret holding Grafana's admin credentials (created here). Default "grafana-admin". */
    grafanaAdminSecretName?: string;
    /** Grafana admin user name. Default "admin". */
    grafanaAdminUser?: string;
    /** Create the security PrometheusRule (Falco, trivy-operator, Vault alerts). Default true. */
    securityAlerts?: boolean;
    /** Create the Falco, trivy-operator and Vault Grafana dashboards. Default true. */
    dashboards?: boolean;
}

/** Args with every default applied. */
export type ResolvedMonitoringArgs = Required<
    Omit<KubePrometheusStackArgs, "chartVersion" | "namespace" | "nodeExporterNamespace">
> & { namespace: string; nodeExporterNamespace: string };

/** Applies defaults and validates; returns every problem, one line each, naming the arg. */
export function resolveMonitoringArgs(args: KubePrometheusStackArgs): {
    resolved: ResolvedMonitoringArgs;
    /** Problems as data, paths naming the arg. */
    errors: FieldError[];
    /** The same, one line each. */
    problems: string[];
} {
    const d = monitoringDefaults;
    const resolved: ResolvedMonitoringArgs = {
        namespace: namespaceName(args.namespace),
        releaseName: args.releaseName ?? d.releaseName,
        storageClass: args.storageClass ?? d.storageClass,
        retention: args.retention ?? d.retention,
        prometheusStorageSize: args.prometheusStorageSize ?? d.prometheusStorageSize,
        alertmanagerStorageSize: args.alertmanagerStorageSize ?? d.alertmanagerStorageSize,
        nodeExporterNamespace: namespaceName(args.nodeExporterNamespace) ?? d.nodeExporterNamespace,
        eks: args.eks ?? d.eks,
        grafanaAdminSecretName: args.grafanaAdminSecretName ?? d.grafanaAdminSecretName,
        grafanaAdminUser: args.grafanaAdminUser ?? d.grafanaAdminUser,
        securityAlerts: args.securityAlerts ?? d.securityAlerts,
        dashboards: args.dashboards ?? d.dashboards,
    };
    const e: FieldError[] = [];
    const r = resolved;
    check(e, "namespace", r.namespace ?? "", dnsLabel);
    if (
        check(e, "nodeExporterNamespace", r.nodeExporterNamespace, dnsLabel) &&
        r.nodeExporterNamespace === r.namespace
    )
        e.push({
            path: "nodeExporterNamespace",
            value: undefined,
            message: `must differ from namespace "${r.namespace}": node-exporter needs a privileged namespace and the monitoring namespace stays restricted`,
        });
    if (args.chartVersion !== undefined) check(e, "chartVersion", args.chartVersion, exactChartVersion);
    if (!DNS_LABEL_RE.test(r.releaseName) || r.releaseName.length > 40)
        e.push({
            path: "releaseName",
            value: r.releaseName,
            message: "must be a DNS-1123 label of at most 40 characters",
        });
    check(e, "storageClass", r.storageClass, dnsSubdomain);
    check(e, "retention", r.retention, promDuration);
    check(e, "prometheusStorageSize", r.prometheusStorageSize, quantity);
    check(e, "alertmanagerStorageSize", r.alertmanagerStorageSize, quantity);
    check(e, "grafanaAdminSecretName", r.grafanaAdminSecretName, dnsSubdomain);
    check(
        e,
        "grafanaAdminUser",
        r.grafanaAdminUser,
        matches(/^[A-Za-z0-9._@-]{1,64}$/, "1-64 of letters, digits, . _ @ -"),
    );
    return { resolved, errors: e, problems: formatFieldErrors(e) };
}

/** kube-state-metrics 8.4.0's default collectors, minus `secrets`. */
export const kubeStateMetricsCollectors = [
    "certificatesigningrequests",
    "configmaps",
    "cronjobs",
    "daemonsets",
    "deployments",
    "endpointslices",
    "horizontalpodautoscalers",
    "ingresses",
    "jobs",
    "leases",
    "limitranges",
    "mutatingwebhookconfigurations",
    "namespaces",
    "networkpolicies",
    "nodes",
    "persistentvolumeclaims",
    "persistentvolumes",
    "poddisruptionbudgets",
    "pods",
    "replicasets",
    "replicationcontrollers",
    "resourcequotas",
    "services",
    "statefulsets",
    "storageclasses",
    "validatingwebhookconfigurations",
    "volumeattachments",
];

/** Pod-level restricted context with a given UID/GID (the images' own non-root users). */
function podContext(uid: number, gid: number) {
    return {
        runAsNonRoot: true,
        runAsUser: uid,
        runAsGroup: gid,
        fsGroup: gid,
        seccompProfile: { type: "RuntimeDefault" },
    };
}

function pvc(storageClass: string, size: string) {
    return {
        volumeClaimTemplate: {
            spec: {
                storageClassName: storageClass,
                accessModes: ["ReadWriteOnce"],
                resources: { requests: { storage: size } },
            },
        },
    };
}

function res(cpu: string, memory: string, cpuLimit: string, memoryLimit: string) {
    return { requests: { cpu, memory }, limits: { cpu: cpuLimit, memory: memoryLimit } };
}

/**
 * Pure values builder: resolved args -> kube-prometheus-stack values. Contains no secret: Grafana reads its admin
 * credentials from the Secret named `grafanaAdminSecretName`.
 */
/**
 * Values of the CRD-only release: the same pinned chart with every component off, so it installs just the
 * prometheus-operator CRDs (ServiceMonitor, PodMonitor, PrometheusRule...) in seconds. Components that create
 * such objects wait for this release instead of the whole monitoring stack (issue 9: no false dependencies).
 */
export function kubePrometheusStackCrdValues(): Record<string, unknown> {
    return {
        crds: {
            enabled: true,
            // Helm installs crds/ once and never upgrades it: a chart bump would run a new operator against old
            // CRDs. The chart's upgrade Job (a pre-install/pre-upgrade/pre-rollback hook) server-side-applies the
            // CRDs of the chart version being installed, before anything else of the release. kubectl's tag follows
            // the cluster's version (the chart's default); busybox is pinned to a version instead of `latest`.
            upgradeJob: {
                enabled: true,
                forceConflicts: true,
                image: { busybox: { tag: crdUpgradeBusyboxTag } },
                resources: {
                    requests: { cpu: "50m", memory: "64Mi" },
                    limits: { cpu: "500m", memory: "256Mi" },
                },
            },
        },
        defaultRules: { create: false },
        windowsMonitoring: { enabled: false },
        alertmanager: { enabled: false },
        grafana: { enabled: false },
        kubernetesServiceMonitors: { enabled: false },
        kubeApiServer: { enabled: false },
        kubelet: { enabled: false },
        kubeControllerManager: { enabled: false },
        coreDns: { enabled: false },
        kubeEtcd: { enabled: false },
        kubeScheduler: { enabled: false },
        kubeProxy: { enabled: false },
        kubeStateMetrics: { enabled: false },
        nodeExporter: { enabled: false },
        prometheusOperator: { enabled: false },
        prometheus: { enabled: false },
        thanosRuler: { enabled: false },
    };
}

/** busybox of the CRD upgrade Job (it only bunzips the CRD bundle); the chart's default tag is `latest`. */
export const crdUpgradeBusyboxTag = "1.37.0";

/** Paths of the CRD-only values that hold Kubernetes-typed objects (not checked key by key). */
export const crdFreeFormValues = ["crds.upgradeJob.resources"];

export function kubePrometheusStackValues(r: ResolvedMonitoringArgs): Record<string, unknown> {
    const container = {
        ...restrictedContainerSecurityContext,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
    };
    return {
        // The CRDs belong to the CRD-only release (kubePrometheusStackCrdValues), which other components wait for.
        crds: { enabled: false },
        // Control-plane targets that EKS hides: disabled only on EKS (the component works on any cluster).
        kubeControllerManager: { enabled: !r.eks },
        kubeScheduler: { enabled: !r.eks },
        kubeEtcd: { enabled: !r.eks },
        kubeProxy: { enabled: !r.eks },
        prometheusOperator: {
            securityContext: podContext(65534, 65534),
            containerSecurityContext: container,
            resources: res("100m", "128Mi", "500m", "512Mi"),
            prometheusConfigReloader: { resources: res("10m", "32Mi", "100m", "64Mi") },
            // The certificate Jobs (hooks) that create the webhook's Secret and patch its caBundle.
            admissionWebhooks: { patch: { resources: res("10m", "32Mi", "100m", "64Mi") } },
        },
        prometheus: {
            prometheusSpec: {
                // Pick up every ServiceMonitor / PodMonitor / PrometheusRule, not only those labelled for this release.
                serviceMonitorSelectorNilUsesHelmValues: false,
                podMonitorSelectorNilUsesHelmValues: false,
                ruleSelectorNilUsesHelmValues: false,
                retention: r.retention,
                storageSpec: pvc(r.storageClass, r.prometheusStorageSize),
                // The operator already gives the prometheus and config-reloader containers a read-only root, no
                // privilege escalation and drop ALL; the pod level adds non-root and RuntimeDefault seccomp.
                securityContext: podContext(1000, 2000),
                resources: res("200m", "1Gi", "2", "4Gi"),
            },
        },
        alertmanager: {
            alertmanagerSpec: {
                storage: pvc(r.storageClass, r.alertmanagerStorageSize),
                securityContext: podContext(1000, 2000),
                resources: res("50m", "64Mi", "200m", "256Mi"),
            },
        },
        grafana: {
            admin: { existingSecret: r.grafanaAdminSecretName, ...grafanaAdminKeys },
            // Grafana's init container runs as root to chown its volume: not in a restricted namespace.
            initChownData: { enabled: false },
            // The chart's helm-test pod has no security context.
            testFramework: { enabled: false },
            securityContext: podContext(472, 472),
            containerSecurityContext: container,
            // Writable scratch space for a read-only root filesystem.
            extraEmptyDirMounts: [{ name: "tmp", mountPath: "/tmp" }],
            resources: res("100m", "128Mi", "500m", "512Mi"),
            sidecar: {
                securityContext: container,
                resources: res("50m", "64Mi", "200m", "128Mi"),
                dashboards: {
                    enabled: true,
                    label: monitoringDefaults.dashboardLabel,
                    labelValue: monitoringDefaults.dashboardLabelValue,
                },
            },
        },
        "kube-state-metrics": {
            // The chart's collectors without `secrets`: kube-state-metrics then has no cluster-wide read of Secrets.
            collectors: kubeStateMetricsCollectors,
            securityContext: { enabled: true, ...podContext(65534, 65534) },
            containerSecurityContext: container,
            resources: res("50m", "64Mi", "200m", "256Mi"),
        },
        "prometheus-node-exporter": {
            namespaceOverride: r.nodeExporterNamespace,
            // Host namespaces are why node-exporter lives in its own privileged namespace; the container itself is
            // still as tight as it can be.
            containerSecurityContext: { ...container, runAsNonRoot: true },
            resources: res("20m", "32Mi", "200m", "64Mi"),
        },
    };
}

/**
 * kube-prometheus-stack 88.5.3, hardened (see the file header). Creates the Grafana admin Secret, the Helm release,
 * and - after the release, because they need its CRDs and sidecar - the security dashboards and alert rules.
 */
export class KubePrometheusStack extends pulumi.ComponentResource implements MonitoringStack {
    /** The Helm release of the monitoring stack (CRDs excluded). */
    public readonly release: k8s.helm.v3.Release;
    /** The CRD-only release; components that create ServiceMonitors or PrometheusRules `dependsOn` it. */
    public readonly crds: k8s.helm.v3.Release;
    /** Namespace the stack runs in. */
    public readonly namespace: string;
    /** Grafana admin password (a Pulumi secret). */
    public readonly grafanaAdminPassword: pulumi.Output<string>;
    /** Name of the Secret with Grafana's admin credentials. */
    public readonly grafanaAdminSecretName: string;

    constructor(name: string, args: KubePrometheusStackArgs, opts?: pulumi.ComponentResourceOptions) {
        const { resolved, problems } = resolveMonitoringArgs(args);
        throwIfProblems(problems);
        super(
            "blueprint:monitoring:KubePrometheusStack",
            name,
            {},
            withDependsOn(opts, namespaceResources([args.namespace, args.nodeExporterNamespace])),
        );
        const childOpts: pulumi.CustomResourceOptions = {
            parent: this,
        };
        this.namespace = resolved.namespace;
        this.grafanaAdminSecretName = resolved.grafanaAdminSecretName;

        const password = new random.RandomPassword(
            `${name}-grafana-admin`,
            { length: 32, special: false },
            { parent: this },
        );
        this.grafanaAdminPassword = pulumi.secret(password.result);
        const adminSecret = new k8s.core.v1.Secret(
            `${name}-grafana-admin`,
            {
                metadata: { name: resolved.grafanaAdminSecretName, namespace: resolved.namespace },
                type: "Opaque",
                stringData: pulumi.secret(
                    pulumi.all([password.result]).apply(([pw]) => ({
                        [grafanaAdminKeys.userKey]: resolved.grafanaAdminUser,
                        [grafanaAdminKeys.passwordKey]: pw,
                    })),
                ),
            },
            { ...childOpts, additionalSecretOutputs: ["data", "stringData"] },
        );

        const chart = {
            ...kubePrometheusStackChart,
            version: args.chartVersion ?? kubePrometheusStackChart.version,
        };
        this.crds = pinnedRelease(
            `${name}-crds`,
            {
                chart,
                releaseName: `${resolved.releaseName}-crds`,
                namespace: resolved.namespace,
                timeout: 300,
                values: kubePrometheusStackCrdValues(),
            },
            childOpts,
        );

        this.release = pinnedRelease(
            name,
            {
                chart,
                releaseName: resolved.releaseName,
                namespace: resolved.namespace,
                timeout: 900,
                values: kubePrometheusStackValues(resolved),
            },
            { ...childOpts, dependsOn: [adminSecret, this.crds] },
        );

        // Dashboards are plain ConfigMaps that Grafana's sidecar picks up whenever they appear: no ordering needed.
        if (resolved.dashboards) securityDashboards(name, resolved.namespace, childOpts);
        if (resolved.securityAlerts)
            new SecurityAlertRules(
                `${name}-security-alerts`,
                { namespace: resolved.namespace },
                { ...childOpts, dependsOn: [this.crds] },
            );

        this.registerOutputs({
            namespace: this.namespace,
            grafanaAdminSecretName: this.grafanaAdminSecretName,
            grafanaAdminPassword: this.grafanaAdminPassword,
        });
    }
}
