/**
 * The V8 code cache (policy-pack/code-cache.js) the pack, the guard and the program child compile modules with:
 * a cached module behaves exactly as without the cache (exports, `this`, require, stack positions), a damaged or
 * rejected entry is ignored, and a changed source runs its new code even when its size and mtime are unchanged.
 * Each case runs in a fresh Node process, as the cache is process-wide.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const codeCachePath = path.resolve(__dirname, "../../policy-pack/code-cache.js");

interface Run {
    value: number;
    stack: string;
    self: unknown[];
    resolved: string;
    stats: { hits: number; misses: number; rejected: number; written: number } | undefined;
}

describe("V8 code cache", () => {
    let dir: string;
    let cacheDir: string;
    let mod: string;
    let driver: string;

    const source = (n: number) =>
        [
            '"use strict";',
            `exports.value = () => ${n} + 1;`,
            'exports.stack = () => new Error("x").stack.split("\\n")[1].trim();',
            "exports.self = function () {",
            "    return [typeof require, typeof require.resolve, require.cache === require('module')._cache, module.exports === exports, this === exports, path.basename(__filename), path.basename(__dirname)];", // prettier-ignore
            "};",
            "const path = require('path');",
            "exports.selfThis = this === exports;",
            "exports.resolved = require.resolve('./dep');",
            "",
        ].join("\n");

    function run(env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): Run {
        const r = spawnSync(process.execPath, [...nodeArgs, driver, cacheDir, mod], {
            encoding: "utf8",
            env: { ...process.env, HARDENED_CODE_CACHE: "1", ...env },
        });
        if (r.status !== 0) throw new Error(r.stderr);
        return JSON.parse(r.stdout) as Run;
    }

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "code-cache-"));
        cacheDir = path.join(dir, "cache");
        mod = path.join(dir, "mod.js");
        driver = path.join(dir, "driver.js");
        fs.writeFileSync(mod, source(41));
        fs.writeFileSync(path.join(dir, "dep.js"), "exports.dep = 1;\n");
        fs.writeFileSync(
            driver,
            [
                `const cc = require(${JSON.stringify(codeCachePath)});`,
                "const [cacheDir, mod] = process.argv.slice(2);",
                "cc.install({ dir: cacheDir, include: (f) => f === mod });",
                "const m = require(mod);",
                "cc.flush();",
                "process.stdout.write(JSON.stringify({ value: m.value(), stack: m.stack(), self: [...m.self(), m.selfThis], resolved: m.resolved, stats: cc.stats() }));", // prettier-ignore
            ].join("\n"),
        );
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const entries = () =>
        fs.existsSync(cacheDir)
            ? fs.readdirSync(cacheDir, { recursive: true }).filter((f) => String(f).endsWith(".bin"))
            : [];

    test("a module compiled from the cache behaves as without it", () => {
        const plain = run({ HARDENED_CODE_CACHE: "0" });
        expect(plain.stats).toBeUndefined();
        expect(entries()).toEqual([]);
        const first = run();
        expect(first.stats).toMatchObject({ hits: 0, misses: 1, written: 1 });
        expect(entries()).toHaveLength(1);
        const second = run();
        expect(second.stats).toMatchObject({ hits: 1, misses: 0, rejected: 0, written: 0 });
        for (const r of [first, second]) {
            expect({ ...r, stats: undefined }).toEqual({ ...plain, stats: undefined });
        }
        expect(plain.value).toBe(42);
        // the same line and column as Node's own loader gives
        expect(plain.stack).toMatch(/mod\.js:3:\d+\)$/);
        expect(plain.self).toEqual([
            "function",
            "function",
            true,
            true,
            true,
            "mod.js",
            path.basename(dir),
            true,
        ]);
        expect(plain.resolved).toBe(path.join(dir, "dep.js"));
    });

    test("processes that differ only in their preloads share entries; other Node flags do not", () => {
        const preload = path.join(dir, "preload.js");
        fs.writeFileSync(preload, "globalThis.preloaded = true;\n");
        expect(run({}, ["-r", preload]).stats).toMatchObject({ hits: 0, misses: 1, written: 1 });
        expect(run().stats).toMatchObject({ hits: 1, misses: 0 });
        expect(run({}, [`--require=${preload}`, "--require", preload]).stats).toMatchObject({
            hits: 1,
            misses: 0,
        });
        // A flag that is not a preload keys its own entries.
        expect(run({}, ["--stack-size=900"]).stats).toMatchObject({ hits: 0, misses: 1 });
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JavaScript module
        const cc = require(codeCachePath) as { execArgvKey(a: string[]): string };
        expect(
            cc.execArgvKey(["-r", "a.js", "--max-old-space-size=64", "--require", "b", "--require=c"]),
        ).toBe(JSON.stringify(["--max-old-space-size=64"]));
    });

    test("a changed source runs its new code, even with the same size and mtime", () => {
        const when = new Date("2026-01-01T00:00:00Z");
        fs.utimesSync(mod, when, when);
        const st = fs.statSync(mod);
        expect(run().value).toBe(42);
        expect(run().stats?.hits).toBe(1);
        fs.writeFileSync(mod, source(51));
        fs.utimesSync(mod, when, when);
        expect(fs.statSync(mod).size).toBe(st.size);
        expect(fs.statSync(mod).mtimeMs).toBe(st.mtimeMs);
        const changed = run();
        expect(changed.value).toBe(52);
        expect(changed.stats).toMatchObject({ hits: 0, misses: 1 });
        expect(run()).toMatchObject({ value: 52, stats: { hits: 1 } });
    });

    test("a damaged entry is ignored and replaced; the module behaves the same", () => {
        const plain = run({ HARDENED_CODE_CACHE: "0" });
        run();
        const [entry] = entries();
        const file = path.join(cacheDir, String(entry));
        const good = fs.readFileSync(file);
        const damaged = [
            Buffer.concat([good.subarray(0, good.length - 10), Buffer.from([good[good.length - 10] ^ 0xff]), good.subarray(good.length - 9)]), // prettier-ignore
            good.subarray(0, good.length - 1),
            good.subarray(0, 20),
            Buffer.alloc(0),
            Buffer.from("not a cache entry at all"),
        ];
        for (const d of damaged) {
            fs.writeFileSync(file, d);
            const r = run();
            expect({ ...r, stats: undefined }).toEqual({ ...plain, stats: undefined });
            expect(r.stats).toMatchObject({ hits: 0, misses: 1, written: 1 });
            // replaced by a good entry
            expect(run().stats).toMatchObject({ hits: 1 });
        }
    });

    test("an intact entry that V8 rejects is ignored and replaced", () => {
        const plain = run({ HARDENED_CODE_CACHE: "0" });
        run();
        const [entry] = entries();
        const file = path.join(cacheDir, String(entry));
        const good = fs.readFileSync(file);
        // A well-formed entry (right source hash and checksum) whose data is not V8's: only V8 can reject it.
        const crypto = jest.requireActual("crypto") as typeof import("crypto");
        const magicLength = good.indexOf(0) + 1;
        const garbage = Buffer.alloc(2000, 7);
        fs.writeFileSync(
            file,
            Buffer.concat([
                good.subarray(0, magicLength + 20),
                crypto.createHash("sha1").update(garbage).digest(),
                garbage,
            ]),
        );
        const r = run();
        expect({ ...r, stats: undefined }).toEqual({ ...plain, stats: undefined });
        expect(r.stats).toMatchObject({ hits: 0, rejected: 1, written: 1 });
        expect(run().stats).toMatchObject({ hits: 1, rejected: 0 });
    });

    test("HARDENED_CODE_CACHE=0 turns it off: nothing is read or written", () => {
        run({ HARDENED_CODE_CACHE: "0" });
        expect(fs.existsSync(cacheDir)).toBe(false);
    });
    test("a module loaded before a V8 flag change is cached under the flags it was compiled with", () => {
        // @pulumi/pulumi turns on --allow-natives-syntax while run-policy-pack loads: code cached after that carries
        // the new flags, which V8 rejects in the next process, where the module loads before the change again.
        const flagDriver = path.join(dir, "flag-driver.js");
        fs.writeFileSync(
            flagDriver,
            fs
                .readFileSync(driver, "utf8")
                .replace("const m = require(mod);", 'const m = require(mod); require("v8").setFlagsFromString("--allow-natives-syntax");'), // prettier-ignore
        );
        const runFlag = () => {
            const r = spawnSync(process.execPath, [flagDriver, cacheDir, mod], {
                encoding: "utf8",
                env: { ...process.env, HARDENED_CODE_CACHE: "1" },
            });
            if (r.status !== 0) throw new Error(r.stderr);
            return JSON.parse(r.stdout) as Run;
        };
        expect(runFlag().stats).toMatchObject({ hits: 0, misses: 1, written: 1 });
        expect(runFlag().stats).toMatchObject({ hits: 1, rejected: 0, written: 0 });
    });
});
