/**
 * The driver of the per-policy fixture tables (`cases/<area>/<policy-id>.cases.ts`): every pass case gives no finding
 * of its policy, every fail case a violation matching its fragments; and every policy of the registry has a table
 * with at least one pass and one fail case, in the directory of its area.
 */
import * as fs from "fs";
import * as path from "path";
import { policies as aws } from "../../policy-pack/aws";
import { policies as exposure } from "../../policy-pack/exposure";
import { BlueprintPolicy } from "../../policy-pack/lib/types";
import { policies as namespaces } from "../../policy-pack/namespaces";
import { allPolicies } from "../../policy-pack/policies";
import { policies as pss } from "../../policy-pack/pss";
import { policies as rbac } from "../../policy-pack/rbac";
import { policies as workloads } from "../../policy-pack/workloads";
import { FailCase, PolicyCases, run } from "./cases/case";

const areas: Record<string, BlueprintPolicy[]> = { pss, workloads, rbac, exposure, namespaces, aws };
const casesDir = path.join(__dirname, "cases");

interface Table {
    file: string;
    area: string;
    cases: PolicyCases;
}

function loadTables(): Table[] {
    const tables: Table[] = [];
    for (const area of fs.readdirSync(casesDir).sort()) {
        const dir = path.join(casesDir, area);
        if (!fs.statSync(dir).isDirectory()) continue;
        for (const f of fs.readdirSync(dir).sort()) {
            if (!f.endsWith(".cases.ts")) continue;
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- tables are discovered, not listed
            const mod = require(path.join(dir, f)) as { cases?: PolicyCases };
            if (!mod.cases) throw new Error(`${area}/${f} exports no \`cases\``);
            tables.push({ file: f, area, cases: mod.cases });
        }
    }
    return tables;
}
const tables = loadTables();

function matches(text: string, fragment: string | RegExp): boolean {
    return typeof fragment === "string" ? text.includes(fragment) : fragment.test(text);
}

describe.each(tables.map((t) => [t.cases.policy, t] as const))("%s", (policy, t) => {
    if (t.cases.enforcementLevel) {
        test(`defaults to ${t.cases.enforcementLevel}`, () => {
            expect(allPolicies.find((p) => p.name === policy)?.enforcementLevel).toBe(
                t.cases.enforcementLevel,
            );
        });
    }
    if (t.cases.pass.length > 0) {
        test.each(t.cases.pass.map((c) => [c.name, c] as const))("pass: %s", (_, c) => {
            expect(run(policy, c.resources, c.config)).toEqual([]);
        });
    }
    if (t.cases.fail.length > 0) {
        test.each(t.cases.fail.map((c) => [c.name, c] as const))("fail: %s", (_, c: FailCase) => {
            const findings = run(policy, c.resources, c.config);
            const violations = findings.filter((f) => !f.undecided);
            // Undecided findings are not violations: a fail case must fail outright.
            expect(violations.length).toBeGreaterThan(0);
            if (c.count !== undefined) expect(violations).toHaveLength(c.count);
            const messages = violations.map((f) => f.message);
            expect(c.message !== undefined || c.messages !== undefined).toBe(true);
            if (c.messages) expect(messages).toEqual(c.messages);
            if (c.message !== undefined) {
                const fragments = Array.isArray(c.message) ? c.message : [c.message];
                expect({
                    messages,
                    matched: messages.some((m) => fragments.every((x) => matches(m, x))),
                }).toEqual({
                    messages,
                    matched: true,
                });
            }
            for (const text of c.absent ?? []) for (const m of messages) expect(m).not.toContain(text);
            if (Array.isArray(c.blame))
                expect(violations.map((f) => f.urn)).toEqual(c.blame.map((r) => r.urn));
            else if (c.blame) for (const f of violations) expect(f.urn).toBe(c.blame.urn);
        });
    }
});

describe("the tables", () => {
    test("every policy of the registry has a table with at least one pass and one fail case", () => {
        const byPolicy = new Map(tables.map((t) => [t.cases.policy, t]));
        const missing = allPolicies
            .map((p) => p.name)
            .filter((n) => {
                const t = byPolicy.get(n);
                return !t || t.cases.pass.length === 0 || t.cases.fail.length === 0;
            });
        expect(missing).toEqual([]);
    });

    test("one table per policy, named after it, in its area's directory, and no table for an unknown policy", () => {
        const seen = new Set<string>();
        for (const t of tables) {
            expect({ file: t.file, dup: seen.has(t.cases.policy) }).toEqual({ file: t.file, dup: false });
            seen.add(t.cases.policy);
            expect(`${t.area}/${t.file}`).toBe(`${t.area}/${t.cases.policy}.cases.ts`);
            const area = Object.entries(areas).find(([, ps]) =>
                ps.some((p) => p.name === t.cases.policy),
            )?.[0];
            expect({ table: t.file, area }).toEqual({ table: t.file, area: t.area });
        }
    });

    test("case names are unique within a table", () => {
        for (const t of tables) {
            const names = [...t.cases.pass, ...t.cases.fail].map((c) => c.name);
            expect({ table: t.file, dups: names.filter((n, i) => names.indexOf(n) !== i) }).toEqual({
                table: t.file,
                dups: [],
            });
        }
    });
});
