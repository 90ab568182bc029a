/**
 * scripts/typecheck.js (npm test's type-check) on a small project: it builds exactly what `tsc -p tsconfig.build.json`
 * builds (same files, byte for byte), reports the errors of both programs as tsc does, each once, and records the
 * build; scripts/build-stamp.js then says the outputs are fresh only while every input, option, root file and output
 * is as recorded (what test/build/consumer.test.ts relies on to skip prepack's build).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { typecheck } = require("../../scripts/typecheck") as {
    typecheck(o: {
        root: string;
        stampFile?: string;
        out?: (s: string) => void;
        libFiles?: Map<string, unknown>;
    }): number;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stamp = require("../../scripts/build-stamp") as {
    check(file: string, t: typeof ts): { fresh: boolean; reason?: string };
};

/** A project shaped like this repo's: sources built with declarations, tests beside, both extending tsconfig.json. */
function project(files: Record<string, string> = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blueprint-typecheck-"));
    const all: Record<string, string> = {
        "tsconfig.json": JSON.stringify({
            compilerOptions: {
                target: "ES2022",
                module: "commonjs",
                lib: ["ES2022"],
                types: [],
                strict: true,
                isolatedModules: true,
                esModuleInterop: true,
                resolveJsonModule: true,
                sourceMap: true,
                noEmit: true,
            },
            include: ["src/**/*.ts", "test/**/*.ts"],
        }),
        "tsconfig.build.json": JSON.stringify({
            extends: "./tsconfig.json",
            compilerOptions: { noEmit: false, declaration: true, outDir: "bin" },
            include: ["src/**/*.ts"],
        }),
        "src/a.ts":
            'import data from "./data.json";\nexport const size = (x: string) => ({ n: x.length, data });\n',
        "src/data.json": '{ "k": 1 }\n',
        "test/a.test.ts": 'import { size } from "../src/a";\nexport const n: number = size("x").n;\n',
        ...files,
    };
    for (const [f, text] of Object.entries(all)) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.writeFileSync(path.join(dir, f), text);
    }
    return dir;
}

function listFiles(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true }))
            if (e.isDirectory()) walk(path.join(d, e.name));
            else
                out[path.relative(dir, path.join(d, e.name))] = fs.readFileSync(path.join(d, e.name), "utf8");
    };
    if (fs.existsSync(dir)) walk(dir);
    return out;
}

// TypeScript's lib files, parsed once for every project of this file.
const libFiles = new Map<string, unknown>();

function check(dir: string) {
    let out = "";
    const stampFile = path.join(dir, "stamp.json");
    const code = typecheck({ root: dir, stampFile, out: (s) => (out += s), libFiles });
    return { code, out, stampFile };
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const fresh = (stampFile: string) => stamp.check(stampFile, ts);

test("builds what tsc -p tsconfig.build.json builds, byte for byte, and records it as fresh", () => {
    const dir = project();
    const twin = project();
    dirs.push(dir, twin);
    const r = check(dir);
    expect(r.out).toBe("");
    expect(r.code).toBe(0);
    const tsc = spawnSync(
        process.execPath,
        [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"],
        {
            cwd: twin,
            encoding: "utf8",
        },
    );
    expect(tsc.stdout + tsc.stderr).toBe("");
    const built = listFiles(path.join(dir, "bin"));
    expect(Object.keys(built).sort()).toEqual(["a.d.ts", "a.js", "a.js.map", "data.json"]);
    expect(built).toEqual(listFiles(path.join(twin, "bin")));
    expect(fresh(r.stampFile)).toEqual({ fresh: true });
    // TypeScript's lib files went to the shared store, and only those.
    const kept = [...libFiles.keys()];
    expect(kept.some((k) => k.includes("lib.es2022.d.ts"))).toBe(true);
    expect(kept.filter((k) => k.startsWith(dir))).toEqual([]);
});

test("any change to an input, a root file, an option or an output makes the record stale; undone, fresh again", () => {
    const dir = project();
    dirs.push(dir);
    const { stampFile } = check(dir);
    const edit = (f: string, text: string | undefined, reason: RegExp) => {
        const file = path.join(dir, f);
        const before = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
        if (text === undefined) fs.rmSync(file);
        else fs.writeFileSync(file, text);
        const v = fresh(stampFile);
        expect(v.fresh).toBe(false);
        expect(v.reason).toMatch(reason);
        if (before === undefined) fs.rmSync(file);
        else fs.writeFileSync(file, before);
        expect(fresh(stampFile)).toEqual({ fresh: true });
    };
    edit("src/a.ts", "export const size = 1;\n", /src\/a\.ts changed/);
    edit("src/data.json", '{ "k": 2 }\n', /data\.json changed/);
    edit("src/b.ts", "export const b = 1;\n", /other root files/);
    edit("bin/a.d.ts", "export {};\n", /bin\/a\.d\.ts changed/);
    edit("bin/a.js", undefined, /bin\/a\.js changed/);
    edit("src/package.json", "{}", /src\/package\.json changed/);
    edit(
        "tsconfig.build.json",
        JSON.stringify({
            extends: "./tsconfig.json",
            compilerOptions: { noEmit: false, declaration: true, outDir: "bin", removeComments: true },
            include: ["src/**/*.ts"],
        }),
        /other compiler options/,
    );
    // A lib file of TypeScript is an input as well.
    const rec = JSON.parse(fs.readFileSync(stampFile, "utf8"));
    expect(Object.keys(rec.inputs).some((f) => f.endsWith("lib.es2022.d.ts"))).toBe(true);
});

test("an error in the build fails it, is reported once, and leaves no record to reuse", () => {
    const dir = project({ "src/a.ts": "export const n: number = 'x';\n" });
    dirs.push(dir);
    const r = check(dir);
    expect(r.code).toBe(1);
    expect(r.out.match(/error TS2322/g)).toHaveLength(1);
    expect(r.out).toMatch(
        /^src\/a\.ts\(1,14\): error TS2322: Type 'string' is not assignable to type 'number'\./m,
    );
    expect(fresh(r.stampFile)).toEqual({ fresh: false, reason: "the build failed" });
});

test("an error outside the build fails the check; the build is still recorded", () => {
    const dir = project({
        "test/a.test.ts": 'import { size } from "../src/a";\nexport const n: string = size("x").n;\n',
    });
    dirs.push(dir);
    const r = check(dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
        /^test\/a\.test\.ts\(2,14\): error TS2322: Type 'number' is not assignable to type 'string'\./m,
    );
    expect(fresh(r.stampFile)).toEqual({ fresh: true });
});

test("the sources are checked with the build's options, not the wider ones of tsconfig.json", () => {
    // A global that only the full program declares (as @types/jest does for the tests).
    const dir = project({
        "test/globals.d.ts": "declare const onlyInTests: number;\n",
        "src/a.ts": "export const n: number = onlyInTests;\n",
    });
    dirs.push(dir);
    const r = check(dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^src\/a\.ts\(1,26\): error TS2304: Cannot find name 'onlyInTests'\./m);
});
