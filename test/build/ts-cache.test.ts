/**
 * The guard, the bench and the scripts run the repo's TypeScript from compiled JavaScript cached per file
 * (scripts/ts-cache.js): a fresh entry is reused, a changed file alone is transpiled again.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/* eslint-disable @typescript-eslint/no-require-imports -- plain JavaScript module */
const tsCache = require("../../scripts/ts-cache") as {
    compiled(filename: string): string;
    sourceMapOf(filename: string): string | undefined;
    cacheFile(filename: string, st: fs.Stats): string;
    stats: { hits: number; misses: number };
    repoSources(): string[];
};

describe("compiled-JavaScript cache", () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "ts-cache-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    test("first use transpiles and caches; the next use is a hit with the same code", () => {
        const f = path.join(dir, "a.ts");
        fs.writeFileSync(f, "export const a: number = 1;\n");
        const before = { ...tsCache.stats };
        const js = tsCache.compiled(f);
        expect(js).toContain("exports.a = 1");
        expect(fs.existsSync(tsCache.cacheFile(f, fs.statSync(f)))).toBe(true);
        expect(tsCache.compiled(f)).toBe(js);
        expect(tsCache.stats.misses - before.misses).toBe(1);
        expect(tsCache.stats.hits - before.hits).toBe(1);
        fs.rmSync(tsCache.cacheFile(f, fs.statSync(f)));
    });

    test("a changed file is transpiled again, never served stale", () => {
        const f = path.join(dir, "b.ts");
        fs.writeFileSync(f, "export const b: number = 1;\n");
        const first = tsCache.compiled(f);
        const oldEntry = tsCache.cacheFile(f, fs.statSync(f));
        fs.writeFileSync(f, "export const b: number = 2;\n");
        const later = new Date(Date.now() + 5000);
        fs.utimesSync(f, later, later);
        const second = tsCache.compiled(f);
        expect(first).toContain("exports.b = 1");
        expect(second).toContain("exports.b = 2");
        for (const e of [oldEntry, tsCache.cacheFile(f, fs.statSync(f))]) fs.rmSync(e, { force: true });
    });

    test("a script run through scripts/run-ts.js keeps its own __dirname and arguments", () => {
        const f = path.join(dir, "main.ts");
        fs.writeFileSync(
            f,
            "const n: string = __dirname;\nprocess.stdout.write(`${n}|${process.argv[2]}`);\n",
        );
        const r = spawnSync(process.execPath, [path.resolve(__dirname, "../../scripts/run-ts.js"), f, "x"], {
            encoding: "utf8",
        });
        expect(r.stderr).toBe("");
        expect(r.stdout).toBe(`${dir}|x`);
        fs.rmSync(tsCache.cacheFile(f, fs.statSync(f)), { force: true });
    });

    test("the cached code is a plain transpile; its source map maps JavaScript lines to the TypeScript's", () => {
        const f = path.join(dir, "mapped.ts");
        const src = [
            "interface Shape {",
            "    a: number;",
            "}",
            "type Alias = Shape;",
            "",
            "export function make(n: number): Alias {",
            "    return { a: n };",
            "}",
            "export const made = make(1);",
            "",
        ].join("\n");
        fs.writeFileSync(f, src);
        const js = tsCache.compiled(f);
        const { compilerOptions } = require("../../policy-pack/build");
        const ts = require("typescript") as typeof import("typescript");
        expect(js).toBe(
            ts.transpileModule(src, { compilerOptions, fileName: f, reportDiagnostics: false }).outputText,
        );
        expect(js).not.toContain("sourceMappingURL");
        const jsLine = js.split("\n").findIndex((l) => l.includes("exports.made = make(1)")) + 1;
        expect(jsLine).toBeGreaterThan(0);
        expect(jsLine).not.toBe(9);
        expect(tsCache.sourceMapOf(f)).toBeDefined();
        const { originalLocation } =
            require("../../guard/locations") as typeof import("../../guard/locations");
        const at = { file: f, line: jsLine, column: 1, generated: true };
        const mapped = originalLocation(at);
        expect(mapped).toMatchObject({ file: f, line: 9 });
        // Without the cached map (an entry from before maps were kept), the file is transpiled again: same answer.
        const entry = tsCache.cacheFile(f, fs.statSync(f));
        fs.rmSync(`${entry}.map`);
        expect(tsCache.sourceMapOf(f)).toBeUndefined();
        jest.isolateModules(() => {
            const fresh = require("../../guard/locations") as typeof import("../../guard/locations");
            expect(fresh.originalLocation(at)).toEqual(mapped);
        });
        fs.rmSync(entry, { force: true });
    });
});

describe("npm ci's prepare (scripts/build.js: warm)", () => {
    test("covers every test file and fixture program, so a fresh clone's first npm test transpiles none", () => {
        const root = path.join(__dirname, "../..");
        const tests: string[] = [];
        const walk = (d: string) => {
            for (const e of fs.readdirSync(d, { withFileTypes: true }))
                if (e.isDirectory()) walk(path.join(d, e.name));
                else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts"))
                    tests.push(path.join(d, e.name));
        };
        walk(path.join(root, "test"));
        expect(tests).toContain(__filename);
        const warmed = new Set(tsCache.repoSources());
        expect(tests.filter((f) => !warmed.has(f))).toEqual([]);
    });
});
