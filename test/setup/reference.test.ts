/** Upstream reference data is found through BLUEPRINT_REFERENCE_DIR, and its absence is one clear line. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { projectRoot, referenceDir, referencePath } from "../lib/reference";
import { SetupError } from "../lib/promtool";

describe("reference data location", () => {
    test("default is ../shared beside the project root", () => {
        expect(referenceDir({})).toBe(path.resolve(projectRoot, "../shared"));
        expect(referenceDir({ BLUEPRINT_REFERENCE_DIR: "  " })).toBe(path.resolve(projectRoot, "../shared"));
    });

    test("BLUEPRINT_REFERENCE_DIR wins; relative values are relative to the project root", () => {
        expect(referenceDir({ BLUEPRINT_REFERENCE_DIR: "/data/ref" })).toBe("/data/ref");
        expect(referenceDir({ BLUEPRINT_REFERENCE_DIR: "ref" })).toBe(path.join(projectRoot, "ref"));
    });

    test("a present path is returned", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ref-"));
        try {
            fs.mkdirSync(path.join(dir, "charts"));
            expect(referencePath("charts", { env: { BLUEPRINT_REFERENCE_DIR: dir } })).toBe(
                path.join(dir, "charts"),
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    test("missing data: one line naming the setting and the fetch command", () => {
        const env = { BLUEPRINT_REFERENCE_DIR: "/nonexistent/ref" };
        let err: unknown;
        try {
            referencePath("charts", { env });
        } catch (e) {
            err = e;
        }
        expect(err).toBeInstanceOf(SetupError);
        const msg = (err as Error).message;
        expect(msg).toBe(
            "reference data missing: /nonexistent/ref/charts not found (BLUEPRINT_REFERENCE_DIR=/nonexistent/ref); run `npm run fetch-reference` (needs network and helm) or set BLUEPRINT_REFERENCE_DIR to a copy",
        );
        expect(() => referencePath("brief.md", { env, fetchable: false })).toThrow(
            /brief\.md not found .*; set BLUEPRINT_REFERENCE_DIR to a directory that has it$/,
        );
    });
});

describe("suites that need reference data, when it is absent", () => {
    // Two representative suites run in a child Jest with the setting pointing nowhere: each fails once, at load,
    // with the one line; no test inside runs.
    test("fail at once with one line each, not test by test", () => {
        const r = spawnSync(
            process.execPath,
            [
                require.resolve("jest/bin/jest"),
                "--ci",
                "--json",
                "test/vault/values.test.ts",
                "test/policy-pack/pss-conformance.test.ts",
            ],
            {
                cwd: projectRoot,
                encoding: "utf8",
                env: { ...process.env, BLUEPRINT_REFERENCE_DIR: "/nonexistent/ref" },
                maxBuffer: 64 * 1024 * 1024,
            },
        );
        expect(r.status).toBe(1);
        const report = JSON.parse(r.stdout) as {
            numFailedTestSuites: number;
            numTotalTests: number;
            testResults: Array<{ message: string }>;
        };
        expect(report.numFailedTestSuites).toBe(2);
        expect(report.numTotalTests).toBe(0);
        for (const s of report.testResults) {
            expect(s.message).toContain("reference data missing: /nonexistent/ref/");
            expect(s.message).toContain("npm run fetch-reference");
        }
    });
});
