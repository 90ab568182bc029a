/**
 * Pure pieces of the trivy-operator install: defaults, validation, and the Helm values builder. Chart
 * aquasecurity/trivy-operator 0.34.0; every key set exists in ../shared/charts/trivy-operator/values.yaml
 * (test/scanning/trivyOperator.test.ts checks it).
 */
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../lib/security-context";

export const trivySeverities = ["UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
export type TrivySeverity = (typeof trivySeverities)[number];

/** Every default of the TrivyOperator component. */
export const trivyOperatorDefaults = {
    chart: "trivy-operator",
    version: "0.34.0",
    repo: "https://aquasecurity.github.io/helm-charts/",
    releaseName: "trivy-operator",
    /**
     * Reported severities. HIGH and CRITICAL: the same line Harbor's pull block draws by default ("high"), and it
     * keeps VulnerabilityReports small (a report is one etcd object). Alerting is on CRITICAL (monitoring's rules).
     */
    severities: ["HIGH", "CRITICAL"] as TrivySeverity[],
    storageClass: "gp3-encrypted",
    monitoringNamespace: "monitoring",
    /** Operator metrics port (container port "metrics"). */
    metricsPort: 8080,
} as const;

/**
 * Air-gapped mode: the Trivy vulnerability DBs, the policy bundle and the images come from Harbor proxy-cache
 * projects instead of the internet. Those projects must allow anonymous pull (they only cache public upstream
 * content), so no registry password enters the chart values.
 */
export interface TrivyAirGap {
    /** Harbor host, e.g. harbor.example.com. */
    registryHost: string;
    /** Proxy-cache project whose upstream is mirror.gcr.io (trivy-db, trivy-java-db, trivy-checks, trivy, trivy-operator). */
    mirrorGcrProject: string;
    /** Proxy-cache project whose upstream is ghcr.io (node-collector). */
    ghcrProject: string;
}

/** Inputs of the values builder. */
export interface TrivyOperatorValuesInput {
    /** Severities written into VulnerabilityReports. */
    severities: TrivySeverity[];
    /** ServiceMonitor on (needs the Prometheus Operator CRDs). */
    monitoring: boolean;
    /** StorageClass of the PVCs the chart may create (Trivy server cache, alternate report storage). */
    storageClass: string;
    /** Air-gapped mode; undefined pulls from mirror.gcr.io / ghcr.io. */
    airGap?: TrivyAirGap;
}

const hostPattern = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d+)?$/;
const projectPattern = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** Validates the builder's input; one line per problem. */
export function validateTrivyOperatorValuesInput(
    v: TrivyOperatorValuesInput,
    prefix = "TrivyOperatorArgs",
): string[] {
    const p: string[] = [];
    if (!Array.isArray(v.severities) || v.severities.length === 0)
        p.push(`${prefix}.severities: empty; use some of: ${trivySeverities.join(", ")}`);
    for (const s of v.severities ?? [])
        if (!trivySeverities.includes(s))
            p.push(
                `${prefix}.severities: "${String(s)}" is not accepted; use some of: ${trivySeverities.join(", ")}`,
            );
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v.storageClass))
        p.push(`${prefix}.storageClass: "${v.storageClass}" is not a StorageClass name`);
    if (v.airGap) {
        if (!hostPattern.test(v.airGap.registryHost))
            p.push(
                `${prefix}.airGap.registryHost: "${v.airGap.registryHost}" is not a host name (no scheme)`,
            );
        for (const k of ["mirrorGcrProject", "ghcrProject"] as const)
            if (!projectPattern.test(v.airGap[k] ?? ""))
                p.push(`${prefix}.airGap.${k}: "${v.airGap[k] ?? ""}" is not a Harbor project name`);
    }
    return p;
}

/** Builds the Helm values. */
export function buildTrivyOperatorValues(v: TrivyOperatorValuesInput): Record<string, unknown> {
    const pod = {
        ...restrictedPodSecurityContext,
        seccompProfile: { ...restrictedPodSecurityContext.seccompProfile },
    };
    const container = {
        ...restrictedContainerSecurityContext,
        capabilities: { drop: [...restrictedContainerSecurityContext.capabilities.drop] },
        seccompProfile: { ...restrictedContainerSecurityContext.seccompProfile },
    };
    const values: Record<string, unknown> = {
        operator: {
            vulnerabilityScannerEnabled: true,
            configAuditScannerEnabled: true,
            rbacAssessmentScannerEnabled: true,
            exposedSecretScannerEnabled: true,
            infraAssessmentScannerEnabled: true,
            clusterComplianceEnabled: true,
            sbomGenerationEnabled: true,
            metricsFindingsEnabled: true,
            builtInTrivyServer: false,
        },
        serviceMonitor: { enabled: v.monitoring },
        trivyOperator: {
            // Scan jobs run in the operator's namespace, not in the scanned workloads' namespaces.
            scanJobsInSameNamespace: false,
            scanJobAutomountServiceAccountToken: false,
            // Applies to the scan jobs AND the node collector (the chart has one key for both): restricted for both;
            // the node collector's hostPath/hostPID remain and need the namespace exemption.
            scanJobPodTemplatePodSecurityContext: pod,
            scanJobPodTemplateContainerSecurityContext: container,
        },
        trivy: {
            severity: v.severities.join(","),
            ignoreUnfixed: false,
            storageClassName: v.storageClass,
            server: { podSecurityContext: pod, securityContext: container },
        },
        podSecurityContext: pod,
        securityContext: container,
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
        // The operator image from Aqua's own registry (approved), not the chart's default mirror.gcr.io copy.
        image: { registry: "ghcr.io", repository: "aquasecurity/trivy-operator" },
        alternateReportStorage: { enabled: false, storageClassName: v.storageClass },
    };
    if (v.airGap) {
        const a = v.airGap;
        const gcr = (repo: string) => `${a.mirrorGcrProject}/${repo}`;
        values.image = { registry: a.registryHost, repository: gcr("aquasec/trivy-operator") };
        Object.assign(values.trivy as Record<string, unknown>, {
            image: { registry: a.registryHost, repository: gcr("aquasec/trivy") },
            dbRegistry: a.registryHost,
            dbRepository: gcr("aquasec/trivy-db"),
            javaDbRegistry: a.registryHost,
            javaDbRepository: gcr("aquasec/trivy-java-db"),
            dbRepositoryInsecure: "false",
        });
        values.policiesBundle = {
            registry: a.registryHost,
            repository: gcr("aquasec/trivy-checks"),
            insecure: false,
        };
        values.nodeCollector = {
            registry: a.registryHost,
            repository: `${a.ghcrProject}/aquasecurity/node-collector`,
        };
    }
    return values;
}

/**
 * Free-form maps of the trivy-operator chart: Kubernetes (Pod)SecurityContext objects the chart renders verbatim
 * with toYaml, so any field of the Kubernetes type is valid below them.
 */
export const trivyOperatorFreeFormValues: string[] = [
    "podSecurityContext",
    "securityContext",
    "trivyOperator.scanJobPodTemplatePodSecurityContext",
    "trivyOperator.scanJobPodTemplateContainerSecurityContext",
    "trivy.server.podSecurityContext",
    "trivy.server.securityContext",
    "resources", // core/v1 ResourceRequirements of the operator
];

/**
 * NetworkPolicies for the operator namespace (on top of default-deny): every pod there (operator, scan jobs, node
 * collector) may reach TCP 443/6443 anywhere except the instance metadata endpoint (API server, registries, Trivy
 * DB); Prometheus may scrape the operator.
 */
export function trivyNetworkPolicies(
    namespace: string,
    monitoringNamespace?: string,
): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [
        {
            metadata: { name: "trivy-allow-egress-https", namespace },
            spec: {
                podSelector: {},
                policyTypes: ["Egress"],
                egress: [
                    {
                        to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["169.254.169.254/32"] } }],
                        ports: [
                            { protocol: "TCP", port: 443 },
                            { protocol: "TCP", port: 6443 },
                        ],
                    },
                ],
            },
        },
    ];
    if (monitoringNamespace)
        out.push({
            metadata: { name: "trivy-allow-metrics", namespace },
            spec: {
                podSelector: { matchLabels: { "app.kubernetes.io/name": "trivy-operator" } },
                policyTypes: ["Ingress"],
                ingress: [
                    {
                        from: [
                            {
                                namespaceSelector: {
                                    matchLabels: { "kubernetes.io/metadata.name": monitoringNamespace },
                                },
                            },
                        ],
                        ports: [{ protocol: "TCP", port: trivyOperatorDefaults.metricsPort }],
                    },
                ],
            },
        });
    return out;
}
