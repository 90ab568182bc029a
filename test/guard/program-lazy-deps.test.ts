/**
 * The program's process loads TypeScript and @npmcli/arborist, which @pulumi/pulumi needs only to serialise
 * functions, when they are first used (guard/program-lazy-deps.ts). Each case runs in a fresh Node process: with the
 * stand-ins, loading the SDK loads neither, and serialising a function or computing code paths (which use them)
 * gives exactly what it gives without the stand-ins.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "../..");

interface Run {
    before: { ts: boolean; arborist: boolean };
    after: { ts: boolean; arborist: boolean };
    text: string;
    paths: string[];
    lazy: string[];
}

describe("lazily loaded SDK dependencies in the program's process", () => {
    let dir: string;
    let script: string;
    beforeAll(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "lazy-deps-"));
        // A project with one dependency, for computeCodePaths (which reads the package tree with arborist).
        fs.writeFileSync(
            path.join(dir, "package.json"),
            JSON.stringify({ name: "p", version: "1.0.0", dependencies: { dep: "1.0.0" } }),
        );
        fs.mkdirSync(path.join(dir, "node_modules", "dep"), { recursive: true });
        fs.writeFileSync(
            path.join(dir, "node_modules", "dep", "package.json"),
            JSON.stringify({ name: "dep", version: "1.0.0" }),
        );
        fs.writeFileSync(path.join(dir, "node_modules", "dep", "index.js"), "module.exports = 1;\n");
        script = path.join(dir, "run.js");
        fs.writeFileSync(
            script,
            [
                'const path = require("path");',
                "const [root, mode] = process.argv.slice(2);",
                'const deps = require(path.join(root, "guard/program-lazy-deps.ts"));',
                'if (mode === "lazy") deps.installLazyPulumiDeps();',
                'const pulumi = require(path.join(root, "node_modules/@pulumi/pulumi"));',
                "const loaded = () => {",
                "    const keys = Object.keys(require.cache);",
                '    return { ts: keys.some((k) => k.endsWith(path.join("typescript", "lib", "typescript.js"))), arborist: keys.some((k) => k.includes(path.join("@npmcli", "arborist", "lib"))) };', // prettier-ignore
                "};",
                "const before = loaded();",
                "const y = 2;",
                "(async () => {",
                "    const sf = await pulumi.runtime.serializeFunction(function f(x) { return x + y; });",
                "    const paths = await pulumi.runtime.computeCodePaths();",
                "    process.stdout.write(JSON.stringify({ before, after: loaded(), text: sf.text, paths: [...paths.keys()].sort(), lazy: deps.lazyLoaded })); // prettier-ignore",
                "})().catch((e) => { console.error(e); process.exit(1); });",
            ].join("\n"),
        );
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    const run = (mode: "lazy" | "eager"): Run => {
        const r = spawnSync(
            process.execPath,
            ["-r", path.join(root, "scripts/ts-cache-register.js"), script, root, mode],
            { cwd: dir, encoding: "utf8" },
        );
        if (r.status !== 0) throw new Error(r.stderr);
        return JSON.parse(r.stdout) as Run;
    };

    test("the SDK loads without them; serialising a function and computing code paths load them and work the same", () => {
        const eager = run("eager");
        const lazy = run("lazy");
        expect(eager.before).toEqual({ ts: true, arborist: true });
        expect(lazy.before).toEqual({ ts: false, arborist: false });
        expect(lazy.after).toEqual({ ts: true, arborist: true });
        expect(lazy.lazy.sort()).toEqual(["../../typescript-shim", "@npmcli/arborist"]);
        expect(lazy.text).toBe(eager.text);
        expect(lazy.text).toContain("return x + y;");
        expect(lazy.paths).toEqual(eager.paths);
        expect(lazy.paths.some((p) => p.includes(path.join("node_modules", "dep")))).toBe(true);
    });

    test("other modules' requires of the same names get the real modules", () => {
        const r = spawnSync(
            process.execPath,
            [
                "-r",
                path.join(root, "scripts/ts-cache-register.js"),
                "-e",
                `require(${JSON.stringify(path.join(root, "guard/program-lazy-deps.ts"))}).installLazyPulumiDeps();
                 const ts = require(${JSON.stringify(path.join(root, "node_modules/@pulumi/pulumi/typescript-shim"))});
                 const arb = require(${JSON.stringify(path.join(root, "node_modules/@npmcli/arborist"))});
                 process.stdout.write(JSON.stringify([typeof ts.createSourceFile, typeof arb, typeof arb.Arborist]));`,
            ],
            { cwd: root, encoding: "utf8" },
        );
        expect(r.stderr).toBe("");
        expect(JSON.parse(r.stdout)).toEqual(["function", "function", "function"]);
    });
});
