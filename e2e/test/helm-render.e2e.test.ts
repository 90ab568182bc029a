/**
 * The guard renders every Helm release with real helm (built by e2e/tools/build.sh from the Go module proxy) from
 * the unmodified chart sources: each chart renders, the objects per release are pinned, the pack's verdict on every
 * chart pod is pinned, and the blueprint stays clean with rendering on.
 * BLUEPRINT_HELM: the helm binary (default: e2e/tools/build.sh helm). BLUEPRINT_CHART_DIR: the chart sources
 * (default ../shared/charts-src).
 */
import { execFileSync, spawnSync } from "child_process";
import * as path from "path";
import { referencePath } from "../../test/lib/reference";

const root = path.join(__dirname, "../..");
const helm =
    process.env.BLUEPRINT_HELM ??
    execFileSync("bash", [path.join(root, "e2e/tools/build.sh"), "helm"], { encoding: "utf8" })
        .trim()
        .split(" ")[1];
const chartDir = process.env.BLUEPRINT_CHART_DIR ?? referencePath("charts-src");

interface Doc {
    resources: { urn: string; type: string; name: string; parent?: string; source?: string }[];
    violations: { policy: string; level: string; name: string; message: string }[];
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
        { cwd: root, encoding: "utf8", timeout: 600_000 },
    );
    if (r.status === 2) throw new Error(r.stderr);
    return { code: r.status, doc: JSON.parse(r.stdout) as Doc };
}

const podKinds = ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"];

/** Objects per release (by the release's resource name). */
function counts(doc: Doc): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of doc.resources)
        if (r.source && r.parent?.includes("kubernetes:helm.sh/v3:Release::")) {
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

let plain: { code: number | null; doc: Doc };
let withHarbor: { code: number | null; doc: Doc };
beforeAll(() => {
    plain = guard();
    withHarbor = guard("harbor.enabled=true", "harbor.host=harbor.example.com");
}, 1_200_000);

const defaultCounts = { "monitoring-crds": 10, falco: 14, "trivy-operator": 34, monitoring: 104, vault: 22 };

test("the blueprint is clean with rendering on: exit 0, no mandatory finding, every release rendered", () => {
    expect(
        plain.doc.violations.filter((v) => v.level === "mandatory" || v.policy === "not-analyzed"),
    ).toEqual([]);
    expect(plain.code).toBe(0);
    expect(counts(plain.doc)).toEqual(defaultCounts);
});

test("all five charts render under their releases (Harbor on); objects per release pinned", () => {
    expect(withHarbor.doc.violations.filter((v) => v.policy === "not-analyzed")).toEqual([]);
    expect(counts(withHarbor.doc)).toEqual({ ...defaultCounts, harbor: 39 });
    const sources = new Set(withHarbor.doc.resources.map((r) => r.source?.split(":")[0]).filter(Boolean));
    expect([...sources].sort()).toEqual([
        "falco@9.1.0",
        "harbor@1.19.1",
        "kube-prometheus-stack@88.5.3",
        "trivy-operator@0.34.0",
        "vault@0.34.1",
    ]);
});

test("the pack's verdict on every chart pod is pinned: none refused in the default stack", () => {
    const verdicts = podVerdicts(plain.doc);
    expect(Object.keys(verdicts).length).toBe(11);
    expect(Object.entries(verdicts).filter(([, v]) => v.length > 0)).toEqual([]);
});

test("with Harbor on, the pack's verdict on Harbor's pods is pinned (what the chart's values cannot yet fix)", () => {
    expect(podVerdicts(withHarbor.doc)).toEqual(require("./helm-render.harbor-verdicts.json"));
});
