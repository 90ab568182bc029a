// Running the guard CLI as a child process, and counting the processes it leaves behind.
import { spawn } from "child_process";
import { randomUUID } from "crypto";
import * as fs from "fs";
import * as path from "path";

export const root = path.join(__dirname, "../..");
export const fx = (...p: string[]) => path.join("test/fixtures", ...p);

export interface GuardRun {
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
    /** Marker put in the guard's environment: every process it starts inherits it. */
    marker: string;
    ms: number;
}

/**
 * Runs `node guard/bin.js args`, with a unique marker in its environment. `during` is called once the guard runs
 * (with its pid and marker), e.g. to send it a signal.
 */
export function runGuardCli(
    args: string[],
    opts: { during?: (pid: number, marker: string) => void; killAfterMs?: number } = {},
): Promise<GuardRun> {
    const marker = randomUUID();
    const t0 = Date.now();
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [path.join(root, "guard/bin.js"), ...args], {
            cwd: root,
            env: { ...process.env, GUARD_TEST_MARKER: marker },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += String(d)));
        child.stderr.on("data", (d) => (stderr += String(d)));
        const guardKill = setTimeout(() => child.kill("SIGKILL"), opts.killAfterMs ?? 150_000);
        child.on("close", (code, signal) => {
            clearTimeout(guardKill);
            resolve({ code, signal, stdout, stderr, marker, ms: Date.now() - t0 });
        });
        if (opts.during && child.pid) opts.during(child.pid, marker);
    });
}

/** Live (non-zombie) processes whose environment carries the marker, as "pid cmdline". */
export function markedProcesses(marker: string): string[] {
    const out: string[] = [];
    for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
        try {
            const env = fs.readFileSync(`/proc/${pid}/environ`, "utf8");
            if (!env.includes(`GUARD_TEST_MARKER=${marker}`)) continue;
            const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim();
            if (cmd) out.push(`${pid} ${cmd}`);
        } catch {
            // gone, or not ours to read
        }
    }
    return out;
}

/** Processes with the marker after a short grace period (a SIGKILLed group may take a moment to be reaped). */
export async function leftBehind(marker: string): Promise<string[]> {
    for (let i = 0; i < 20; i++) {
        const left = markedProcesses(marker);
        if (left.length === 0) return left;
        await new Promise((r) => setTimeout(r, 100));
    }
    return markedProcesses(marker);
}

/** Polls until a process with the marker whose command line matches `rx` exists. */
export async function waitForProcess(marker: string, rx: RegExp, timeoutMs = 60_000): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
        if (markedProcesses(marker).some((p) => rx.test(p))) return true;
        await new Promise((r) => setTimeout(r, 200));
    }
    return false;
}

/** Kills whatever a failed test left (so that one failure does not leak into the machine). */
export function killMarked(marker: string): void {
    for (const p of markedProcesses(marker)) {
        try {
            process.kill(Number(p.split(" ")[0]), "SIGKILL");
        } catch {
            // already gone
        }
    }
}
