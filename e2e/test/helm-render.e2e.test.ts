/**
 * The guard renders every Helm release with real helm (built by e2e/tools/build.sh from the Go module proxy) from
 * the unmodified chart sources: each chart renders, the objects per release are pinned, the pack's verdict on every
 * chart pod is pinned, and the blueprint stays clean with rendering on, also with Harbor and the example app on.
 * BLUEPRINT_HELM: the helm binary (default: e2e/tools/build.sh helm). BLUEPRINT_CHART_DIR: the chart sources
 * (default ../shared/charts-src).
 *
 * A chart cache may be incomplete (a copy without some subcharts). Which charts are complete is decided here,
 * independently of the guard: every file the cache's SHA256SUMS lists under `<chart>-<version>/` is present with its
 * checksum, or, without a SHA256SUMS, every dependency its Chart.yaml declares is under charts/. For a complete chart
 * the rendering is asserted in full; for an incomplete one the guard must say `not analyzed: <urn>: ...missing...`
 * for each of its releases. Nothing is skipped.
 */
import { execFileSync, spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { referencePath } from "../../test/lib/reference";

const root = path.join(__dirname, "../..");
const helm =
    process.env.BLUEPRINT_HELM ??
    execFileSync("bash", [path.join(root, "e2e/tools/build.sh"), "helm"], { encoding: "utf8" })
        .trim()
        .split(" ")[1];
const chartDir = process.env.BLUEPRINT_CHART_DIR ?? referencePath("charts-src");

interface Doc {
    resources: {
        urn: string;
        type: string;
        name: string;
        parent?: string;
        source?: string;
        inputs?: Record<string, unknown>;
    }[];
    violations: { policy: string; level: string; urn: string; name: string; message: string }[];
    summary: { mandatory: number; advisory: number };
}

function guard(...config: string[]): { code: number | null; doc: Doc } {
    const r = spawnSync(
        process.execPath,
        [
            path.join(root, "guard/bin.js"),
            "--json",
            "--helm",
            helm,
            "--chart-dir",
            chartDir,
            ...config.flatMap((c) => ["--config", c]),
        ],
        { cwd: root, encoding: "utf8", timeout: 600_000, maxBuffer: 256 << 20 },
    );
    if (r.status === 2) throw new Error(r.stderr);
    return { code: r.status, doc: JSON.parse(r.stdout) as Doc };
}

/** What is missing from the chart's source in `chartDir` (empty: complete). */
function missingFromSource(chart: string, version: string): string[] {
    const sub = `${chart}-${version}`;
    const sums = path.join(chartDir, "SHA256SUMS");
    if (fs.existsSync(sums)) {
        const listed = fs
            .readFileSync(sums, "utf8")
            .split("\n")
            .map((l) => /^([0-9a-f]{64}) [ *](.+)$/.exec(l))
            .filter((m): m is RegExpExecArray => !!m && m[2].startsWith(`${sub}/`));
        if (listed.length > 0)
            return listed
                .filter(([, sum, rel]) => {
                    const f = path.join(chartDir, rel);
                    return (
                        !fs.existsSync(f) ||
                        createHash("sha256").update(fs.readFileSync(f)).digest("hex") !== sum
                    );
                })
                .map(([, , rel]) => rel);
    }
    const dir = fs.existsSync(path.join(chartDir, sub))
        ? path.join(chartDir, sub)
        : path.join(chartDir, chart);
    if (!fs.existsSync(path.join(dir, "Chart.yaml"))) return [`${dir}/Chart.yaml`];
    const deps = ((
        parse(fs.readFileSync(path.join(dir, "Chart.yaml"), "utf8")) as { dependencies?: { name: string }[] }
    ).dependencies ?? []) as { name: string }[];
    return deps
        .filter((d) => !fs.existsSync(path.join(dir, "charts", d.name, "Chart.yaml")))
        .map((d) => `dependency ${d.name}`);
}

const podKinds = ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"];
const releaseType = "kubernetes:helm.sh/v3:Release";

/** The Helm releases of a run: resource name, URN and chart@version. */
function releases(doc: Doc): { name: string; urn: string; chart: string; version: string }[] {
    return doc.resources
        .filter((r) => r.type === releaseType)
        .map((r) => ({
            name: r.name,
            urn: r.urn,
            chart: String(r.inputs?.chart),
            version: String(r.inputs?.version),
        }));
}

/** Objects per release (by the release's resource name). */
function counts(doc: Doc): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of doc.resources)
        if (r.source && r.parent?.includes(`${releaseType}::`)) {
            const rel = r.parent.split("::").pop()!;
            out[rel] = (out[rel] ?? 0) + 1;
        }
    return out;
}

/** Mandatory policies violated by each rendered pod-bearing object, after the blueprint's exemptions. */
function podVerdicts(doc: Doc): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const r of doc.resources)
        if (r.source && podKinds.includes(r.type.split(":").pop()!)) out[r.name] = [];
    for (const v of doc.violations)
        if (v.level === "mandatory" && v.name in out && !out[v.name].includes(v.policy))
            out[v.name].push(v.policy);
    for (const k of Object.keys(out)) out[k].sort();
    return out;
}

/** Keeps the entries of `pinned` (keyed `<release>` or `<release>:<object>`) whose release is in `keep`. */
function only<T>(pinned: Record<string, T>, keep: Set<string>): Record<string, T> {
    return Object.fromEntries(Object.entries(pinned).filter(([k]) => keep.has(k.split(":")[0])));
}

const example = `harbor.example.com/apps/example:1.0.0@sha256:${"0123456789abcdef".repeat(4)}`;
let plain: { code: number | null; doc: Doc };
let full: { code: number | null; doc: Doc };
/** Releases whose chart source is complete, and what is missing for the others. */
let complete: Set<string>;
let incomplete: Map<string, { urn: string; missing: string[] }>;
beforeAll(() => {
    plain = guard();
    full = guard(
        "harbor.enabled=true",
        "harbor.host=harbor.example.com",
        "example.enabled=true",
        `example.image=${example}`,
    );
    complete = new Set();
    incomplete = new Map();
    for (const r of releases(full.doc)) {
        const missing = missingFromSource(r.chart, r.version);
        if (missing.length === 0) complete.add(r.name);
        else incomplete.set(r.name, { urn: r.urn, missing });
    }
}, 1_200_000);

const defaultCounts = { "monitoring-crds": 15, falco: 14, "trivy-operator": 34, monitoring: 104, vault: 22 };
const charts: Record<string, string> = {
    "monitoring-crds": "kube-prometheus-stack@88.5.3",
    monitoring: "kube-prometheus-stack@88.5.3",
    falco: "falco@9.1.0",
    "trivy-operator": "trivy-operator@0.34.0",
    vault: "vault@0.34.1",
    harbor: "harbor@1.19.1",
};
/** The pack's verdict on every chart pod (Harbor and the example on), after the blueprint's exemptions. */
const pinnedVerdicts = JSON.parse(
    fs.readFileSync(path.join(__dirname, "helm-render.harbor-verdicts.json"), "utf8"),
) as Record<string, string[]>;

test("the releases and their charts are the ones pinned here; completeness of each chart source is decided", () => {
    expect(Object.fromEntries(releases(full.doc).map((r) => [r.name, `${r.chart}@${r.version}`]))).toEqual(
        charts,
    );
    expect(complete.size + incomplete.size).toBe(Object.keys(charts).length);
});

test("an incomplete chart source is reported for each of its releases: not analyzed: <urn>: ...missing...", () => {
    for (const { doc } of [plain, full]) {
        for (const r of releases(doc).filter((x) => incomplete.has(x.name))) {
            const said = doc.violations.filter((v) => v.policy === "not-analyzed" && v.urn === r.urn);
            const urn = r.urn.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
            expect({ release: r.name, messages: said.map((v) => v.message) }).toEqual({
                release: r.name,
                messages: [expect.stringMatching(new RegExp(`^not analyzed: ${urn}: .*missing`))],
            });
            expect(doc.resources.filter((x) => x.parent === r.urn && x.source)).toEqual([]);
        }
        // Nothing else is left unanalyzed.
        const reported = new Set([...incomplete.values()].map((i) => i.urn));
        expect(doc.violations.filter((v) => v.policy === "not-analyzed" && !reported.has(v.urn))).toEqual([]);
    }
});

test("the blueprint is clean with rendering on: exit 0, no mandatory finding, every complete chart rendered", () => {
    expect(plain.doc.violations.filter((v) => v.level === "mandatory")).toEqual([]);
    expect(plain.code).toBe(0);
    expect(counts(plain.doc)).toEqual(only(defaultCounts, complete));
});

test("with Harbor and the example app on, the guard exits 0 with no mandatory finding", () => {
    expect(full.doc.violations.filter((v) => v.level === "mandatory")).toEqual([]);
    expect(full.doc.summary.mandatory).toBe(0);
    expect(full.code).toBe(0);
});

test("every complete chart renders under its releases (Harbor on); objects per release pinned", () => {
    expect(counts(full.doc)).toEqual(only({ ...defaultCounts, harbor: 39 }, complete));
    const sources = new Set(full.doc.resources.map((r) => r.source?.split(":")[0]).filter(Boolean));
    expect([...sources].sort()).toEqual([...new Set([...complete].map((r) => charts[r]))].sort());
});

test("the pack's verdict on every chart pod is pinned (none refused, Harbor's included)", () => {
    expect(podVerdicts(full.doc)).toEqual(only(pinnedVerdicts, complete));
    const withoutHarbor = new Set([...complete].filter((r) => r !== "harbor"));
    expect(podVerdicts(plain.doc)).toEqual(only(pinnedVerdicts, withoutHarbor));
    expect(Object.keys(pinnedVerdicts).length).toBe(20);
    expect(Object.entries(pinnedVerdicts).filter(([, v]) => v.length > 0)).toEqual([]);
});
