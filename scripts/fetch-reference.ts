/**
 * `npm run fetch-reference [-- --into DIR]`: rebuilds the upstream reference data the tests read (the layout of
 * ../shared: charts/, charts-src/, conformance/pod-security/) from upstream, at the versions the components pin.
 * Needs network access and `helm` (on PATH, or $HELM). Writes into a temporary directory beside the target and
 * renames it into place at the end, so an interrupted run leaves nothing half-written. The target is
 * $BLUEPRINT_REFERENCE_DIR (default ../shared) unless --into is given; an existing target is never overwritten.
 *
 * - charts-src/<chart>-<version>/: `helm pull --untar` of each pinned chart (its dependencies come packaged in it);
 * - charts/<chart>/: Chart.yaml, values.yaml, values.schema.json (when shipped) and the source repository's
 *   LICENSE at the chart's tag; falcosidekick and the kube-prometheus-stack subcharts from the pulled packages;
 *   kube-bench/job-eks.yaml at the v0.15.6 tag;
 * - conformance/pod-security/: kubernetes/pod-security-admission's test/testdata/{baseline,restricted}/v1.37 at the
 *   pinned commit, and its LICENSE.
 * The project brief (brief.md) is not upstream data and is not fetched.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { kubePrometheusStackChart } from "../components/monitoring/kubePrometheusStack";
import { harborDefaults } from "../components/registry/harborValues";
import { falcoChart } from "../components/runtime/falco";
import { trivyOperatorDefaults } from "../components/scanning/trivyOperatorValues";
import { vaultChart } from "../components/vault/values";
import { fetchCommand, referenceDir, referenceSetting } from "../test/lib/reference";

export interface ChartPin {
    chart: string;
    version: string;
    repo: string;
    /** Source repository (owner/name) and tag whose root LICENSE is copied beside the chart data. */
    licenseFrom: { repo: string; ref: string };
    /** Dependencies copied from the pulled package's charts/<dep> to charts/<to>. */
    subcharts: Array<{ dep: string; to: string }>;
}

export interface FetchPlan {
    charts: ChartPin[];
    kubeBench: { url: string; license: string; to: string };
    podSecurity: { tarball: string; commit: string; version: string; to: string };
}

const raw = (repo: string, ref: string, file: string) =>
    `https://raw.githubusercontent.com/${repo}/${ref}/${file}`;

/** What to fetch: the components' own chart pins, and the pinned upstream tags/commits of the other data. */
export function fetchPlan(): FetchPlan {
    const pin = (
        c: { chart: string; version: string; repo: string },
        licenseFrom: ChartPin["licenseFrom"],
        subcharts: ChartPin["subcharts"] = [],
    ): ChartPin => ({ chart: c.chart, version: c.version, repo: c.repo, licenseFrom, subcharts });
    const psaCommit = "8f84a87c7f617f64a4ddc1aea24aeeb7a2e07cb8";
    return {
        charts: [
            pin(falcoChart, { repo: "falcosecurity/charts", ref: `falco-${falcoChart.version}` }, [
                { dep: "falcosidekick", to: "falcosidekick" },
            ]),
            pin(vaultChart, { repo: "hashicorp/vault-helm", ref: `v${vaultChart.version}` }),
            pin(harborDefaults, {
                repo: "goharbor/harbor-helm",
                ref: `v${harborDefaults.version}`,
            }),
            pin(
                kubePrometheusStackChart,
                {
                    repo: "prometheus-community/helm-charts",
                    ref: `kube-prometheus-stack-${kubePrometheusStackChart.version}`,
                },
                ["grafana", "prometheus-node-exporter", "kube-state-metrics"].map((d) => ({
                    dep: d,
                    to: `kube-prometheus-stack/subcharts/${d}`,
                })),
            ),
            // trivy-operator's chart 0.34.0 is released from the operator's v0.32.0 tag.
            pin(trivyOperatorDefaults, { repo: "aquasecurity/trivy-operator", ref: "v0.32.0" }),
        ],
        kubeBench: {
            url: raw("aquasecurity/kube-bench", "v0.15.6", "job-eks.yaml"),
            license: raw("aquasecurity/kube-bench", "v0.15.6", "LICENSE"),
            to: "charts/kube-bench",
        },
        podSecurity: {
            tarball: `https://codeload.github.com/kubernetes/pod-security-admission/tar.gz/${psaCommit}`,
            commit: psaCommit,
            version: "v1.37",
            to: "conformance/pod-security",
        },
    };
}

class FetchError extends Error {}

function run(cmd: string, args: string[], cwd?: string): void {
    const r = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (r.error) throw new FetchError(`${cmd}: ${r.error.message}`);
    if (r.status !== 0)
        throw new FetchError(
            `${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr.trim().split("\n").pop()}`,
        );
}

async function download(url: string, to: string): Promise<void> {
    const res = await fetch(url);
    if (!res.ok) throw new FetchError(`GET ${url}: HTTP ${res.status}`);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.writeFileSync(to, Buffer.from(await res.arrayBuffer()));
}

function copyIfExists(from: string, to: string): void {
    if (!fs.existsSync(from)) return;
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
}

/** charts/<to>/: the data files of one chart directory (no templates). */
function copyChartData(chartDir: string, to: string): void {
    for (const f of ["Chart.yaml", "values.yaml", "values.schema.json", "LICENSE"])
        copyIfExists(path.join(chartDir, f), path.join(to, f));
}

async function fetchAll(plan: FetchPlan, out: string, helm: string, log: (l: string) => void): Promise<void> {
    for (const c of plan.charts) {
        log(`helm pull ${c.chart} ${c.version} from ${c.repo}`);
        const tmp = fs.mkdtempSync(path.join(out, ".pull-"));
        run(helm, ["pull", c.chart, "--repo", c.repo, "--version", c.version, "--untar", "--untardir", tmp]);
        const src = path.join(out, "charts-src", `${c.chart}-${c.version}`);
        fs.mkdirSync(path.dirname(src), { recursive: true });
        fs.renameSync(path.join(tmp, c.chart), src);
        fs.rmSync(tmp, { recursive: true, force: true });
        const license = path.join(src, "LICENSE");
        if (!fs.existsSync(license))
            await download(raw(c.licenseFrom.repo, c.licenseFrom.ref, "LICENSE"), license);
        copyChartData(src, path.join(out, "charts", c.chart));
        for (const s of c.subcharts) {
            const dep = path.join(src, "charts", s.dep);
            if (!fs.existsSync(dep)) throw new FetchError(`${c.chart} ${c.version} has no packaged ${s.dep}`);
            copyChartData(dep, path.join(out, "charts", s.to));
            copyIfExists(license, path.join(out, "charts", s.to, "LICENSE"));
        }
    }
    log("kube-bench job-eks.yaml (v0.15.6)");
    await download(plan.kubeBench.url, path.join(out, plan.kubeBench.to, "job-eks.yaml"));
    await download(plan.kubeBench.license, path.join(out, plan.kubeBench.to, "LICENSE"));

    const ps = plan.podSecurity;
    log(`pod-security-admission fixtures ${ps.version} at ${ps.commit}`);
    const tgz = path.join(out, ".psa.tar.gz");
    await download(ps.tarball, tgz);
    const x = fs.mkdtempSync(path.join(out, ".psa-"));
    run("tar", ["-xzf", tgz, "-C", x, "--strip-components=1"]);
    const dest = path.join(out, ps.to);
    for (const level of ["baseline", "restricted"]) {
        fs.mkdirSync(path.join(dest, level), { recursive: true });
        fs.cpSync(path.join(x, "test", "testdata", level, ps.version), path.join(dest, level, ps.version), {
            recursive: true,
        });
    }
    fs.copyFileSync(path.join(x, "LICENSE"), path.join(dest, "LICENSE"));
    fs.rmSync(x, { recursive: true, force: true });
    fs.rmSync(tgz, { force: true });
}

export async function main(argv: string[]): Promise<number> {
    const { values } = parseArgs({ args: argv, options: { into: { type: "string" } } });
    const target = values.into ? path.resolve(values.into) : referenceDir();
    if (fs.existsSync(target)) {
        process.stderr.write(
            `fetch-reference: ${target} exists; remove it, or pass --into DIR and set ${referenceSetting}=DIR\n`,
        );
        return 2;
    }
    const helm = process.env.HELM || "helm";
    if (spawnSync(helm, ["version", "--short"], { encoding: "utf8" }).status !== 0) {
        process.stderr.write(`fetch-reference: helm not found (put it on PATH or set HELM)\n`);
        return 2;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const work = fs.mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}-`));
    try {
        await fetchAll(fetchPlan(), work, helm, (l) => process.stderr.write(`fetch-reference: ${l}\n`));
        fs.renameSync(work, target);
        process.stderr.write(`fetch-reference: wrote ${target}\n`);
        return 0;
    } catch (e) {
        fs.rmSync(work, { recursive: true, force: true });
        const msg = e instanceof FetchError ? e.message : ((e as Error).message ?? String(e)).split("\n")[0];
        process.stderr.write(`fetch-reference: ${msg} (try again, or see \`${fetchCommand}\` in README)\n`);
        return 2;
    }
}

if (require.main === module) main(process.argv.slice(2)).then((code) => process.exit(code));
