// test/lib/shared-runs.ts: one computation per key and Jest run, whoever asks first; never a wait on a caller that
// has gone; no sharing at all outside a run's directory.
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { shared } from "../lib/shared-runs";

const ENV = "BLUEPRINT_TEST_SHARED_RUNS";
const runDir = process.env[ENV];
let tmp: string;
beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "blueprint-shared-test-"));
    process.env[ENV] = tmp;
});
afterEach(() => {
    process.env[ENV] = runDir;
    fs.rmSync(tmp, { recursive: true, force: true });
});

const counter = () => {
    const c = { calls: 0, compute: async () => ({ n: ++c.calls, at: "x" }) };
    return c;
};

test("this Jest run has its directory (made by global-setup.js, inherited by the workers)", () => {
    expect(runDir).toBeTruthy();
    expect(fs.statSync(runDir!).isDirectory()).toBe(true);
});

test("concurrent callers of one key: computed once, everyone gets the same value", async () => {
    const c = counter();
    const slow = async () => {
        await new Promise((r) => setTimeout(r, 300));
        return c.compute();
    };
    const values = await Promise.all([shared("k", slow), shared("k", slow), shared("k", slow)]);
    expect(c.calls).toBe(1);
    expect(values).toEqual([
        { n: 1, at: "x" },
        { n: 1, at: "x" },
        { n: 1, at: "x" },
    ]);
    expect(await shared("k", c.compute)).toEqual({ n: 1, at: "x" });
    // Another key is another computation.
    expect(await shared(["k", 2], c.compute)).toEqual({ n: 2, at: "x" });
});

test("no run directory: every caller computes", async () => {
    delete process.env[ENV];
    const c = counter();
    await shared("k", c.compute);
    await shared("k", c.compute);
    expect(c.calls).toBe(2);
});

test("a key locked by a process that has gone is computed by the caller", async () => {
    const gone = spawnSync(process.execPath, ["-e", "0"]).pid;
    const id = createHash("sha256").update(JSON.stringify("k")).digest("hex").slice(0, 32);
    fs.writeFileSync(path.join(tmp, `${id}.lock`), String(gone));
    const c = counter();
    expect(await shared("k", c.compute, 60_000)).toEqual({ n: 1, at: "x" });
    expect(c.calls).toBe(1);
});

test("a failed computation is not shared: the next caller computes again", async () => {
    await expect(
        shared("k", async () => {
            throw new Error("boom");
        }),
    ).rejects.toThrow("boom");
    const c = counter();
    expect(await shared("k", c.compute)).toEqual({ n: 1, at: "x" });
});
