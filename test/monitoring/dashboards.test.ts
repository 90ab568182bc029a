import { dashboardLabel, dashboardSpecs, renderDashboard } from "../../components/monitoring/dashboards";
import { chartDefaults } from "../lib/chart-values";

/* eslint-disable @typescript-eslint/no-explicit-any -- dashboard JSON is untyped */

describe("security dashboards", () => {
    test("one dashboard each for Falco, trivy-operator and Vault, with unique uids", () => {
        expect(dashboardSpecs.map((d) => d.uid)).toEqual([
            "blueprint-falco",
            "blueprint-trivy",
            "blueprint-vault",
        ]);
    });

    test("each renders to valid Grafana JSON: uid, title, panels with a Prometheus target and a grid position", () => {
        for (const spec of dashboardSpecs) {
            const d = JSON.parse(renderDashboard(spec));
            expect(d).toMatchObject({ uid: spec.uid, title: spec.title, schemaVersion: expect.any(Number) });
            expect(d.panels.length).toBeGreaterThan(0);
            const ids = d.panels.map((p: any) => p.id);
            expect(new Set(ids).size).toBe(ids.length);
            for (const p of d.panels) {
                expect(p.datasource).toEqual({ type: "prometheus", uid: "prometheus" });
                expect(p.gridPos).toEqual({
                    h: expect.any(Number),
                    w: expect.any(Number),
                    x: expect.any(Number),
                    y: expect.any(Number),
                });
                expect(p.targets.length).toBeGreaterThan(0);
                for (const t of p.targets) expect(t.expr).toMatch(/\w+\(|\w+_\w+/);
            }
        }
    });

    test("each dashboard queries its component's metrics", () => {
        const exprs = (uid: string) =>
            JSON.parse(renderDashboard(dashboardSpecs.find((d) => d.uid === uid)!))
                .panels.flatMap((p: any) => p.targets.map((t: any) => t.expr))
                .join("\n");
        expect(exprs("blueprint-falco")).toMatch(/falcosecurity_falco_rules_matches_total/);
        expect(exprs("blueprint-trivy")).toMatch(/trivy_image_vulnerabilities/);
        expect(exprs("blueprint-vault")).toMatch(/vault_core_unsealed/);
    });

    test("the datasource uid and the sidecar label are those kube-prometheus-stack provisions", () => {
        const g = (chartDefaults("kube-prometheus-stack") as any).grafana.sidecar;
        expect(g.datasources.uid).toBe("prometheus");
        expect(dashboardLabel).toEqual({ key: g.dashboards.label, value: g.dashboards.labelValue });
    });
});
