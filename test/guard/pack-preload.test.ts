/**
 * guard/pack-preload.js: the guard starts every policy pack with the V8 code cache already installed, so what
 * run-policy-pack loads before the pack's own main.js (TypeScript, the SDK) compiles from the cache too, and the
 * entries are written once the pack has printed its port (the guard ends packs with SIGKILL, no exit hook runs).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { packPreload } from "../../guard/analyzer";

const root = path.resolve(__dirname, "../..");
const preload = path.join(root, "guard", "pack-preload.js");

describe("the pack's code-cache preload", () => {
    const saved = process.env.HARDENED_CODE_CACHE;
    afterEach(() => {
        if (saved === undefined) delete process.env.HARDENED_CODE_CACHE;
        else process.env.HARDENED_CODE_CACHE = saved;
    });

    test("the guard starts packs with it, unless the code cache is turned off", () => {
        delete process.env.HARDENED_CODE_CACHE;
        expect(packPreload()).toBe(preload);
        process.env.HARDENED_CODE_CACHE = "0";
        expect(packPreload()).toBeUndefined();
    });

    test("a module loaded before the port is printed is cached, and served from the cache the next time", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-preload-"));
        try {
            // A stand-in for run-policy-pack: loads a module, prints its port, then lives on a little (as a pack
            // does until the guard kills it); the stats come from the same code-cache instance the preload installed.
            const mod = path.join(dir, `mod-${process.pid}-${Date.now()}.js`);
            fs.writeFileSync(mod, "exports.answer = () => 42;\n");
            const main = path.join(dir, "main.js");
            const cc = JSON.stringify(path.join(root, "policy-pack", "code-cache.js"));
            fs.writeFileSync(
                main,
                [
                    `const answer = require(${JSON.stringify(mod)}).answer();`,
                    "console.log('12345');",
                    `setTimeout(() => process.stderr.write(JSON.stringify({ answer, stats: require(${cc}).stats() })), 50);`,
                ].join("\n"),
            );
            const run = () => {
                const r = spawnSync(process.execPath, ["--require", preload, main], {
                    encoding: "utf8",
                    env: { ...process.env, HARDENED_CODE_CACHE: "1" },
                });
                expect(r.status).toBe(0);
                expect(r.stdout).toBe("12345\n");
                return JSON.parse(r.stderr) as { answer: number; stats: Record<string, number> };
            };
            const first = run();
            expect(first).toMatchObject({ answer: 42, stats: { hits: 0, pending: 0 } });
            expect(first.stats.written).toBeGreaterThanOrEqual(2); // main.js and the module
            expect(run()).toMatchObject({ answer: 42, stats: { rejected: 0, misses: 0, written: 0 } });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
