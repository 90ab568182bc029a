/**
 * Imports point one way (docs/architecture.md, "Import directions"): components -> lib <- policy-pack, analysis on
 * lib. Every .ts file of the repo is parsed (TypeScript's parser: static imports, `export ... from`, `require`, dynamic
 * `import()`), each relative import is resolved to the top-level folder it lands in, and the
 * direction is checked against the rules below.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const root = path.resolve(__dirname, "../..");
const skipDirs = new Set(["node_modules", "bin", ".git", ".guard-cache"]);

/** One relative import: the importing file and the imported path, both relative to the repo root. */
interface Edge {
    from: string;
    to: string;
}

/** The top-level folder of a repo-relative path; files at the root (index.ts) are "(root)". */
function area(rel: string): string {
    const parts = rel.split("/");
    return parts.length === 1 ? "(root)" : parts[0];
}

/**
 * Every module specifier of one source file: static imports, `export ... from`, `import x = require(...)`,
 * `require("...")` and `import("...")`, as TypeScript's pre-processor scans them (a specifier in a string or a comment
 * is not one), plus `export * as ns from`, which that scanner does not report: those come from the parser, for the
 * few files that have one.
 */
export function specifiersOf(file: string, src: string): string[] {
    const out = ts.preProcessFile(src, true, true).importedFiles.map((f) => f.fileName);
    if (!/export\s*\*\s*as\s/.test(src)) return out;
    const visit = (node: ts.Node): void => {
        if (
            ts.isExportDeclaration(node) &&
            node.exportClause &&
            ts.isNamespaceExport(node.exportClause) &&
            node.moduleSpecifier &&
            ts.isStringLiteral(node.moduleSpecifier)
        )
            out.push(node.moduleSpecifier.text);
        ts.forEachChild(node, visit);
    };
    visit(ts.createSourceFile(file, src, ts.ScriptTarget.Latest, false));
    return out;
}

/** Every relative import of one source file (its specifiers), resolved against the file's folder. */
export function importsOf(file: string, specifiers: string[]): Edge[] {
    return specifiers
        .filter((spec) => spec.startsWith("./") || spec.startsWith("../"))
        .map((spec) => ({
            from: file,
            to: path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)),
        }));
}

/** Why an import is forbidden, or undefined when it is allowed. */
export function violation(e: Edge): string | undefined {
    const a = area(e.from);
    const b = area(e.to);
    if (e.to.startsWith("../")) return "imports from outside the repository";
    if (a === b) return undefined;
    if (a === "lib") return "lib/ imports nothing of ours";
    if (a === "analysis" && b !== "lib") return "analysis/ depends on lib/ only";
    if (a === "components") {
        if (b === "lib") return undefined;
        if (b === "policy-pack")
            return e.from.startsWith("components/admission/")
                ? undefined
                : "components/ never import policy-pack/ (components/admission is the one exception)";
        return "components/ import only lib/ (and policy-pack/ from components/admission)";
    }
    if (a === "policy-pack" && !["lib", "analysis"].includes(b))
        return "policy-pack/ imports only lib/ and analysis/";
    if (b === "guard" && !["bench", "scripts", "test", "e2e"].includes(a))
        return "nothing imports guard/ except bench/, scripts/, e2e/ and the tests";
    return undefined;
}

function sources(): string[] {
    const out: string[] = [];
    const walk = (rel: string) => {
        for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
            const r = rel ? `${rel}/${e.name}` : e.name;
            if (e.isDirectory()) {
                if (!skipDirs.has(e.name)) walk(r);
            } else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(r);
        }
    };
    walk("");
    return out.sort();
}

describe("import directions", () => {
    const files = sources();
    const specifiers = new Map(
        files.map((f) => [f, specifiersOf(f, fs.readFileSync(path.join(root, f), "utf8"))]),
    );
    const edges = files.flatMap((f) => importsOf(f, specifiers.get(f) ?? []));

    test("every file of every layer is parsed", () => {
        for (const dir of ["lib", "analysis", "components", "policy-pack", "guard", "config"])
            expect(files.filter((f) => f.startsWith(`${dir}/`)).length).toBeGreaterThan(3);
        // Cross-layer imports the rules allow are found, so a parser that saw nothing cannot pass.
        expect(edges).toContainEqual({ from: "analysis/reachability/analyze.ts", to: "lib/k8s" });
        expect(edges).toContainEqual({
            from: "components/admission/admissionGuardrails.ts",
            to: "policy-pack/policies",
        });
    });

    test("no import goes against the layers", () => {
        const bad = edges.flatMap((e) => {
            const why = violation(e);
            return why ? [`${e.from} -> ${e.to}: ${why}`] : [];
        });
        expect(bad).toEqual([]);
    });

    test("the rules reject each forbidden direction", () => {
        const rejects = (from: string, to: string) => violation({ from, to }) !== undefined;
        expect(rejects("lib/k8s.ts", "policy-pack/lib/types")).toBe(true);
        expect(rejects("lib/k8s.ts", "analysis/reachability")).toBe(true);
        expect(rejects("analysis/reachability/analyze.ts", "policy-pack/lib/types")).toBe(true);
        expect(rejects("analysis/reachability/analyze.ts", "components/network/types")).toBe(true);
        expect(rejects("components/network/platformFlows.ts", "policy-pack/lib/types")).toBe(true);
        expect(rejects("components/network/platformFlows.ts", "analysis/reachability")).toBe(true);
        expect(
            rejects("components/platform/securityPlatform.ts", "policy-pack/blueprint.policy-config.json"),
        ).toBe(true);
        expect(rejects("policy-pack/namespaces/x.ts", "components/network/types")).toBe(true);
        expect(rejects("policy-pack/namespaces/x.ts", "config/index")).toBe(true);
        expect(rejects("components/vault/vault.ts", "guard/run")).toBe(true);
        expect(rejects("config/index.ts", "guard/run")).toBe(true);
        expect(rejects("index.ts", "guard/run")).toBe(true);
        // ... and accepts the allowed ones.
        expect(rejects("components/admission/admissionGuardrails.ts", "policy-pack/policies")).toBe(false);
        expect(rejects("components/network/types.ts", "lib/labels")).toBe(false);
        expect(rejects("policy-pack/namespaces/x.ts", "analysis/reachability")).toBe(false);
        expect(rejects("bench/guard-once.ts", "guard/run")).toBe(false);
        expect(rejects("test/guard/x.test.ts", "guard/run")).toBe(false);
    });

    // `@pulumi/aws` as a whole loads and type-checks every AWS service (components/lib/aws.ts says what it costs); the
    // shipped code takes the services it uses from their own entry points.
    test("shipped code never imports the whole @pulumi/aws, only its per-service entry points", () => {
        const shipped = files.filter(
            (f) => /^(components|config|lib|policy-pack)\//.test(f) || f === "index.ts",
        );
        expect(shipped.filter((f) => specifiers.get(f)?.includes("@pulumi/aws"))).toEqual([]);
        // The services are really imported, so a parser that saw nothing cannot pass.
        expect(specifiers.get("components/lib/aws.ts")).toContain("@pulumi/aws/eks");
        expect(specifiers.get("components/cluster/hardenedCluster.ts")).toContain("../lib/aws");
    });

    test("imports are found in every syntax the repo uses", () => {
        const src = [
            'import { a } from "../lib/cidr";',
            'import type { B } from "../policy-pack/lib/types";',
            'export * from "./local";',
            'const c = require("../guard/run");',
            'const d = import("../components/index");',
            'export * as e from "../guard/pipeline";',
            'import f = require("../policy-pack/index");',
            '// import { g } from "../guard/comment";',
            "const h = \"import { i } from '../guard/string'\";",
            'import * as fs from "fs";',
        ].join("\n");
        expect(
            importsOf("analysis/x.ts", specifiersOf("analysis/x.ts", src))
                .map((e) => e.to)
                .sort(),
        ).toEqual(
            [
                "lib/cidr",
                "policy-pack/lib/types",
                "analysis/local",
                "guard/run",
                "components/index",
                "guard/pipeline",
                "policy-pack/index",
            ].sort(),
        );
    });
});
