// A chart cache with a SHA256SUMS (as ../shared/charts-src has): a release whose chart directory lacks a listed
// file, or holds one that differs, is not rendered but reported (`not analyzed: <urn>: ...missing...`), because a
// partial chart renders fewer objects and the pack would call the release clean without having seen them.
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chartSourceProblem } from "../../guard/chart-integrity";
import { locateChart, releaseSpecOf, ReleaseSpec } from "../../guard/helm-chart";
import { GuardResource } from "../../guard/model";

let dir: string;
const files: Record<string, string> = {
    "demo-1.0.0/Chart.yaml": "apiVersion: v2\nname: demo\nversion: 1.0.0\n",
    "demo-1.0.0/values.yaml": "key: default\n",
    "demo-1.0.0/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\n",
    "demo-1.0.0/charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
    "other-2.0.0/Chart.yaml": "apiVersion: v2\nname: other\nversion: 2.0.0\n",
};
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

function writeCache(opts: { sums?: boolean; skip?: string[]; extraLines?: string[] } = {}): string {
    const root = fs.mkdtempSync(path.join(dir, "cache-"));
    for (const [rel, text] of Object.entries(files)) {
        if (opts.skip?.includes(rel)) continue;
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), text);
    }
    if (opts.sums !== false)
        fs.writeFileSync(
            path.join(root, "SHA256SUMS"),
            [
                ...Object.entries(files).map(([rel, text]) => `${sha(text)}  ${rel}`),
                ...(opts.extraLines ?? []),
            ]
                .map((l) => `${l}\n`)
                .join(""),
        );
    return root;
}

function spec(chart: string, version: string): ReleaseSpec {
    const r: GuardResource = {
        urn: `urn:pulumi:dev::proj::kubernetes:helm.sh/v3:Release::${chart}`,
        type: "kubernetes:helm.sh/v3:Release",
        name: chart,
        custom: true,
        inputs: { chart, version, repositoryOpts: { repo: "https://charts.example.com" }, namespace: "x" },
    } as unknown as GuardResource;
    const s = releaseSpecOf(r, undefined);
    if (typeof s === "string") throw new Error(s);
    return s;
}

beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "chart-integrity-test-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("chart sources checked against the cache's SHA256SUMS", () => {
    it("a complete chart directory passes and is located", () => {
        const root = writeCache();
        expect(chartSourceProblem(root, "demo-1.0.0")).toBeUndefined();
        expect(locateChart(spec("demo", "1.0.0"), root)).toEqual({ dir: path.join(root, "demo-1.0.0") });
    });

    it("a listed file that is missing (a subchart's) makes the release not analyzed, naming the file", () => {
        const root = writeCache({ skip: ["demo-1.0.0/charts/sub/Chart.yaml"] });
        const why = locateChart(spec("demo", "1.0.0"), root);
        expect(typeof why).toBe("string");
        expect(why).toMatch(
            /^chart source .*demo-1\.0\.0 is incomplete: 1 of its 4 files listed in .*SHA256SUMS are missing/,
        );
        expect(why).toContain("demo-1.0.0/charts/sub/Chart.yaml");
        // Another chart of the same cache is not affected.
        expect(locateChart(spec("other", "2.0.0"), root)).toEqual({ dir: path.join(root, "other-2.0.0") });
    });

    it("a missing template (which Helm would not notice) is caught too", () => {
        const root = writeCache({ skip: ["demo-1.0.0/templates/cm.yaml"] });
        expect(chartSourceProblem(root, "demo-1.0.0")).toMatch(
            /missing \(demo-1\.0\.0\/templates\/cm\.yaml\)/,
        );
    });

    it("a file that differs from its checksum is reported", () => {
        const root = writeCache();
        fs.writeFileSync(path.join(root, "demo-1.0.0/values.yaml"), "key: changed\n");
        expect(chartSourceProblem(root, "demo-1.0.0")).toMatch(
            /incomplete: 1 differ from their checksum \(demo-1\.0\.0\/values\.yaml\)/,
        );
    });

    it("a SHA256SUMS line that climbs out of the chart directory is refused, not followed", () => {
        const root = writeCache({ extraLines: [`${sha("x")}  demo-1.0.0/../outside`] });
        expect(chartSourceProblem(root, "demo-1.0.0")).toMatch(
            /differ from their checksum \(demo-1\.0\.0\/\.\.\/outside\)/,
        );
    });

    it("without a SHA256SUMS, or when it lists nothing of that directory, there is nothing to check", () => {
        expect(
            chartSourceProblem(
                writeCache({ sums: false, skip: ["demo-1.0.0/templates/cm.yaml"] }),
                "demo-1.0.0",
            ),
        ).toBeUndefined();
        const root = writeCache();
        fs.mkdirSync(path.join(root, "unlisted-1.0.0"));
        expect(chartSourceProblem(root, "unlisted-1.0.0")).toBeUndefined();
    });
});
