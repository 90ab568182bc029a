/**
 * `npm run fetch-reference` cannot run offline; this checks its plan: the chart versions are the components' own
 * pins and match the Chart.yaml files of the reference data in use, and the layout it writes is the one the tests read.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { fetchPlan, main } from "../../scripts/fetch-reference";
import { referencePath } from "../lib/reference";

describe("fetch-reference plan", () => {
    const plan = fetchPlan();

    test("one pinned chart per Helm component, each matching the reference data's Chart.yaml", () => {
        expect(plan.charts.map((c) => `${c.chart}@${c.version}`).sort()).toEqual([
            "falco@9.1.0",
            "harbor@1.19.1",
            "kube-prometheus-stack@88.5.3",
            "trivy-operator@0.34.0",
            "vault@0.34.1",
        ]);
        for (const c of plan.charts) {
            const chartYaml = parse(fs.readFileSync(referencePath(`charts/${c.chart}/Chart.yaml`), "utf8"));
            expect({ name: chartYaml.name, version: chartYaml.version }).toEqual({
                name: c.chart,
                version: c.version,
            });
            expect(fs.existsSync(referencePath(`charts-src/${c.chart}-${c.version}/Chart.yaml`))).toBe(true);
        }
    });

    test("subcharts land where the tests read them", () => {
        const to = plan.charts.flatMap((c) => c.subcharts.map((s) => s.to)).sort();
        expect(to).toEqual([
            "falcosidekick",
            "kube-prometheus-stack/subcharts/grafana",
            "kube-prometheus-stack/subcharts/kube-state-metrics",
            "kube-prometheus-stack/subcharts/prometheus-node-exporter",
        ]);
        for (const t of to) expect(fs.existsSync(referencePath(`charts/${t}/values.yaml`))).toBe(true);
    });

    test("kube-bench at v0.15.6 and the PSA fixtures at the recorded commit, in the tests' layout", () => {
        expect(plan.kubeBench.url).toBe(
            "https://raw.githubusercontent.com/aquasecurity/kube-bench/v0.15.6/job-eks.yaml",
        );
        expect(fs.existsSync(referencePath(`${plan.kubeBench.to}/job-eks.yaml`))).toBe(true);
        const readme = fs.readFileSync(referencePath("conformance/pod-security/README.md"), "utf8");
        expect(readme).toContain(plan.podSecurity.commit);
        expect(plan.podSecurity.tarball).toContain(plan.podSecurity.commit);
        for (const level of ["baseline", "restricted"])
            expect(
                fs.existsSync(
                    referencePath(`${plan.podSecurity.to}/${level}/${plan.podSecurity.version}/pass`),
                ),
            ).toBe(true);
    });

    test("never overwrites an existing target (exit 2, one line)", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ref-"));
        const writes: string[] = [];
        const spy = jest.spyOn(process.stderr, "write").mockImplementation((s) => {
            writes.push(String(s));
            return true;
        });
        try {
            expect(await main(["--into", dir])).toBe(2);
        } finally {
            spy.mockRestore();
            fs.rmSync(dir, { recursive: true, force: true });
        }
        expect(writes).toEqual([expect.stringMatching(/^fetch-reference: .* exists; remove it.*\n$/)]);
        expect(writes[0].trim()).not.toContain("\n");
    });
});
