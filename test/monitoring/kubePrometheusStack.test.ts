import { chartDefaults, unknownKeys } from "../lib/chart-values";
import { MockedResource, installMocks, settle, valueOf } from "../lib/mocks";
import * as pulumi from "@pulumi/pulumi";
import {
    KubePrometheusStack,
    kubePrometheusStackChart,
    crdFreeFormValues,
    kubePrometheusStackCrdValues,
    kubePrometheusStackValues,
    monitoringDefaults,
    resolveMonitoringArgs,
} from "../../components/monitoring/kubePrometheusStack";
import { ConfigError } from "../../components/lib/errors";

/* eslint-disable @typescript-eslint/no-explicit-any -- Helm values and mocked inputs are untyped JSON */

/** Deep merge: the parent chart's section for a subchart plus the subchart's own defaults. */
function merge(a: Record<string, any>, b: Record<string, any>): Record<string, any> {
    const out: Record<string, any> = { ...a };
    for (const [k, v] of Object.entries(b)) {
        const isMap = (x: unknown) => typeof x === "object" && x !== null && !Array.isArray(x);
        out[k] =
            isMap(v) && isMap(out[k])
                ? merge(out[k], v as Record<string, any>)
                : k in out && !isMap(v)
                  ? out[k]
                  : v;
    }
    return out;
}

/** kube-prometheus-stack defaults with each subchart's values merged under its key. */
function stackDefaults(): Record<string, any> {
    const d = chartDefaults("kube-prometheus-stack") as Record<string, any>;
    for (const sub of ["grafana", "prometheus-node-exporter", "kube-state-metrics"])
        d[sub] = merge(
            (d[sub] as Record<string, any>) ?? {},
            chartDefaults(`kube-prometheus-stack/subcharts/${sub}`),
        );
    return d;
}

/**
 * Paths that hold Kubernetes API objects the charts render with toYaml (SecurityContext, ResourceRequirements,
 * PersistentVolumeClaim templates): any field of those types is valid there.
 */
const freeForm = [
    "prometheusOperator.containerSecurityContext",
    "prometheusOperator.resources",
    "prometheusOperator.prometheusConfigReloader.resources",
    "prometheus.prometheusSpec.storageSpec",
    "prometheus.prometheusSpec.resources",
    "alertmanager.alertmanagerSpec.storage",
    "alertmanager.alertmanagerSpec.resources",
    "grafana.securityContext",
    "grafana.containerSecurityContext",
    "grafana.resources",
    "grafana.sidecar.securityContext",
    "grafana.sidecar.resources",
    "kube-state-metrics.containerSecurityContext",
    "kube-state-metrics.resources",
    "prometheus-node-exporter.containerSecurityContext",
    "prometheus-node-exporter.resources",
    "prometheusOperator.admissionWebhooks.patch.resources",
];

const resolve = (a: Parameters<typeof resolveMonitoringArgs>[0]) => {
    const r = resolveMonitoringArgs(a);
    expect(r.problems).toEqual([]);
    return r.resolved;
};
const values = (extra: Record<string, unknown> = {}) =>
    kubePrometheusStackValues(resolve({ namespace: "monitoring", ...extra })) as any;

describe("kube-prometheus-stack values", () => {
    test("every key exists in the chart's (or its subcharts') values.yaml", () => {
        expect(unknownKeys(values({ eks: true }), stackDefaults(), freeForm)).toEqual([]);
        expect(unknownKeys(values({ eks: false }), stackDefaults(), freeForm)).toEqual([]);
    });

    test("the CRD-only release installs the CRDs and nothing else; the main release leaves the CRDs to it", () => {
        const crd = kubePrometheusStackCrdValues() as Record<string, { enabled?: boolean; create?: boolean }>;
        expect(unknownKeys(crd, stackDefaults(), crdFreeFormValues)).toEqual([]);
        expect(crd.crds.enabled).toBe(true);
        for (const [k, v] of Object.entries(crd))
            if (k !== "crds") expect([k, v.enabled ?? v.create]).toEqual([k, false]);
        // Every component the chart enables by default is switched off in the CRD-only release.
        const defaults = stackDefaults() as Record<string, { enabled?: unknown }>;
        for (const [k, v] of Object.entries(defaults))
            if (k !== "crds" && v && typeof v === "object" && v.enabled === true)
                expect([k, crd[k]?.enabled]).toEqual([k, false]);
        expect(values().crds).toEqual({ enabled: false });
    });

    test("the key check catches typos, also inside subchart sections", () => {
        const bad = {
            grafana: { initChownData: { enable: false } },
            "prometheus-node-exporter": { namespaceOverrides: "x" },
            prometheus: { prometheusSpec: { serviceMonitorSelectorNilUseHelmValues: false } },
        };
        expect(unknownKeys(bad, stackDefaults(), freeForm)).toEqual([
            "grafana.initChownData.enable",
            "prometheus-node-exporter.namespaceOverrides",
            "prometheus.prometheusSpec.serviceMonitorSelectorNilUseHelmValues",
        ]);
    });

    test("chart pinned to 88.5.3 from prometheus-community, matching ../shared", () => {
        expect(kubePrometheusStackChart).toEqual({
            chart: "kube-prometheus-stack",
            version: "88.5.3",
            repo: "https://prometheus-community.github.io/helm-charts",
        });
    });

    test("selectors pick up ServiceMonitors, PodMonitors and rules from every release", () => {
        const spec = values().prometheus.prometheusSpec;
        expect(spec.serviceMonitorSelectorNilUsesHelmValues).toBe(false);
        expect(spec.podMonitorSelectorNilUsesHelmValues).toBe(false);
        expect(spec.ruleSelectorNilUsesHelmValues).toBe(false);
    });

    test("Grafana admin comes from an existing Secret; no password in the values", () => {
        const v = values({ grafanaAdminSecretName: "my-admin" });
        expect(v.grafana.admin).toEqual({
            existingSecret: "my-admin",
            userKey: "admin-user",
            passwordKey: "admin-password",
        });
        expect(JSON.stringify(v)).not.toMatch(/adminPassword/);
    });

    test("retention and persistent volumes on the encrypted StorageClass (default gp3-encrypted)", () => {
        const v = values();
        expect(v.prometheus.prometheusSpec.retention).toBe("15d");
        const claim = v.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec;
        expect(claim.storageClassName).toBe("gp3-encrypted");
        expect(claim.resources.requests.storage).toBe("50Gi");
        expect(v.alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.storageClassName).toBe(
            "gp3-encrypted",
        );
        const custom = values({ storageClass: "enc", retention: "30d", prometheusStorageSize: "200Gi" });
        expect(custom.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec).toMatchObject({
            storageClassName: "enc",
            resources: { requests: { storage: "200Gi" } },
        });
        expect(custom.alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.storageClassName).toBe(
            "enc",
        );
        expect(custom.prometheus.prometheusSpec.retention).toBe("30d");
    });

    test("EKS: the four hidden control-plane targets are off; elsewhere they stay on", () => {
        const targets = ["kubeControllerManager", "kubeScheduler", "kubeEtcd", "kubeProxy"];
        const eks = values({ eks: true });
        for (const t of targets) expect(eks[t]).toEqual({ enabled: false });
        const other = values({ eks: false });
        for (const t of targets) expect(other[t]).toEqual({ enabled: true });
        expect(monitoringDefaults.eks).toBe(false);
    });

    test("node-exporter goes to its own namespace; the monitoring namespace must differ", () => {
        expect(values()["prometheus-node-exporter"].namespaceOverride).toBe("node-exporter");
        expect(
            values({ nodeExporterNamespace: "host-metrics" })["prometheus-node-exporter"].namespaceOverride,
        ).toBe("host-metrics");
        expect(
            resolveMonitoringArgs({ namespace: "monitoring", nodeExporterNamespace: "monitoring" }).problems,
        ).toEqual([expect.stringMatching(/^nodeExporterNamespace: must differ from namespace "monitoring"/)]);
    });

    test("restricted contexts: Grafana's root init container off, every pod non-root + RuntimeDefault, containers drop ALL", () => {
        const v = values();
        expect(v.grafana.initChownData).toEqual({ enabled: false });
        expect(v.grafana.testFramework).toEqual({ enabled: false });
        const pods = [
            v.prometheusOperator.securityContext,
            v.prometheus.prometheusSpec.securityContext,
            v.alertmanager.alertmanagerSpec.securityContext,
            v.grafana.securityContext,
            v["kube-state-metrics"].securityContext,
        ];
        for (const p of pods) {
            expect(p.runAsNonRoot).toBe(true);
            expect(p.runAsUser).toBeGreaterThan(0);
            expect(p.seccompProfile).toEqual({ type: "RuntimeDefault" });
        }
        const containers = [
            v.prometheusOperator.containerSecurityContext,
            v.grafana.containerSecurityContext,
            v.grafana.sidecar.securityContext,
            v["kube-state-metrics"].containerSecurityContext,
            v["prometheus-node-exporter"].containerSecurityContext,
        ];
        for (const c of containers) {
            expect(c).toMatchObject({
                allowPrivilegeEscalation: false,
                privileged: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                capabilities: { drop: ["ALL"] },
                seccompProfile: { type: "RuntimeDefault" },
            });
            expect(c.capabilities.add).toBeUndefined();
        }
    });

    test("dashboard sidecar label is the one the chart watches", () => {
        const parent = chartDefaults("kube-prometheus-stack") as any;
        const v = values();
        expect(v.grafana.sidecar.dashboards.label).toBe(parent.grafana.sidecar.dashboards.label);
        expect(v.grafana.sidecar.dashboards.labelValue).toBe(parent.grafana.sidecar.dashboards.labelValue);
        expect(parent.grafana.sidecar.dashboards.searchNamespace).toBe("ALL");
    });

    test("bad args: one line per problem, naming the arg", () => {
        const { problems } = resolveMonitoringArgs({
            namespace: "Mon",
            retention: "15 days",
            prometheusStorageSize: "50GB",
            storageClass: "",
            grafanaAdminUser: "a b",
        });
        expect(problems).toEqual([
            expect.stringMatching(/^namespace: /),
            expect.stringMatching(/^storageClass: /),
            expect.stringMatching(/^retention: /),
            expect.stringMatching(/^prometheusStorageSize: /),
            expect.stringMatching(/^grafanaAdminUser: /),
        ]);
    });
});

const mockPassword = "mock-password-0123456789abcdef";

/** test/lib/mocks' installMocks, plus a known RandomPassword result so that its flow can be followed. */
function installMocksWithPassword(): MockedResource[] {
    return installMocks({
        state: (args) => ({
            ...args.inputs,
            ...(args.type === "random:index/randomPassword:RandomPassword" ? { result: mockPassword } : {}),
        }),
    });
}

describe("KubePrometheusStack component (mocked)", () => {
    const resources = installMocksWithPassword();
    let stack: KubePrometheusStack;
    beforeAll(async () => {
        stack = new KubePrometheusStack("mon", { namespace: "monitoring", eks: true });
        await settle();
    });
    const byType = (t: string) => resources.filter((r) => r.type === t);

    test("Helm release: pinned chart, fixed name, the monitoring namespace", () => {
        const rel = byType("kubernetes:helm.sh/v3:Release").find(
            (r) => r.inputs.name === "kube-prometheus-stack",
        )!;
        expect(rel.inputs).toMatchObject({
            chart: "kube-prometheus-stack",
            version: "88.5.3",
            name: "kube-prometheus-stack",
            namespace: "monitoring",
        });
        expect(rel.inputs.repositoryOpts.repo).toBe("https://prometheus-community.github.io/helm-charts");
        expect(rel.inputs.values.grafana.admin.existingSecret).toBe("grafana-admin");
    });

    test("Grafana admin Secret: explicit name, both keys; the password output is a Pulumi secret", async () => {
        const [secret] = byType("kubernetes:core/v1:Secret");
        expect(secret.inputs.metadata).toEqual({ name: "grafana-admin", namespace: "monitoring" });
        // The mock monitor receives the secret envelope: the credentials travel as a Pulumi secret.
        const sd = secret.inputs.stringData;
        expect(sd[pulumi.runtime.specialSigKey]).toBe(pulumi.runtime.specialSecretSig);
        expect(Object.keys(sd.value).sort()).toEqual(["admin-password", "admin-user"]);
        expect(sd.value["admin-user"]).toBe("admin");
        expect(sd.value["admin-password"]).toBe(mockPassword);
        const rel = byType("kubernetes:helm.sh/v3:Release").find(
            (r) => r.inputs.name === "kube-prometheus-stack",
        )!;
        expect(JSON.stringify(rel.inputs)).not.toContain(mockPassword);
        expect(byType("random:index/randomPassword:RandomPassword")).toHaveLength(1);
        expect(await (stack.grafanaAdminPassword as any).isSecret).toBe(true);
    });

    test("three dashboards as ConfigMaps with the sidecar label, and the security PrometheusRule", () => {
        const cms = byType("kubernetes:core/v1:ConfigMap");
        expect(cms.map((c) => c.inputs.metadata.name).sort()).toEqual([
            "blueprint-falco-dashboard",
            "blueprint-trivy-dashboard",
            "blueprint-vault-dashboard",
        ]);
        for (const c of cms) expect(c.inputs.metadata.labels).toEqual({ grafana_dashboard: "1" });
        const [rule] = byType("kubernetes:monitoring.coreos.com/v1:PrometheusRule");
        expect(rule.inputs.metadata).toEqual({ name: "blueprint-security-alerts", namespace: "monitoring" });
    });

    test("bad args throw a ConfigError before any resource is registered", () => {
        const before = resources.length;
        expect(
            () => new KubePrometheusStack("bad", { namespace: "monitoring", retention: "forever" }),
        ).toThrow(ConfigError);
        expect(resources.length).toBe(before);
    });

    test("namespace output", async () => {
        expect(await valueOf(pulumi.output(stack.namespace))).toBe("monitoring");
    });
});
