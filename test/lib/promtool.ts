/**
 * promtool for the alert-rule tests, on a fresh machine too: when it is not on PATH and the tests run as root with
 * apt available, Debian's `prometheus` package is installed here (non-interactive); otherwise the suite fails at
 * once with one line naming the command to run. The tests never skip.
 */
import { spawnSync } from "child_process";

/** The command a user without root (or without apt) must run. */
export const installCommand = "sudo apt-get update && sudo apt-get install -y prometheus";

/** A failure meant for the user: one line, no stack. */
export class SetupError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "SetupError";
        this.stack = `${this.name}: ${message}`;
    }
}

export interface PromtoolHost {
    /** Absolute path of `cmd` on PATH, or undefined. */
    which(cmd: string): string | undefined;
    isRoot(): boolean;
    /** Runs a command with the given extra environment; returns its exit code and the tail of its output. */
    run(cmd: string, args: string[], env: Record<string, string>): { code: number; tail: string };
}

export const systemHost: PromtoolHost = {
    which(cmd) {
        const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
        const p = r.stdout?.trim();
        return r.status === 0 && p ? p : undefined;
    },
    isRoot: () => typeof process.getuid === "function" && process.getuid() === 0,
    run(cmd, args, env) {
        const r = spawnSync(cmd, args, {
            encoding: "utf8",
            env: { ...process.env, ...env },
            maxBuffer: 64 * 1024 * 1024,
        });
        const out = `${r.stdout ?? ""}\n${r.stderr ?? ""}`.trim().split("\n");
        return { code: r.status ?? -1, tail: out.slice(-3).join(" | ") };
    },
};

/** Path of promtool, installing Debian's `prometheus` package first when that is possible. */
export function ensurePromtool(
    host: PromtoolHost = systemHost,
    log = (l: string) => process.stderr.write(`${l}\n`),
): string {
    const found = host.which("promtool");
    if (found) return found;
    if (!host.isRoot() || !host.which("apt-get"))
        throw new SetupError(
            `promtool not found on PATH; the alert-rule tests need the real tool: run \`${installCommand}\` (Debian's prometheus package), then npm test again`,
        );
    log(
        "promtool not found: installing Debian's prometheus package (apt-get update && apt-get install -y prometheus)",
    );
    const env = { DEBIAN_FRONTEND: "noninteractive" };
    for (const args of [
        ["update", "-qq"],
        ["install", "-y", "-qq", "--no-install-recommends", "prometheus"],
    ]) {
        const r = host.run("apt-get", args, env);
        if (r.code !== 0)
            throw new SetupError(
                `apt-get ${args[0]} failed (exit ${r.code}: ${r.tail}); install promtool yourself: \`${installCommand}\``,
            );
    }
    const installed = host.which("promtool");
    if (!installed)
        throw new SetupError(
            `the prometheus package installed no promtool on PATH; install it yourself: \`${installCommand}\``,
        );
    return installed;
}
