/**
 * Grafana dashboards for the platform's security components (Falco, trivy-operator, Vault), shipped as ConfigMaps
 * that Grafana's dashboard sidecar loads (label `grafana_dashboard: "1"`, searched in all namespaces). The dashboards
 * are small and written for this blueprint; they query the Prometheus datasource the chart provisions (uid
 * `prometheus`).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** Label the Grafana sidecar watches, and its value (kube-prometheus-stack defaults). */
export const dashboardLabel = { key: "grafana_dashboard", value: "1" } as const;

/** One panel: a title and PromQL queries. */
export interface PanelSpec {
    title: string;
    type: "timeseries" | "stat" | "table";
    exprs: { expr: string; legend?: string }[];
}

/** One dashboard before rendering. */
export interface DashboardSpec {
    /** ConfigMap name and Grafana uid. */
    uid: string;
    title: string;
    tags: string[];
    panels: PanelSpec[];
}

const datasource = { type: "prometheus", uid: "prometheus" } as const;

/** The three security dashboards. */
export const dashboardSpecs: DashboardSpec[] = [
    {
        uid: "blueprint-falco",
        title: "Falco runtime security",
        tags: ["security", "falco"],
        panels: [
            {
                title: "Rule matches by priority (5m)",
                type: "timeseries",
                exprs: [
                    {
                        expr: "sum by (priority) (increase(falcosecurity_falco_rules_matches_total[5m]))",
                        legend: "priority {{priority}}",
                    },
                ],
            },
            {
                title: "Top rules (1h)",
                type: "table",
                exprs: [
                    {
                        expr: "topk(10, sum by (rule_name) (increase(falcosecurity_falco_rules_matches_total[1h])))",
                    },
                ],
            },
            {
                title: "Kernel event drops (5m)",
                type: "timeseries",
                exprs: [
                    {
                        expr: "sum by (hostname) (increase(falcosecurity_scap_n_drops_total[5m]))",
                        legend: "{{hostname}}",
                    },
                ],
            },
            {
                title: "Nodes without Falco",
                type: "stat",
                exprs: [
                    {
                        expr: 'count(kube_node_info unless on (node) label_replace(falcosecurity_evt_hostname_info, "node", "$1", "hostname", "(.*)")) or vector(0)',
                    },
                ],
            },
        ],
    },
    {
        uid: "blueprint-trivy",
        title: "trivy-operator vulnerabilities",
        tags: ["security", "trivy"],
        panels: [
            {
                title: "Vulnerabilities by severity",
                type: "stat",
                exprs: [{ expr: "sum by (severity) (trivy_image_vulnerabilities)", legend: "{{severity}}" }],
            },
            {
                title: "Images with critical vulnerabilities",
                type: "table",
                exprs: [
                    {
                        expr: 'sum by (namespace, image_repository, image_tag) (trivy_image_vulnerabilities{severity="Critical"}) > 0',
                    },
                ],
            },
        ],
    },
    {
        uid: "blueprint-vault",
        title: "Vault",
        tags: ["security", "vault"],
        panels: [
            { title: "Unsealed", type: "stat", exprs: [{ expr: "min(vault_core_unsealed)" }] },
            { title: "Active node", type: "stat", exprs: [{ expr: "sum(vault_core_active)" }] },
            {
                title: "Requests per second",
                type: "timeseries",
                exprs: [{ expr: "sum(rate(vault_core_handle_request_count[5m]))", legend: "requests/s" }],
            },
        ],
    },
];

/** Renders a dashboard as Grafana dashboard JSON (schema 39). Pure. */
export function renderDashboard(spec: DashboardSpec): string {
    const panels = spec.panels.map((p, i) => ({
        id: i + 1,
        type: p.type,
        title: p.title,
        datasource,
        gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
        targets: p.exprs.map((e, j) => ({
            refId: String.fromCharCode(65 + j),
            datasource,
            expr: e.expr,
            ...(e.legend ? { legendFormat: e.legend } : {}),
            ...(p.type === "table" ? { instant: true, format: "table" } : {}),
        })),
    }));
    return JSON.stringify(
        {
            uid: spec.uid,
            title: spec.title,
            tags: spec.tags,
            editable: false,
            schemaVersion: 39,
            version: 1,
            time: { from: "now-6h", to: "now" },
            refresh: "1m",
            timezone: "utc",
            panels,
        },
        null,
        2,
    );
}

/** Creates one ConfigMap per dashboard in `namespace`. */
export function securityDashboards(
    name: string,
    namespace: string,
    opts: pulumi.CustomResourceOptions,
): k8s.core.v1.ConfigMap[] {
    return dashboardSpecs.map(
        (d) =>
            new k8s.core.v1.ConfigMap(
                `${name}-${d.uid}`,
                {
                    metadata: {
                        name: `${d.uid}-dashboard`,
                        namespace,
                        labels: { [dashboardLabel.key]: dashboardLabel.value },
                    },
                    data: { [`${d.uid}.json`]: renderDashboard(d) },
                },
                opts,
            ),
    );
}
