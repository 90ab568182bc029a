// CI-grade guard, in-process parts (issue 17): field locations, fingerprints, baselines, expiring and unused
// exemptions, --fail-on, the SARIF and JUnit writers, and the CLI's new options.
import Ajv from "ajv";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { XMLValidator } from "fast-xml-parser";
import { applyBaseline, baselineOf, loadBaseline } from "../../guard/baseline";
import { parseCli } from "../../guard/cli";
import { reconcilePolicyConfig } from "../../guard/policy-config";
import { auditExemptions } from "../../guard/exemption-audit";
import { assignFingerprints, fingerprintOf } from "../../guard/fingerprint";
import { toJunit } from "../../guard/junit";
import { fieldPathOf, locateFinding, locateViolations } from "../../guard/locations";
import { captureManifests, parseManifestText } from "../../guard/manifests";
import { defaultOptions, GuardResource } from "../../guard/model";
import { exitCodeFor } from "../../guard/output";
import { GuardResult, Violation } from "../../guard/run";
import { toSarif } from "../../guard/sarif";
import { parseFieldPath } from "../../guard/yaml-locate";
import { toCrossGuard, violationMessage } from "../../policy-pack/lib/adapter";
import {
    exemptionsSchema,
    findExemption,
    findExpiredExemption,
    isExpired,
} from "../../policy-pack/lib/exemptions";
import { ResourcePolicy } from "../../policy-pack/lib/types";
import { sarifSchemaErrors } from "../lib/sarif-schema";

const pod = (extra = "") => `${extra}apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: apps
spec:
  containers:
    - name: a
      image: registry.k8s.io/pause:3.9
    - name: b
      image: registry.k8s.io/pause:3.9
      securityContext:
        privileged: true
`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "guard-ci-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("field paths and YAML locations", () => {
    test("parseFieldPath reads dots, indexes and quoted keys", () => {
        expect(parseFieldPath("spec.containers[1].securityContext.privileged")).toEqual([
            "spec",
            "containers",
            1,
            "securityContext",
            "privileged",
        ]);
        expect(parseFieldPath('metadata.annotations["example.com/x"]')).toEqual([
            "metadata",
            "annotations",
            "example.com/x",
        ]);
    });

    test("a field's line and column in the second document; a missing field at its deepest existing parent", () => {
        const text = `# leading comment\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n---\n${pod()}`;
        const [ns, p] = parseManifestText(text, "x.yaml");
        expect(ns.start).toEqual({ line: 2, column: 1 });
        expect(p.start).toEqual({ line: 7, column: 1 });
        expect(p.locate(parseFieldPath("spec.containers[1].securityContext.privileged"))).toEqual({
            line: 19,
            column: 9,
        });
        expect(p.locate(parseFieldPath("spec.containers[0].securityContext.runAsNonRoot"))).toEqual({
            line: 14,
            column: 7,
        });
    });

    test("objects inside a List are located inside it", () => {
        const text = `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: b}\n    spec:\n      hostNetwork: true\n`;
        const [, b] = parseManifestText(text, "l.yaml");
        expect(b.start.line).toBe(7);
        expect(b.locate(["spec", "hostNetwork"])).toEqual({ line: 11, column: 7 });
    });

    test("the adapter's trailing field line becomes `path` and leaves the message as CrossGuard had it", () => {
        const msg = violationMessage({ message: "desc\nfound", path: "spec.x[0].y" });
        expect(msg).toBe("desc\nfound\nfield: spec.x[0].y");
        expect(fieldPathOf(msg)).toEqual({ message: "desc\nfound", path: "spec.x[0].y" });
        expect(fieldPathOf("desc\nfound")).toEqual({ message: "desc\nfound" });
    });
});

const res = (over: Partial<GuardResource>): GuardResource => ({
    urn: "u",
    type: "t",
    name: "n",
    custom: true,
    dependencies: [],
    propertyDependencies: {},
    options: defaultOptions(),
    inputs: {},
    outputs: {},
    ...over,
});

describe("program and state locations", () => {
    const stack = res({
        urn: "stack",
        type: "pulumi:pulumi:Stack",
        custom: false,
        location: { file: "/sdk.js", line: 1, column: 1 },
    });
    const comp = res({
        urn: "comp",
        custom: false,
        parent: "stack",
        location: { file: "/p/index.ts", line: 18, column: 1 },
    });
    const inner = res({
        urn: "inner",
        parent: "comp",
        location: { file: "/p/component.ts", line: 8, column: 9 },
    });
    const rendered = res({ urn: "rendered", parent: "inner" });
    const top = res({ urn: "top", parent: "stack", location: { file: "/p/index.ts", line: 7, column: 1 } });
    const byUrn = new Map([stack, comp, inner, rendered, top].map((r) => [r.urn, r]));

    test("a top-level resource points at its own line, with no related location", () => {
        expect(locateFinding("top", undefined, byUrn)).toEqual({ location: top.location });
    });

    test("a resource inside a component points at the component's construction site, related to its own line", () => {
        expect(locateFinding("inner", "spec.x", byUrn)).toEqual({
            location: comp.location,
            related: inner.location,
        });
        // A chart object rendered under a release: the release's line is its own.
        expect(locateFinding("rendered", undefined, byUrn)).toEqual({
            location: comp.location,
            related: inner.location,
        });
    });

    test("state resources have no line: only the URN", () => {
        const s = new Map([["urn:x", res({ urn: "urn:x" })]]);
        const v = [{ urn: "urn:x", message: "d\nm" }];
        locateViolations(v, s);
        expect(v[0]).toEqual({ urn: "urn:x", message: "d\nm" });
    });
});

const violation = (over: Partial<Violation>): Violation => ({
    policyPack: "hardened-cluster",
    policy: "pss-privileged",
    level: "mandatory",
    urn: "urn:pulumi:dev::manifests::pulumi:pulumi:Stack$kubernetes:core/v1:Pod::apps/p",
    type: "kubernetes:core/v1:Pod",
    name: "apps/p",
    message: "desc\nfound",
    ...over,
});

describe("fingerprints", () => {
    test("stable when unrelated lines move; the location moves with them", () => {
        const file = path.join(tmp, "moving.yaml");
        const locate = (text: string) => {
            fs.writeFileSync(file, text);
            const resources = captureManifests([file], "manifests", "dev");
            const r = resources.find((x) => x.type === "kubernetes:core/v1:Pod")!;
            const v = violation({
                urn: r.urn,
                source: file,
                message: "desc\nfound\nfield: spec.containers[1].securityContext.privileged",
            });
            locateViolations([v], new Map(resources.map((x) => [x.urn, x])));
            return { line: v.location!.line, fp: fingerprintOf(v, "manifests") };
        };
        const before = locate(pod());
        const after = locate(pod("# a comment\n# and another\n\n"));
        expect(before.line).toBe(13);
        expect(after.line).toBe(16);
        expect(after.fp).toBe(before.fp);
    });

    test("differ by policy, resource and field; not by message or location", () => {
        const base = fingerprintOf(violation({ path: "spec.a" }), "program");
        expect(fingerprintOf(violation({ path: "spec.a", message: "reworded" }), "program")).toBe(base);
        expect(
            fingerprintOf(
                violation({ path: "spec.a", location: { file: "/x", line: 99, column: 1 } }),
                "program",
            ),
        ).toBe(base);
        expect(fingerprintOf(violation({ path: "spec.b" }), "program")).not.toBe(base);
        expect(fingerprintOf(violation({ path: "spec.a", policy: "other" }), "program")).not.toBe(base);
        expect(fingerprintOf(violation({ path: "spec.a", urn: "urn:other" }), "program")).not.toBe(base);
    });

    test("two findings of one policy on one resource without a field get distinct fingerprints", () => {
        const r = result([violation({ message: "d\nb" }), violation({ message: "d\na" })]);
        assignFingerprints(r);
        expect(new Set(r.violations.map((v) => v.fingerprint)).size).toBe(2);
    });
});

function result(violations: Violation[], over: Partial<GuardResult> = {}): GuardResult {
    return {
        mode: "program",
        resources: [
            res({ urn: violation({}).urn, type: "kubernetes:core/v1:Pod", name: "apps/p" }),
            res({ urn: "urn:ns", type: "kubernetes:core/v1:Namespace", name: "apps" }),
        ],
        violations,
        exemptions: [],
        warnings: [],
        policyPack: { name: "hardened-cluster", version: "0.1.0", policies: 2 },
        policies: [
            {
                name: "pss-privileged",
                enforcementLevel: "mandatory",
                description: "Containers must not run privileged.",
                severity: "critical",
                remediation: "Remove securityContext.privileged.",
                tags: ["CIS EKS 1.8.0 4.2.1", "PSS privileged", "brief R7"],
            },
            { name: "container-probes", enforcementLevel: "advisory", description: "Probes." },
        ],
        timings: { captureMs: 0, policyMs: 0, totalMs: 0 },
        ...over,
    };
}

describe("baselines", () => {
    test("write and read: known violations are accepted, new ones reported, vanished entries listed", () => {
        const day1 = result([
            violation({ path: "spec.containers[0].securityContext.privileged" }),
            violation({ policy: "container-probes", level: "advisory" }),
        ]);
        assignFingerprints(day1);
        const file = path.join(tmp, "baseline.json");
        fs.writeFileSync(file, JSON.stringify(baselineOf(day1)));
        const written = loadBaseline(file);
        expect(written.entries.map((e) => e.policy).sort()).toEqual(["container-probes", "pss-privileged"]);
        expect(JSON.stringify(written)).not.toMatch(/"line"/);

        // Day 2: the probes were added, the privileged finding moved lines, a new violation appeared.
        const day2 = result([
            violation({
                path: "spec.containers[0].securityContext.privileged",
                location: { file: "/x.yaml", line: 40, column: 9 },
            }),
            violation({ policy: "pss-privileged", urn: "urn:new", name: "new" }),
        ]);
        assignFingerprints(day2);
        const outcome = applyBaseline(day2, written, file);
        expect(day2.violations.map((v) => v.urn)).toEqual(["urn:new"]);
        expect(outcome.suppressed).toHaveLength(1);
        expect(outcome.gone.map((e) => e.policy)).toEqual(["container-probes"]);
        expect(exitCodeFor(day2, "mandatory")).toBe(1);
    });

    test("a missing or malformed baseline is one clear line", () => {
        expect(() => loadBaseline(path.join(tmp, "none.json"))).toThrow(
            /--baseline .*none\.json: no such file/,
        );
        const bad = path.join(tmp, "bad.json");
        fs.writeFileSync(bad, JSON.stringify({ entries: "x" }));
        expect(() => loadBaseline(bad)).toThrow(/--baseline .*bad\.json: expected \{"version": 1/);
    });
});

describe("--fail-on", () => {
    const mandatory = result([violation({})]);
    const advisory = result([violation({ level: "advisory" })]);
    const clean = result([]);
    test("mandatory (the default) fails on mandatory only", () => {
        expect(parseCli([]).failOn).toBe("mandatory");
        expect([mandatory, advisory, clean].map((r) => exitCodeFor(r, "mandatory"))).toEqual([1, 0, 0]);
    });
    test("advisory fails on advisory too", () => {
        expect([mandatory, advisory, clean].map((r) => exitCodeFor(r, "advisory"))).toEqual([1, 1, 0]);
    });
    test("none never fails on violations", () => {
        expect([mandatory, advisory, clean].map((r) => exitCodeFor(r, "none"))).toEqual([0, 0, 0]);
    });
    test("bad values and combinations name the option and what it accepts", () => {
        expect(() => parseCli(["--fail-on", "high"])).toThrow(
            "--fail-on high: expected one of mandatory, advisory, none",
        );
        expect(() => parseCli(["--format", "xml"])).toThrow(
            "--format xml: expected one of text, json, sarif, junit",
        );
        expect(() => parseCli(["--json", "--format", "sarif"])).toThrow(/--json is --format json/);
        expect(() => parseCli(["--format", "junit", "--reachability"])).toThrow(/text and json formats only/);
        expect(parseCli(["--json"]).format).toBe("json");
        expect(parseCli(["--format", "sarif", "--output", "x.sarif"])).toMatchObject({
            format: "sarif",
            output: "x.sarif",
        });
    });
});

describe("exemptions with owner and expiry", () => {
    const podRes = {
        type: "kubernetes:core/v1:Pod",
        name: "p",
        urn: "urn:p",
        props: { metadata: { name: "p", namespace: "apps" } },
    };
    const expired = { kind: "Pod", name: "p", reason: "legacy", owner: "team-a", expires: "2020-01-31" };
    const current = { ...expired, expires: "2999-12-31" };

    test("the config schema accepts owner and expires, and still requires a reason and a selector", () => {
        const validate = new Ajv({ strict: false }).compile(exemptionsSchema);
        expect(validate([expired])).toBe(true);
        expect(validate([{ name: "p", reason: "r", expires: "2020-13-01" }])).toBe(false);
        expect(validate([{ name: "p", owner: "x" }])).toBe(false);
        expect(validate([{ reason: "r", owner: "x", expires: "2030-01-01" }])).toBe(false);
    });

    test("the guard names a missing selector or a bad date in one line", () => {
        const policies = [
            {
                name: "pss-privileged",
                enforcementLevel: "mandatory" as const,
                configSchema: { properties: { exemptions: exemptionsSchema as Record<string, unknown> } },
            },
        ];
        const run = (e: unknown) => () =>
            reconcilePolicyConfig(policies, {}, { "pss-privileged": { properties: { exemptions: [e] } } });
        expect(run({ reason: "r", owner: "team-a" })).toThrow(
            /^policy config: pss-privileged: \/exemptions\/0 must set at least one of namespace, name, kind$/,
        );
        expect(run({ name: "p", reason: "r", expires: "31.01.2020" })).toThrow(
            /^policy config: pss-privileged: \/exemptions\/0\/expires must match pattern "[^"]+"$/,
        );
    });

    test("an expired exemption stops exempting; the date itself still exempts", () => {
        expect(isExpired(expired, "2020-01-31")).toBe(false);
        expect(isExpired(expired, "2020-02-01")).toBe(true);
        expect(findExemption([expired], podRes, "2024-01-01")).toBeUndefined();
        expect(findExpiredExemption([expired], podRes, "2024-01-01")).toBe(expired);
        expect(findExemption([current], podRes, "2024-01-01")).toBe(current);
    });

    test("the violation an expired exemption hid comes back saying when it expired and who owns it", () => {
        const policy: ResourcePolicy = {
            kind: "resource",
            name: "always",
            description: "d",
            enforcementLevel: "mandatory",
            severity: "low",
            remediation: "r",
            frameworks: { brief: ["R7"] },
            check: () => [{ message: "bad", path: "spec.x" }],
        };
        const run = (exemptions: unknown[]) => {
            const reported: string[] = [];
            const cg = toCrossGuard(policy) as {
                validateResource: (a: unknown, report: (m: string) => void) => void;
            };
            cg.validateResource({ ...podRes, getConfig: () => ({ exemptions }) }, (m) => reported.push(m));
            return reported;
        };
        expect(run([current])).toEqual([]);
        expect(run([expired])).toEqual([
            "bad\nexemption expired on 2020-01-31, owned by team-a (reason was: legacy)\nfield: spec.x",
        ]);
    });

    test("an exemption that matches nothing is an advisory finding; used and expired ones are listed", () => {
        const resources = [
            res({ urn: "stack", type: "pulumi:pulumi:Stack", custom: false, name: "p-dev" }),
            res({
                urn: "urn:p",
                type: "kubernetes:core/v1:Pod",
                name: "p",
                parent: "stack",
                inputs: { metadata: { name: "p", namespace: "apps" } },
            }),
        ];
        const audit = auditExemptions(
            {
                "pss-privileged": {
                    enforcementLevel: "mandatory",
                    properties: { exemptions: [expired, { namespace: "gone", reason: "old team" }] },
                },
                "container-probes": {
                    enforcementLevel: "disabled",
                    properties: { exemptions: [{ namespace: "gone", reason: "x" }] },
                },
            },
            resources,
            [],
            "hardened-cluster",
            "2024-01-01",
        );
        expect(audit.exemptions.map((e) => [e.namespace ?? e.name, !!e.expired])).toEqual([
            ["p", true],
            ["gone", false],
        ]);
        expect(audit.findings).toHaveLength(1);
        expect(audit.findings[0]).toMatchObject({
            policy: "pss-privileged",
            level: "advisory",
            urn: "stack",
        });
        expect(audit.findings[0].message).toMatch(/namespace=gone of pss-privileged matches no resource/);
        expect(audit.warnings).toEqual([]);
    });

    test("when part of the stack was not analyzed, unmatched exemptions are not called unused: a warning says why", () => {
        const audit = auditExemptions(
            {
                "pss-privileged": {
                    enforcementLevel: "mandatory",
                    properties: { exemptions: [{ namespace: "gone", reason: "r" }] },
                },
            },
            [
                res({ urn: "stack", type: "pulumi:pulumi:Stack", custom: false }),
                res({ urn: "rel", type: "kubernetes:helm.sh/v3:Release", inputs: { namespace: "gone" } }),
            ],
            [{ policy: "not-analyzed", urn: "rel" }],
            "hardened-cluster",
        );
        expect(audit.findings).toEqual([]);
        expect(audit.warnings).toEqual([
            expect.stringMatching(/^1 exemption\(s\) match no analyzed resource, but 1 part/),
        ]);
    });
});

describe("SARIF and JUnit writers", () => {
    const r = result(
        [
            violation({
                path: "spec.containers[0].securityContext.privileged",
                location: { file: path.join(process.cwd(), "index.ts"), line: 18, column: 1 },
                related: { file: path.join(process.cwd(), "components", "app.ts"), line: 8, column: 9 },
            }),
            violation({
                policy: "not-analyzed",
                policyPack: "guard",
                level: "advisory",
                message: "not analyzed: <x> & \u0001",
            }),
        ],
        { mode: "program" },
    );
    assignFingerprints(r);

    test("SARIF is valid against the official 2.1.0 schema, with rules from the catalogue", () => {
        const doc = toSarif(r, { version: "0.1.0" }) as {
            runs: {
                tool: { driver: { rules: Record<string, unknown>[] } };
                results: Record<string, unknown>[];
            }[];
        };
        expect(sarifSchemaErrors(doc)).toEqual([]);
        expect(doc.runs).toHaveLength(1);
        const rule = doc.runs[0].tool.driver.rules.find((x) => x.id === "pss-privileged");
        expect(rule).toMatchObject({
            shortDescription: { text: "Containers must not run privileged." },
            help: { text: "Remediation: Remove securityContext.privileged." },
            defaultConfiguration: { level: "error" },
            properties: { tags: ["security", "CIS EKS 1.8.0 4.2.1", "PSS privileged", "brief R7"] },
        });
        const [first, second] = doc.runs[0].results;
        expect(first).toMatchObject({
            ruleId: "pss-privileged",
            level: "error",
            locations: [
                { physicalLocation: { artifactLocation: { uri: "index.ts" }, region: { startLine: 18 } } },
            ],
            relatedLocations: [{ physicalLocation: { artifactLocation: { uri: "components/app.ts" } } }],
        });
        expect(second).toMatchObject({ ruleId: "not-analyzed", level: "warning" });
        expect(doc.runs[0].tool.driver.rules.map((x) => x.id)).toContain("not-analyzed");
    });

    test("SARIF that breaks the schema is caught (the validator is live)", () => {
        expect(sarifSchemaErrors({ version: "2.1.0", runs: [{ results: [] }] }).length).toBeGreaterThan(0);
    });

    test("JUnit: one suite per policy, one case per evaluated resource, failures for violations, well-formed", () => {
        const xml = toJunit(r);
        expect(XMLValidator.validate(xml)).toBe(true);
        expect(xml).toMatch(/<testsuite name="pss-privileged" tests="2" failures="1"/);
        expect(xml).toMatch(/<testsuite name="container-probes" tests="2" failures="0"/);
        expect(xml).toMatch(/<testsuite name="not-analyzed" tests="1" failures="1"/);
        expect(xml).toContain("&lt;x&gt; &amp; \uFFFD");
        expect((xml.match(/<testsuite /g) ?? []).length).toBe(3);
    });
});
