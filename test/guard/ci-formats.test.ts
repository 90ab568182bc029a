// CI-grade guard end to end (issue 17): the CLI with --format sarif|junit|json, --output, --write-baseline,
// --baseline, expiring and unused exemptions and --fail-on, on manifests and on a program with a component.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { XMLValidator } from "fast-xml-parser";
import { sarifSchemaErrors } from "../lib/sarif-schema";
import { GuardRun, runGuardCli } from "./helpers";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "guard-ci-cli-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const app = (opts: { moved?: boolean; fixed?: boolean; hostNetwork?: boolean } = {}) =>
    `${opts.moved ? "# moved down by three lines\n# that have nothing to do with the Pod\n\n" : ""}apiVersion: v1
kind: Pod
metadata:
  name: legacy
  namespace: apps
spec:${opts.hostNetwork ? "\n  hostNetwork: true" : ""}
  containers:
    - name: app
      image: registry.k8s.io/pause:3.9
      securityContext:
        privileged: true${opts.fixed ? "\n        readOnlyRootFilesystem: true" : ""}
`;

interface Sarif {
    runs: {
        results: {
            ruleId: string;
            level: string;
            message: { text: string };
            locations: {
                physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } };
            }[];
            relatedLocations?: {
                physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
            }[];
            partialFingerprints: Record<string, string>;
            properties: { name: string };
        }[];
    }[];
}

const manifest = path.join(tmp, "app.yaml");
const baseline = path.join(tmp, "baseline.json");
const sarifOut = path.join(tmp, "program.sarif");
const config = path.join(tmp, "policy-config.json");
let a: GuardRun;
let b: GuardRun;
let c: GuardRun;
let d: GuardRun;

beforeAll(async () => {
    fs.writeFileSync(manifest, app());
    fs.writeFileSync(
        config,
        JSON.stringify({
            all: "advisory",
            "pss-privileged": {
                exemptions: [
                    {
                        kind: "Pod",
                        name: "legacy",
                        reason: "vendor image",
                        owner: "team-a",
                        expires: "2020-01-31",
                    },
                ],
            },
            "read-only-root-filesystem": {
                exemptions: [
                    {
                        kind: "Pod",
                        name: "legacy",
                        reason: "writes /tmp",
                        owner: "team-a",
                        expires: "2999-12-31",
                    },
                ],
            },
            "container-probes": { exemptions: [{ namespace: "decommissioned", reason: "old team" }] },
        }),
    );
    // Three independent runs at once, then the baseline run that needs A's file.
    [a, c, d] = await Promise.all([
        runGuardCli(["--manifests", manifest, "--format", "sarif", "--write-baseline", baseline]),
        runGuardCli([
            "--manifests",
            manifest,
            "--policy-config",
            config,
            "--format",
            "junit",
            "--fail-on",
            "advisory",
        ]),
        runGuardCli([
            "--program",
            "test/fixtures/programs/locations",
            "--format",
            "sarif",
            "--output",
            sarifOut,
            "--fail-on",
            "none",
        ]),
    ]);
    fs.writeFileSync(manifest, app({ moved: true, fixed: true, hostNetwork: true }));
    b = await runGuardCli(["--manifests", manifest, "--baseline", baseline, "--json"]);
}, 600_000);

describe("manifests: SARIF, a YAML field's line, and a baseline", () => {
    test("--format sarif is valid SARIF 2.1.0 and points at the violating field's line", () => {
        expect(a.stderr).toContain("wrote");
        expect(a.code).toBe(0); // the violations just written to a new baseline are accepted by it
        const doc = JSON.parse(a.stdout) as Sarif;
        expect(sarifSchemaErrors(doc)).toEqual([]);
        const priv = doc.runs[0].results.find((r) => r.ruleId === "pss-privileged")!;
        expect(priv.level).toBe("error");
        expect(priv.locations[0].physicalLocation!.region.startLine).toBe(11);
        expect(priv.locations[0].physicalLocation!.artifactLocation.uri).toBe(
            path.relative(process.cwd(), manifest).split(path.sep).join("/"),
        );
        // A finding without a named field points at the object's document start.
        const ro = doc.runs[0].results.find((r) => r.ruleId === "read-only-root-filesystem")!;
        expect(ro.locations[0].physicalLocation!.region.startLine).toBe(1);
    });

    test("the baseline holds fingerprints, never line numbers", () => {
        const text = fs.readFileSync(baseline, "utf8");
        const file = JSON.parse(text) as { entries: { policy: string; path?: string }[] };
        expect(file.entries.find((e) => e.policy === "pss-privileged")?.path).toBe(
            "spec.containers[0].securityContext.privileged",
        );
        expect(text).not.toMatch(/"line"|startLine/);
    });

    test("--baseline: lines moved, one fixed, one new: only the new one is reported and fails; the fixed one is listed", () => {
        expect(b.code).toBe(1);
        const doc = JSON.parse(b.stdout) as {
            violations: { policy: string; location?: { line: number } }[];
            baseline: { accepted: number; noLongerOccur: { policy: string }[] };
        };
        const policies = doc.violations.map((v) => v.policy);
        expect(policies).toContain("pss-host-namespaces");
        expect(policies).not.toContain("pss-privileged"); // same fingerprint although its line moved by three
        expect(doc.baseline.accepted).toBeGreaterThan(0);
        expect(doc.baseline.noLongerOccur.map((e) => e.policy)).toEqual(["read-only-root-filesystem"]);
        expect(doc.violations.find((v) => v.policy === "pss-host-namespaces")?.location?.line).toBe(10);
    });
});

describe("exemptions and JUnit", () => {
    test("--format junit: well-formed, one suite per policy, failures for violations", () => {
        expect(XMLValidator.validate(c.stdout)).toBe(true);
        expect(c.stdout).toMatch(/<testsuite name="pss-privileged" tests="\d+" failures="1"/);
    });

    test("an expired exemption stops exempting and says when it expired and who owns it", () => {
        expect(c.stdout).toContain(
            "exemption expired on 2020-01-31, owned by team-a (reason was: vendor image)",
        );
    });

    test("an exemption still in effect exempts", () => {
        expect(c.stdout).toMatch(/<testsuite name="read-only-root-filesystem" tests="\d+" failures="0"/);
    });

    test("an exemption that matches nothing is reported as advisory", () => {
        expect(c.stdout).toMatch(
            /<failure type="advisory" message="exemption namespace=decommissioned of container-probes matches no resource/,
        );
    });

    test("--fail-on advisory fails on advisory violations", () => {
        expect(c.stdout).not.toContain('type="mandatory"');
        expect(c.code).toBe(1);
    });
});

describe("program: lines of a resource and of a resource inside a component", () => {
    const results = () => (JSON.parse(fs.readFileSync(sarifOut, "utf8")) as Sarif).runs[0].results;

    test("--output writes the report there; stdout stays empty; --fail-on none exits 0 despite mandatory ones", () => {
        expect(d.stdout).toBe("");
        expect(d.stderr).toContain(`sarif report written to ${sarifOut}`);
        expect(results().some((r) => r.level === "error")).toBe(true);
        expect(d.code).toBe(0);
        expect(sarifSchemaErrors(JSON.parse(fs.readFileSync(sarifOut, "utf8")))).toEqual([]);
    });

    test("a program resource points at its own line", () => {
        const top = results().find((r) => r.ruleId === "pss-privileged" && r.properties.name === "top")!;
        expect(top.locations[0].physicalLocation).toEqual({
            artifactLocation: { uri: "test/fixtures/programs/locations/index.ts" },
            region: { startLine: 7, startColumn: 1 },
        });
        expect(top.relatedLocations).toBeUndefined();
    });

    test("a resource made inside a component points at the component's construction site, and at its own line", () => {
        const inner = results().find(
            (r) => r.ruleId === "pss-privileged" && r.properties.name === "wrapped-pod",
        )!;
        expect(inner.locations[0].physicalLocation).toEqual({
            artifactLocation: { uri: "test/fixtures/programs/locations/index.ts" },
            region: { startLine: 18, startColumn: 1 },
        });
        expect(inner.relatedLocations![0].physicalLocation).toEqual({
            artifactLocation: { uri: "test/fixtures/programs/locations/component.ts" },
            region: { startLine: 8, startColumn: 9 },
        });
    });
});
