// The blueprint under the guard is clean in every report format (issue 17): no mandatory violation, no stale or
// expired exemption in its reviewed policy config, valid SARIF with no error-level result, JUnit without mandatory
// failures. One run, rendered in each format as the CLI does.
import { XMLValidator } from "fast-xml-parser";
import { parseCli } from "../../guard/cli";
import { assignFingerprints } from "../../guard/fingerprint";
import { exitCodeFor, render } from "../../guard/output";
import { GuardResult } from "../../guard/run";
import { sarifSchemaErrors } from "../lib/sarif-schema";
import { defaultBlueprintRun } from "./default-run";

let result: GuardResult;
beforeAll(async () => {
    // The run shared with blueprint-guard.test.ts.
    result = await defaultBlueprintRun();
    assignFingerprints(result);
}, 300_000);

const as = (format: string) => render(result, parseCli(["--format", format]));

test("no exemption of the reviewed config is expired; the only unused ones are for components off by default", () => {
    // Harbor and kube-hunter are optional (off on the default stack): their exemptions are reported as advisory
    // "matches no resource", as they should be for a stack that does not enable them.
    const unused = result.violations.filter((v) => /matches no resource/.test(v.message));
    expect(unused.every((v) => v.level === "advisory")).toBe(true);
    // Every unused exemption is one of the two optional components' (Harbor's chart objects and Secret, kube-hunter's
    // Job), and both components' exemptions are among them.
    const namespaces = unused.map((v) => /namespace=([a-z0-9-]+)/.exec(v.path ?? "")?.[1]);
    expect([...new Set(namespaces)].sort()).toEqual(["harbor", "kube-hunter"]);
    expect(unused.map((v) => v.path)).toEqual(
        expect.arrayContaining([
            "exemptions[kind=Job namespace=kube-hunter name=kube-hunter]",
            "exemptions[kind=Secret namespace=harbor]",
        ]),
    );
    expect(result.exemptions.filter((e) => e.expired)).toEqual([]);
    expect(exitCodeFor(result, "mandatory")).toBe(0);
});

test("text and json report zero mandatory violations", () => {
    expect(as("text")).toMatch(/: 0 mandatory, \d+ advisory violation/);
    expect(JSON.parse(as("json")).summary.mandatory).toBe(0);
});

test("SARIF is valid and has no error-level result", () => {
    const doc = JSON.parse(as("sarif")) as {
        runs: { results: { level: string }[]; tool: { driver: { rules: unknown[] } } }[];
    };
    expect(sarifSchemaErrors(doc)).toEqual([]);
    expect(doc.runs[0].results.filter((r) => r.level === "error")).toEqual([]);
    expect(doc.runs[0].tool.driver.rules.length).toBeGreaterThanOrEqual(result.policyPack.policies);
});

test("JUnit is well-formed and has no mandatory failure", () => {
    const xml = as("junit");
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('<failure type="mandatory"');
});
