/**
 * Invariants of the policy registry (policy-pack/policies.ts and the area lists it concatenates), the way a policy
 * library keeps its catalogue honest: unique ids, one policy per file in its area's directory, complete metadata
 * with valid references, a `since` version per policy that never decreases in registry order within an area and is
 * not newer than the pack, and a policy config that names only existing policies.
 *
 * Versions: `since` is the pack version (semver, PulumiPolicy.yaml) that first shipped the policy, as Pod Security
 * Admission registers each check with the version it applies from. New policies go at the end of their area's list
 * with the pack's next version, so "registry order" and "order of addition" are the same thing.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { cisEksControls } from "../../scripts/generate-policy-docs";
import { policies as aws } from "../../policy-pack/aws";
import { policies as exposure } from "../../policy-pack/exposure";
import { BlueprintPolicy } from "../../policy-pack/lib/types";
import { policies as namespaces } from "../../policy-pack/namespaces";
import { allPolicies } from "../../policy-pack/policies";
import { policies as pss } from "../../policy-pack/pss";
import { allChecks } from "../../policy-pack/pss/registry";
import { policies as rbac } from "../../policy-pack/rbac";
import { policies as workloads } from "../../policy-pack/workloads";

const packDir = path.join(__dirname, "../../policy-pack");
/** In registry order (policies.ts). */
const areas: Array<[string, BlueprintPolicy[]]> = [
    ["pss", pss],
    ["workloads", workloads],
    ["rbac", rbac],
    ["exposure", exposure],
    ["namespaces", namespaces],
    ["aws", aws],
];
const packVersion = String(
    (parse(fs.readFileSync(path.join(packDir, "PulumiPolicy.yaml"), "utf8")) as { version: unknown }).version,
);

const semver = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
function compareVersions(a: string, b: string): number {
    const pa = a.split(".").map(Number);
    const pb = b.split(".").map(Number);
    for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
    return 0;
}

describe("ids", () => {
    test("the registry is exactly the areas' lists, in order", () => {
        expect(allPolicies.map((p) => p.name)).toEqual(areas.flatMap(([, ps]) => ps.map((p) => p.name)));
        expect(allPolicies.length).toBeGreaterThan(0);
    });

    test("policy ids are unique in the registry and across areas, and kebab-case", () => {
        const names = allPolicies.map((p) => p.name);
        expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
        const areaOf = new Map<string, string[]>();
        for (const [area, ps] of areas)
            for (const p of ps) areaOf.set(p.name, [...(areaOf.get(p.name) ?? []), area]);
        expect([...areaOf].filter(([, as]) => as.length > 1)).toEqual([]);
        for (const n of names) expect(n).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    });

    test("one policy per file: policy-pack/<area>/<id>.ts", () => {
        for (const [area, ps] of areas)
            for (const p of ps) {
                const file = path.join(area, `${p.name}.ts`);
                expect({ file, exists: fs.existsSync(path.join(packDir, file)) }).toEqual({
                    file,
                    exists: true,
                });
            }
    });
});

describe("metadata", () => {
    const briefIds = /^(F[1-6]|C[1-7]|R[1-8]|Q([1-9]|1[01]))$/;
    const cisIds = new Set(cisEksControls.map((c) => c.id));
    // A PSA check id, or (for the namespace policies about labels) a level or the enforce-version label.
    const pssIds = new Set([
        ...allChecks.map((c) => c.id),
        "privileged",
        "baseline",
        "restricted",
        "enforce-version",
    ]);

    test.each(allPolicies.map((p) => [p.name, p] as const))("%s", (_, p) => {
        expect(p.description.length).toBeGreaterThan(10);
        expect(p.remediation.length).toBeGreaterThan(10);
        expect(["low", "medium", "high", "critical"]).toContain(p.severity);
        expect(["advisory", "mandatory", "disabled"]).toContain(p.enforcementLevel);
        expect(p.frameworks.brief.length).toBeGreaterThan(0);
        for (const b of p.frameworks.brief) expect(b).toMatch(briefIds);
        for (const c of p.frameworks.cisEks ?? []) {
            expect(c).toMatch(/^[2-5]\.\d+\.\d+$/);
            expect({ cis: c, known: cisIds.has(c) }).toEqual({ cis: c, known: true });
        }
        if (p.frameworks.pss !== undefined)
            for (const id of p.frameworks.pss.split(", "))
                expect({ pss: id, known: pssIds.has(id) }).toEqual({ pss: id, known: true });
        if (p.kind === "resource") expect(p.types?.length).toBeGreaterThan(0);
        // Every config property needs a default (types.ts), so a pack run without config is defined.
        for (const [key, schema] of Object.entries(p.configSchema ?? {}))
            expect({ key, hasDefault: "default" in schema }).toEqual({ key, hasDefault: true });
    });
});

describe("versions", () => {
    test("the pack's version is semver and the same in PulumiPolicy.yaml and policy-pack/package.json", () => {
        expect(packVersion).toMatch(semver);
        const pkg = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")) as {
            version: string;
        };
        expect(pkg.version).toBe(packVersion);
    });

    test("every policy has a semver `since`, not newer than the pack", () => {
        for (const p of allPolicies) {
            expect({ p: p.name, since: p.since }).toEqual({
                p: p.name,
                since: expect.stringMatching(semver),
            });
            expect({ p: p.name, newer: compareVersions(p.since!, packVersion) > 0 }).toEqual({
                p: p.name,
                newer: false,
            });
        }
    });

    test("within each area, `since` never decreases in registry order (new policies are appended)", () => {
        for (const [area, ps] of areas)
            for (let i = 1; i < ps.length; i++) {
                const [prev, cur] = [ps[i - 1], ps[i]];
                expect({
                    area,
                    policy: cur.name,
                    decreases: compareVersions(cur.since!, prev.since!) < 0,
                }).toEqual({
                    area,
                    policy: cur.name,
                    decreases: false,
                });
            }
    });

    test("the version order detects a policy inserted out of order", () => {
        expect(compareVersions("0.2.0", "0.1.0")).toBeGreaterThan(0);
        expect(compareVersions("0.10.0", "0.9.1")).toBeGreaterThan(0);
        expect(compareVersions("1.0.0", "1.0.0")).toBe(0);
        expect(compareVersions("0.1.0", "0.1.1")).toBeLessThan(0);
    });
});

describe("policy config", () => {
    test("every key of blueprint.policy-config.json names an existing policy", () => {
        const config = JSON.parse(
            fs.readFileSync(path.join(packDir, "blueprint.policy-config.json"), "utf8"),
        ) as Record<string, unknown>;
        const names = new Set(allPolicies.map((p) => p.name));
        expect(Object.keys(config).length).toBeGreaterThan(0);
        expect(Object.keys(config).filter((k) => !names.has(k))).toEqual([]);
    });
});
