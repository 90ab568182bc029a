/**
 * Imports point one way (docs/architecture.md, "Import directions"): components -> lib <- policy-pack, analysis on
 * lib. Every .ts file of the repo is parsed (TypeScript's own pre-processor: static imports, `export ... from`,
 * `require`, dynamic `import()`), each relative import is resolved to the top-level folder it lands in, and the
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

/** Every relative import of one source file, resolved against the file's folder. */
export function importsOf(file: string, src: string): Edge[] {
    const info = ts.preProcessFile(src, true, true);
    return info.importedFiles
        .map((f) => f.fileName)
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
    const edges = files.flatMap((f) => importsOf(f, fs.readFileSync(path.join(root, f), "utf8")));

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

    test("imports are found in every syntax the repo uses", () => {
        const src = [
            'import { a } from "../lib/cidr";',
            'import type { B } from "../policy-pack/lib/types";',
            'export * from "./local";',
            'const c = require("../guard/run");',
            'const d = import("../components/index");',
            'import * as fs from "fs";',
        ].join("\n");
        expect(importsOf("analysis/x.ts", src).map((e) => e.to)).toEqual([
            "lib/cidr",
            "policy-pack/lib/types",
            "analysis/local",
            "guard/run",
            "components/index",
        ]);
    });
});
