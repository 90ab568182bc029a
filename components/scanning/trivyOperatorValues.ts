/**
 * Pure pieces of the trivy-operator install: defaults, validation, and the Helm values builder. Chart
 * aquasecurity/trivy-operator 0.34.0; every key set exists in ../shared/charts/trivy-operator/values.yaml
 * (test/scanning/trivyOperator.test.ts checks it).
 */
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../lib/security-context";
import { Flow, FlowContext, chartPods } from "../network/flows";
import {
    check,
    checkEach,
    dnsSubdomain,
    FieldError,
    formatFieldErrors,
    harborProjectName,
    matches,
    oneOf,
    prefixLabel,
} from "../lib/validators";

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

/** Validates the builder's input; problems as data, paths naming the arg. Pure. */
export function trivyOperatorValuesErrors(v: TrivyOperatorValuesInput): FieldError[] {
    const e: FieldError[] = [];
    if (!Array.isArray(v.severities) || v.severities.length === 0)
        e.push({
            path: "severities",
            value: [],
            message: `must list some of: ${trivySeverities.join(", ")}`,
        });
    checkEach(e, "severities", v.severities ?? [], oneOf(trivySeverities));
    check(e, "storageClass", v.storageClass, dnsSubdomain);
    if (v.airGap) {
        check(
            e,
            "airGap.registryHost",
            v.airGap.registryHost,
            matches(hostPattern, "a host name (no scheme)"),
        );
        for (const k of ["mirrorGcrProject", "ghcrProject"] as const)
            check(e, `airGap.${k}`, v.airGap[k] ?? "", harborProjectName);
    }
    return e;
}

/** Validates the builder's input; one line per problem. */
export function validateTrivyOperatorValuesInput(
    v: TrivyOperatorValuesInput,
    prefix = "TrivyOperatorArgs",
): string[] {
    return formatFieldErrors(trivyOperatorValuesErrors(v), prefixLabel(prefix));
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
 * trivy-operator's contribution to the flow catalogue (components/network/platformFlows.ts), which is the only
 * author of the platform's NetworkPolicies. Split by role instead of "the whole namespace to 0.0.0.0/0 on 443 and
 * 6443": the operator reaches the API server only (the `kubernetes` Service VIP and the control-plane ENIs, 443);
 * scan jobs reach public HTTPS only (vulnerability DBs, public registries; never private VPC addresses or the
 * instance-metadata service) and Harbor's core and registry pods, explicitly, by namespace and labels (their
 * ports are Harbor's, so the flow lives in harborValues' `harborScanFlows`). Prometheus scrapes the operator.
 */
export function trivyFlows(ctx: FlowContext): Flow[] {
    const trivy = ctx.ns.trivy;
    if (!trivy) return [];
    const flows: Flow[] = [
        {
            name: "trivy-kube-api",
            from: { namespace: trivy, pods: chartPods.trivyOperator },
            to: ctx.apiServer,
            ports: [443],
            why: "the operator watches workloads, creates scan jobs, reads their logs and writes reports",
        },
        {
            name: "trivy-scans-egress-https",
            from: { namespace: trivy, pods: chartPods.trivyScanJobs },
            to: ctx.https,
            ports: [443],
            why: "scan jobs download the vulnerability DB and pull images from public registries",
        },
    ];
    if (ctx.prometheus)
        flows.push({
            name: "prometheus-trivy",
            from: ctx.prometheus,
            to: { namespace: trivy, pods: chartPods.trivyOperator },
            ports: [trivyOperatorDefaults.metricsPort],
            why: "Prometheus scrapes the operator's metrics",
        });
    return flows;
}
