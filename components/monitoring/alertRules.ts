/**
 * Security alerts as code: one PrometheusRule with the platform's security alerts. `securityAlertGroups()` is pure,
 * so the tests write it out as a Prometheus rule file and run the real `promtool check rules` and `promtool test
 * rules` on it.
 *
 * Metric names (Falco 0.44 with the chart's `metrics.enabled: true`, which turns on `webserver.prometheus_metrics_enabled`):
 * - `falcosecurity_falco_rules_matches_total{priority, rule_name, source, tags}`: counter per rule. `priority` is
 *   Falco's numeric priority: 0 EMERGENCY, 1 ALERT, 2 CRITICAL, 3 ERROR, 4 WARNING, 5 NOTICE, 6 INFORMATIONAL,
 *   7 DEBUG. So `priority=~"[0-4]"` is "warning or worse".
 * - `falcosecurity_scap_n_drops_total`: kernel events dropped (metrics.kernelEventCountersEnabled).
 * - `falcosecurity_evt_hostname_info{hostname}`: one series per running Falco; the chart sets FALCO_HOSTNAME to
 *   the node name, so `hostname` equals kube-state-metrics' `kube_node_info{node}`.
 * trivy-operator: `trivy_image_vulnerabilities{severity="Critical", namespace, image_repository, ...}` (count per
 * image). Vault: `vault_core_unsealed` (1 unsealed, 0 sealed) from its Prometheus telemetry endpoint.
 * kube-bench results are not exported as metrics; they go to the Job logs (see docs/incident-guide.md).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../lib/errors";

/** One Prometheus alerting rule. */
export interface AlertRule {
    alert: string;
    expr: string;
    /** How long the condition must hold; omitted = fires at the first evaluation. */
    for?: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
}

/** One Prometheus rule group. */
export interface RuleGroup {
    name: string;
    rules: AlertRule[];
}

/** Names of the alerts, for tests and runbooks. */
export const alertNames = {
    falcoEvent: "FalcoSecurityEvent",
    falcoDrops: "FalcoKernelEventDrops",
    falcoMissing: "FalcoMissingOnNode",
    trivyCritical: "TrivyCriticalVulnerabilities",
    vaultSealed: "VaultSealed",
    vaultAuditFilling: "VaultAuditVolumeFilling",
} as const;

const guide = "docs/incident-guide.md";

/** The security alert groups. Pure. */
export function securityAlertGroups(): RuleGroup[] {
    return [
        {
            name: "blueprint-security",
            rules: [
                {
                    alert: alertNames.falcoEvent,
                    // At once: no `for`, a single matched event at warning or worse is an incident.
                    expr: 'increase(falcosecurity_falco_rules_matches_total{priority=~"[0-4]"}[5m]) > 0',
                    labels: { severity: "critical", component: "falco" },
                    annotations: {
                        summary:
                            "Falco rule {{ $labels.rule_name }} matched at priority {{ $labels.priority }}",
                        description: `Falco saw a runtime event at warning or worse. Read the event in falcosidekick's output (CloudWatch Logs when enabled) and follow ${guide}.`,
                    },
                },
                {
                    alert: alertNames.falcoDrops,
                    expr: "increase(falcosecurity_scap_n_drops_total[10m]) > 0",
                    for: "10m",
                    labels: { severity: "warning", component: "falco" },
                    annotations: {
                        summary: "Falco is dropping kernel events on {{ $labels.hostname }}",
                        description:
                            "Falco dropped kernel events for 10 minutes: detections may be missed. Raise driver.modernEbpf.bufSizePreset or the CPU limit.",
                    },
                },
                {
                    alert: alertNames.falcoMissing,
                    expr: 'kube_node_info unless on (node) label_replace(falcosecurity_evt_hostname_info, "node", "$1", "hostname", "(.*)")',
                    for: "10m",
                    labels: { severity: "critical", component: "falco" },
                    annotations: {
                        summary: "No Falco on node {{ $labels.node }}",
                        description:
                            "A node has reported no Falco metrics for 10 minutes: runtime detection is blind there. Check the Falco DaemonSet.",
                    },
                },
                {
                    alert: alertNames.trivyCritical,
                    expr: 'trivy_image_vulnerabilities{severity="Critical"} > 0',
                    labels: { severity: "critical", component: "trivy-operator" },
                    annotations: {
                        summary:
                            "Image {{ $labels.image_repository }}:{{ $labels.image_tag }} in {{ $labels.namespace }} has critical vulnerabilities",
                        description:
                            "trivy-operator found critical vulnerabilities in a running image. Read the VulnerabilityReport in that namespace.",
                    },
                },
                {
                    alert: alertNames.vaultSealed,
                    expr: "vault_core_unsealed == 0",
                    for: "1m",
                    labels: { severity: "critical", component: "vault" },
                    annotations: {
                        summary: "Vault instance {{ $labels.instance }} is sealed",
                        description:
                            "A Vault server has been sealed for 1 minute: secrets cannot be served. Check the KMS auto-unseal key and the Vault logs.",
                    },
                },
                {
                    alert: alertNames.vaultAuditFilling,
                    // The chart's audit claims are audit-<release>-<n>; kubelet reports their usage.
                    expr:
                        'kubelet_volume_stats_available_bytes{persistentvolumeclaim=~"audit-vault-.*"} / ' +
                        'kubelet_volume_stats_capacity_bytes{persistentvolumeclaim=~"audit-vault-.*"} < 0.2',
                    for: "10m",
                    labels: { severity: "warning", component: "vault" },
                    annotations: {
                        summary:
                            "Vault audit volume {{ $labels.persistentvolumeclaim }} has less than 20% free space",
                        description:
                            "The file audit device fills its volume with no rotation. Archive and truncate vault_audit.log (send SIGHUP to Vault after moving it) or expand the claim; the stdout device keeps Vault serving meanwhile.",
                    },
                },
            ],
        },
    ];
}

/** Arguments of {@link SecurityAlertRules}. */
export interface SecurityAlertRulesArgs {
    /** Namespace NAME of the monitoring stack; the PrometheusRule is created there. */
    namespace: string;
    /** Name of the PrometheusRule object. Default "blueprint-security-alerts". */
    ruleName?: string;
}

/** The PrometheusRule holding {@link securityAlertGroups}. Depend on the monitoring release (it brings the CRD). */
export class SecurityAlertRules extends pulumi.ComponentResource {
    /** The PrometheusRule custom resource. */
    public readonly rule: k8s.apiextensions.CustomResource;

    constructor(name: string, args: SecurityAlertRulesArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems(
            /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(args.namespace ?? "")
                ? []
                : [`namespace: "${args.namespace}" is not a DNS-1123 label`],
        );
        super("blueprint:monitoring:SecurityAlertRules", name, {}, opts);
        this.rule = new k8s.apiextensions.CustomResource(
            name,
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "PrometheusRule",
                metadata: { name: args.ruleName ?? "blueprint-security-alerts", namespace: args.namespace },
                spec: { groups: securityAlertGroups() },
            },
            // A component's dependsOn is not inherited by its children: pass it on, so the CRD exists first.
            { parent: this, dependsOn: opts?.dependsOn },
        );
        this.registerOutputs({});
    }
}
