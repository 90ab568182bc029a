/**
 * docs/policies.md and docs/cis-eks.md are generated from the policies' metadata; this test fails when the
 * committed files are stale, and checks that the documents say what they must.
 */
import * as fs from "fs";
import * as path from "path";
import { allPolicies } from "../../policy-pack/policies";
import { cisEksControls, docPaths, renderPolicyDocs } from "../../scripts/generate-policy-docs";

const root = path.join(__dirname, "../..");
const docs = renderPolicyDocs();

test.each(Object.entries(docPaths))("committed %s is current", (key, file) => {
    const committed = fs.existsSync(path.join(root, file))
        ? fs.readFileSync(path.join(root, file), "utf8")
        : "";
    const rendered = docs[key as keyof typeof docs];
    if (committed !== rendered) throw new Error(`${file} is stale: run \`npm run docs\``);
    expect(committed).toBe(rendered);
});

test("policies.md documents every policy: level, severity, remediation, references, config", () => {
    for (const p of allPolicies) {
        const section = docs.policiesMd.split(`\n## ${p.name}\n`)[1]?.split("\n## ")[0];
        expect({ p: p.name, found: section !== undefined }).toEqual({ p: p.name, found: true });
        expect(section).toContain(`**Level**: ${p.enforcementLevel}`);
        expect(section).toContain(`**Severity**: ${p.severity}`);
        expect(section).toContain(p.remediation.split("\n")[0]);
        expect(section).toContain(`Brief: ${p.frameworks.brief.join(", ")}`);
        expect(section).toContain("`exemptions`");
    }
});

test("cis-eks.md maps every control of sections 2-5, with policies from metadata and the non-static ones marked", () => {
    const ids = cisEksControls.map((c) => c.id);
    for (const id of [
        "2.1.1",
        "3.1.1",
        "3.2.9",
        "4.1.1",
        "4.1.12",
        "4.2.5",
        "4.3.2",
        "4.4.2",
        "4.5.2",
        "5.1.4",
        "5.3.1",
        "5.4.5",
        "5.5.1",
    ])
        expect(ids).toContain(id);
    const row = (id: string) => docs.cisEksMd.split("\n").find((l) => l.startsWith(`| ${id} |`)) ?? "";
    expect(row("5.3.1")).toContain("eks-secrets-encryption");
    expect(row("4.3.2")).toContain("namespace-default-deny");
    expect(row("3.1.1")).toMatch(/kube-bench.*no: runtime/);
    expect(row("2.1.1")).toContain("HardenedCluster");
    // Every CIS id a policy references appears in the table.
    for (const p of allPolicies)
        for (const id of p.frameworks.cisEks ?? []) expect(row(id)).toContain(p.name);
});
