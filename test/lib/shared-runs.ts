/**
 * Results shared by the test files of one Jest run, e.g. guard CLI runs. Several files only inspect what the same run captured
 * (`guard --json` on the default stack, or with cluster.mode=existing): the first file to ask runs the CLI, as
 * before; the others wait for and read its exit code, stdout and stderr. The results live in the directory that
 * test/jest/global-setup.js makes for the run and global-teardown.js removes (never in the repo, never kept across
 * runs, so a result is always of the sources under test). Without that directory, or when the file running it has
 * died, a caller simply runs the CLI itself.
 */
import { spawn } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

const root = path.join(__dirname, "../..");

export interface CliRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** `node guard/bin.js ...args` from the repo root, in its own process (killed after `timeoutMs`). */
export function runGuardCliProcess(args: string[], timeoutMs = 300_000): Promise<CliRun> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [path.join(root, "guard/bin.js"), ...args], {
            cwd: root,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        // Decoded as a stream: a character split between two chunks stays whole.
        child.stdout.setEncoding("utf8");
        child.stderr.setEncoding("utf8");
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        child.on("error", reject);
        child.on("close", (code) => {
            clearTimeout(timer);
            resolve({ code, stdout, stderr });
        });
    });
}

const alive = (pid: number) => {
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        return (e as NodeJS.ErrnoException).code === "EPERM";
    }
};

/**
 * `compute()`'s result, shared by every test file of this Jest run that asks for the same key (JSON-serialisable
 * results only): the first caller computes it while the others wait, then everyone reads the same JSON.
 */
export async function shared<T>(key: unknown, compute: () => Promise<T>, timeoutMs = 300_000): Promise<T> {
    const dir = process.env.BLUEPRINT_TEST_SHARED_RUNS;
    if (!dir || !fs.existsSync(dir)) return compute();
    const id = createHash("sha256").update(JSON.stringify(key)).digest("hex").slice(0, 32);
    const result = path.join(dir, `${id}.json`);
    const lock = path.join(dir, `${id}.lock`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        if (fs.existsSync(result)) return JSON.parse(fs.readFileSync(result, "utf8")) as T;
        let fd: number | undefined;
        try {
            fd = fs.openSync(lock, "wx");
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        }
        if (fd !== undefined) {
            fs.writeSync(fd, String(process.pid));
            fs.closeSync(fd);
            let value: T;
            try {
                value = await compute();
            } catch (e) {
                // Failed: the next caller tries again.
                fs.rmSync(lock, { force: true });
                throw e;
            }
            const tmp = `${result}.${process.pid}.tmp`;
            fs.writeFileSync(tmp, JSON.stringify(value));
            fs.renameSync(tmp, result);
            return JSON.parse(fs.readFileSync(result, "utf8")) as T;
        }
        // Another caller computes it: wait, unless its process has gone (then compute it here, unshared).
        const owner = Number(fs.readFileSync(lock, "utf8") || "0");
        if ((owner && !alive(owner)) || Date.now() > deadline) {
            if (fs.existsSync(result)) continue;
            return compute();
        }
        await new Promise((r) => setTimeout(r, 200));
    }
}

/** The run of `guard ...args`, shared with every other test file of this Jest run that asks for the same args. */
export function sharedGuardCli(args: string[], timeoutMs = 300_000): Promise<CliRun> {
    return shared(["guard", args], () => runGuardCliProcess(args, timeoutMs), timeoutMs);
}
