/**
 * Keeps docs/brief-mapping.md and docs/architecture.md honest as the code moves:
 * - the mapping has a row for each of the brief's 32 items (F1-F6, C1-C7, R1-R8, Q1-Q11), and each row names what
 *   answers it and at least one test;
 * - every repository path it names exists, every quoted test title is in the test file named before it, and every
 *   kebab-case name in backticks is a policy of `allPolicies`;
 * - the architecture's flow table lists exactly the flows of `platformFlows()`, and its Mermaid diagrams are
 *   well-formed (balanced subgraphs, no edge to an undeclared node, every platform namespace drawn).
 * The checkers are pure functions, also run on broken documents to show that they catch what they should.
 */
import * as fs from "fs";
import * as path from "path";
import { platformFlows } from "../../components/network/platformFlows";
import { platformNamespaceSpecs } from "../../components/namespace/platformNamespaces";
import { allPolicies } from "../../policy-pack/policies";
import { referencePath } from "../lib/reference";

const root = path.resolve(__dirname, "../..");
const read = (rel: string): string => fs.readFileSync(path.join(root, rel), "utf8");
const mappingMd = read("docs/brief-mapping.md");
const architectureMd = read("docs/architecture.md");
const policyNames = new Set(allPolicies.map((p) => p.name));
/** Every add-on on, the optional kube-hunter included. */
const allAddOns = { controlPlaneCidrs: ["10.0.0.0/16"], namespaces: { kubeHunter: "kube-hunter" } };
const flowNames = new Set(platformFlows(allAddOns).map((f) => f.name));

/** The brief's numbering: six factors, seven concerns, eight root causes, eleven questions. */
const range = (prefix: string, n: number): string[] =>
    Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
const briefIds = [...range("F", 6), ...range("C", 7), ...range("R", 8), ...range("Q", 11)];

// ---- pure checkers ---------------------------------------------------------------------------------------------

/** Table rows whose first cell is a brief id: id -> the other cells. */
export function mappingRows(md: string): Map<string, string[]> {
    const rows = new Map<string, string[]>();
    for (const line of md.split("\n")) {
        const m = /^\|\s*([FCRQ]\d{1,2})\s*\|(.*)\|\s*$/.exec(line);
        if (m)
            rows.set(
                m[1],
                m[2].split("|").map((c) => c.trim()),
            );
    }
    return rows;
}

/** Every `code span` of a Markdown text. */
export function codeSpans(md: string): string[] {
    return [...md.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
}

/** Code spans that look like a policy name: kebab-case, at least two words, nothing else. */
export function policyRefs(md: string): string[] {
    return [...new Set(codeSpans(md).filter((s) => /^[a-z0-9]+(-[a-z0-9]+)+$/.test(s)))];
}

/** Code spans that name a file or folder of the repository. */
export function repoPathRefs(md: string): string[] {
    const top = /^(\.github|analysis|bench|components|config|docs|guard|policy-pack|scripts|test)\/[\w./-]+$/;
    return [...new Set(codeSpans(md).filter((s) => top.test(s)))];
}

/** `test/...` spans followed by one or more quoted titles: `test/a.test.ts` "title" and "other title". */
export function testCitations(md: string): { file: string; title: string }[] {
    const out: { file: string; title: string }[] = [];
    for (const m of md.matchAll(/`(test\/[^`\s]+)`((?:\s+(?:and\s+)?"[^"\n]+")+)/g))
        for (const t of m[2].matchAll(/"([^"\n]+)"/g)) out.push({ file: m[1], title: t[1] });
    return out;
}

/**
 * Every problem of a mapping document, one line each (empty = honest). A kebab-case code span must be a policy, or
 * one of `flows` (the platform's NetworkPolicy flow names, which the document may cite too).
 */
export function mappingProblems(
    md: string,
    exists: (rel: string) => boolean,
    fileText: (rel: string) => string,
    policies: Set<string>,
    flows: Set<string> = new Set(),
): string[] {
    const p: string[] = [];
    const rows = mappingRows(md);
    for (const id of briefIds) {
        const cells = rows.get(id);
        if (!cells) {
            p.push(`${id}: no row`);
            continue;
        }
        const [brief, answer, proof] = cells;
        if (!brief || !answer) p.push(`${id}: the brief's words or the answer is empty`);
        if (testCitations(proof ?? "").length === 0) p.push(`${id}: cites no test with its title`);
    }
    for (const id of rows.keys()) if (!briefIds.includes(id)) p.push(`${id}: not an item of the brief`);
    for (const rel of repoPathRefs(md)) if (!exists(rel)) p.push(`path ${rel} does not exist`);
    for (const { file, title } of testCitations(md)) {
        if (!exists(file)) continue; // reported above
        if (!fileText(file).includes(title)) p.push(`${file} has no test titled "${title}"`);
    }
    for (const name of policyRefs(md))
        if (!policies.has(name) && !flows.has(name))
            p.push(`policy ${name} is not in allPolicies (nor a platform flow)`);
    return p;
}

/** The Mermaid blocks of a Markdown text. */
export function mermaidBlocks(md: string): string[] {
    return [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** A parsed Mermaid flowchart: declared nodes, subgraphs (id -> label), edges, and structural problems. */
export function parseFlowchart(src: string): {
    nodes: Set<string>;
    subgraphs: Map<string, string>;
    edges: [string, string][];
    problems: string[];
} {
    const nodes = new Set<string>();
    const subgraphs = new Map<string, string>();
    const edges: [string, string][] = [];
    const problems: string[] = [];
    const lines = src
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "");
    if (!/^flowchart (LR|RL|TB|TD|BT)$/.test(lines[0] ?? ""))
        problems.push(`first line is not a flowchart header: ${lines[0]}`);
    let depth = 0;
    for (const line of lines.slice(1)) {
        let m: RegExpExecArray | null;
        if ((m = /^subgraph (\w+)\["([^"]*)"\]$/.exec(line))) {
            depth++;
            subgraphs.set(m[1], m[2]);
        } else if (line === "end") {
            if (--depth < 0) problems.push("`end` without a subgraph");
        } else if (/^direction (LR|RL|TB|TD|BT)$/.test(line)) {
            // layout only
        } else if ((m = /^(\w+)\["([^"]*)"\]$/.exec(line))) {
            if (nodes.has(m[1])) problems.push(`node ${m[1]} declared twice`);
            nodes.add(m[1]);
        } else if ((m = /^(\w+) (-->|-\.->)(?:\|"[^"|]*"\|)? (\w+)$/.exec(line))) {
            edges.push([m[1], m[3]]);
        } else problems.push(`unrecognised line: ${line}`);
    }
    if (depth !== 0) problems.push(`${depth} subgraph(s) not closed`);
    for (const [a, b] of edges)
        for (const end of [a, b])
            if (!nodes.has(end) && !subgraphs.has(end))
                problems.push(`edge ${a} -> ${b}: ${end} is not declared`);
    for (const id of nodes) if (subgraphs.has(id)) problems.push(`${id} is both a node and a subgraph`);
    return { nodes, subgraphs, edges, problems };
}

/** Flow names in the first column of the architecture's flow table. */
export function flowTableNames(md: string): string[] {
    const section = md.split("### Every allowed flow")[1]?.split("\n## ")[0] ?? "";
    return [...section.matchAll(/^\|\s*`([a-z0-9-]+)`\s*\|/gm)].map((m) => m[1]);
}

// ---- the mapping -----------------------------------------------------------------------------------------------

const exists = (rel: string): boolean => fs.existsSync(path.join(root, rel));

describe("docs/brief-mapping.md", () => {
    const rows = mappingRows(mappingMd);

    test("the brief (../shared/brief.md) numbers exactly the 32 items this test expects", () => {
        const brief = fs.readFileSync(referencePath("brief.md", { fetchable: false }), "utf8");
        const ids = [...new Set([...brief.matchAll(/(?:^|[\s·])([FCRQ]\d{1,2}) /gm)].map((m) => m[1]))];
        expect(ids.sort()).toEqual([...briefIds].sort());
        expect(briefIds).toHaveLength(32);
    });

    test.each(briefIds)("%s has a row with the brief's words, an answer and a cited test", (id) => {
        const cells = rows.get(id);
        expect(cells).toBeDefined();
        const [brief, answer, proof] = cells!;
        expect(brief.length).toBeGreaterThan(3);
        expect(answer.length).toBeGreaterThan(20);
        expect(testCitations(proof).length).toBeGreaterThan(0);
    });

    test("has no row for an id that is not in the brief, and each id once", () => {
        const ids = mappingMd
            .split("\n")
            .map((l) => /^\|\s*([A-Z]\d{1,2})\s*\|/.exec(l)?.[1])
            .filter((x): x is string => !!x);
        expect(ids.filter((id) => !briefIds.includes(id))).toEqual([]);
        expect(ids.length).toBe(new Set(ids).size);
        expect(ids).toHaveLength(32);
    });

    test("every repository path it names exists (tests, components, docs)", () => {
        const paths = repoPathRefs(mappingMd);
        expect(paths.filter((p) => p.startsWith("test/")).length).toBeGreaterThan(20);
        expect(paths.filter((p) => !exists(p))).toEqual([]);
    });

    test("every cited test title is in the file named before it", () => {
        const cites = testCitations(mappingMd);
        expect(cites.length).toBeGreaterThan(90);
        const missing = cites.filter(({ file, title }) => !exists(file) || !read(file).includes(title));
        expect(missing).toEqual([]);
    });

    test("every policy named in backticks is in allPolicies (kebab-case spans that are not are platform flows)", () => {
        const refs = policyRefs(mappingMd);
        expect(refs.filter((n) => policyNames.has(n)).length).toBeGreaterThan(40);
        expect(refs.filter((n) => !policyNames.has(n) && !flowNames.has(n))).toEqual([]);
    });

    test("the whole document has no problem", () => {
        expect(mappingProblems(mappingMd, exists, read, policyNames, flowNames)).toEqual([]);
    });

    test("the gaps are listed, R6 etcd, image signing and kube-hunter among them", () => {
        const gaps = mappingMd.split("\n## Gaps\n")[1] ?? "";
        expect(gaps).toMatch(/\*\*R6 etcd\.\*\*/);
        expect(gaps).toMatch(/cosign/);
        expect(gaps).toMatch(/kube-hunter.*archived/s);
    });

    test("every brief tag in the policies' metadata is an item of the brief", () => {
        const bad = allPolicies.flatMap((p) =>
            p.frameworks.brief.filter((b) => !briefIds.includes(b)).map((b) => `${p.name}: ${b}`),
        );
        expect(bad).toEqual([]);
    });
});

describe("the mapping checker catches a dishonest document", () => {
    const files: Record<string, string> = {
        "test/a.test.ts": 'test("real title of a", () => {});',
        "components/x.ts": "",
    };
    const fakeExists = (rel: string): boolean => rel in files;
    const fakeText = (rel: string): string => files[rel] ?? "";
    const policies = new Set(["pss-privileged"]);
    const row = (id: string, proof = '`test/a.test.ts` "real title"'): string =>
        `| ${id} | words | \`components/x.ts\` and \`pss-privileged\` | ${proof} |`;
    const doc = (lines: string[]): string =>
        ["| id | the brief | answered by | proved by |", "|---|---|---|---|", ...lines].join("\n");
    const honest = briefIds.map((id) => row(id));

    test("pass: a complete document with real paths, titles and policies", () => {
        expect(mappingProblems(doc(honest), fakeExists, fakeText, policies)).toEqual([]);
    });

    test("fail: a missing id", () => {
        expect(
            mappingProblems(
                doc(honest.filter((l) => !l.startsWith("| Q11 "))),
                fakeExists,
                fakeText,
                policies,
            ),
        ).toEqual(["Q11: no row"]);
    });

    test("fail: an id the brief does not have", () => {
        expect(mappingProblems(doc([...honest, row("R9")]), fakeExists, fakeText, policies)).toEqual([
            "R9: not an item of the brief",
        ]);
    });

    test("fail: a test file that does not exist, and a title that is not in the file", () => {
        const lines = [...honest];
        lines[0] = row("F1", '`test/gone.test.ts` "real title"');
        lines[1] = row("F2", '`test/a.test.ts` "real title" and "invented title"');
        expect(mappingProblems(doc(lines), fakeExists, fakeText, policies)).toEqual([
            "path test/gone.test.ts does not exist",
            'test/a.test.ts has no test titled "invented title"',
        ]);
    });

    test("fail: a misspelt policy, and a row that cites no test", () => {
        const lines = [...honest];
        lines[3] = "| F4 | words | `pss-priviliged` blocks it | nothing |";
        expect(mappingProblems(doc(lines), fakeExists, fakeText, policies)).toEqual([
            "F4: cites no test with its title",
            "policy pss-priviliged is not in allPolicies (nor a platform flow)",
        ]);
    });

    test("a platform flow name passes only when it is one of the flows", () => {
        const lines = [...honest];
        lines[4] = row("F5").replace("`pss-privileged`", "`prometheus-nodes`");
        expect(
            mappingProblems(doc(lines), fakeExists, fakeText, policies, new Set(["prometheus-nodes"])),
        ).toEqual([]);
        expect(mappingProblems(doc(lines), fakeExists, fakeText, policies)).toEqual([
            "policy prometheus-nodes is not in allPolicies (nor a platform flow)",
        ]);
    });

    test("only kebab-case spans count as policies; paths, keys and globs do not", () => {
        expect(
            policyRefs(
                "`pss-*` `harbor.enabled` `test/a-b.test.ts` `API` `no-secret-env-vars` `169.254.0.0/16`",
            ),
        ).toEqual(["no-secret-env-vars"]);
    });
});

// ---- the architecture ------------------------------------------------------------------------------------------

describe("docs/architecture.md", () => {
    const blocks = mermaidBlocks(architectureMd);

    test("has the three diagrams: components and data flows, config to resources, and import directions", () => {
        expect(blocks).toHaveLength(3);
        expect(architectureMd).toMatch(/## Components, namespaces and data flows/);
        expect(architectureMd).toMatch(/## How config becomes resources/);
        expect(architectureMd).toMatch(/## Ordering \(`dependsOn` in SecurityPlatform\)/);
        expect(architectureMd).toMatch(/## Import directions/);
    });

    test.each([0, 1, 2])(
        "Mermaid diagram %i is well-formed: balanced subgraphs, every edge between declared nodes",
        (i) => {
            const chart = parseFlowchart(blocks[i]);
            expect(chart.problems).toEqual([]);
            expect(chart.edges.length).toBeGreaterThan(5);
        },
    );

    test("every platform namespace index.ts can create is drawn as a subgraph, plus app namespaces", () => {
        const all = platformNamespaceSpecs({
            vault: true,
            harbor: true,
            falco: true,
            monitoring: true,
            trivy: true,
            kubeBench: true,
            kubeHunter: true,
            vaultClients: [],
        });
        const labels = [...parseFlowchart(blocks[0]).subgraphs.values()];
        const drawn = (ns: string): boolean => labels.some((l) => l === ns || l.startsWith(`${ns} `));
        expect(all.map((s) => s.name).filter((ns) => !drawn(ns))).toEqual([]);
        expect(labels.some((l) => l.startsWith("app namespaces"))).toBe(true);
    });

    test("the flow table lists exactly the flows of platformFlows()", () => {
        const code = platformFlows(allAddOns).map((f) => f.name);
        expect(flowTableNames(architectureMd).sort()).toEqual([...code].sort());
    });

    test("every repository path it names exists", () => {
        expect(repoPathRefs(architectureMd).filter((p) => !exists(p))).toEqual([]);
    });

    test("the diagram checker catches an undeclared node and an unclosed subgraph", () => {
        const bad = parseFlowchart('flowchart LR\n    subgraph a["ns"]\n        x["X"]\n    x --> y\n');
        expect(bad.problems).toEqual(["1 subgraph(s) not closed", "edge x -> y: y is not declared"]);
    });
});
