/**
 * Program mode, parent side: the program under test runs in its own child process (program-child.ts), in its own
 * process group, with its project directory as working directory and its Pulumi.yaml runtime options. The parent
 * alone writes the report and picks the exit code. The child must send exactly one result message over the IPC
 * channel and exit 0; a program that exits early, crashes, or writes to stdout ends the guard with exit 2.
 */
import { spawn } from "child_process";
import * as path from "path";
import type { ProgramCapture, ProgramOptions } from "./capture";
import { GuardInputError } from "./model";
import { endGroup, trackGroup } from "./processes";
import { programSpec } from "./program-path";

const repoRoot = path.resolve(__dirname, "..");
const guardTsconfig = path.join(repoRoot, "tsconfig.json");

/**
 * How the child loads TypeScript. This repo's own programs (the blueprint, its fixtures) run from the compiled
 * JavaScript cache (scripts/ts-cache.js: only changed files are transpiled). Another project, or one whose
 * Pulumi.yaml names a tsconfig, runs under ts-node with that tsconfig, as `pulumi preview` runs it.
 */
function tsLoader(spec: { projectDir: string; tsconfig?: string }): {
    preload: string;
    env: NodeJS.ProcessEnv;
} {
    const inRepo = !path.relative(repoRoot, spec.projectDir).startsWith("..");
    if (inRepo && !spec.tsconfig)
        return { preload: path.join(repoRoot, "scripts", "ts-cache-register.js"), env: {} };
    return {
        preload: require.resolve("ts-node/register"),
        env: { TS_NODE_PROJECT: spec.tsconfig ?? guardTsconfig, TS_NODE_TRANSPILE_ONLY: "true" },
    };
}

type ChildMessage =
    ({ kind: "result" } & ProgramCapture) | { kind: "error"; user: boolean; message: string; stack?: string };

function preview(bytes: string): string {
    const s = bytes.trim().split("\n")[0];
    return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
}

export async function captureProgramInChild(opts: ProgramOptions): Promise<ProgramCapture> {
    const spec = programSpec(opts.program);
    const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
    const params = {
        program: spec.target,
        project: opts.project,
        stack: opts.stack,
        config: opts.config,
        secretKeys: opts.secretKeys,
    };
    const loader = tsLoader(spec);
    const child = spawn(
        process.execPath,
        [...spec.nodeArgs, "-r", loader.preload, path.join(__dirname, "program-child.ts")],
        {
            cwd: spec.projectDir,
            env: {
                ...process.env,
                GUARD_PROGRAM_PARAMS: JSON.stringify(params),
                ...loader.env,
            },
            stdio: ["ignore", "pipe", "pipe", "ipc"],
            detached: true,
        },
    );
    trackGroup(child.pid);
    try {
        return await new Promise<ProgramCapture>((resolve, reject) => {
            const messages: ChildMessage[] = [];
            let stdout = "";
            let errTail = "";
            child.stdout!.on("data", (d) => {
                stdout += String(d);
            });
            child.stderr!.on("data", (d) => {
                const text = errTail + String(d);
                const lines = text.split("\n");
                errTail = lines.pop() ?? "";
                for (const l of lines) log(l);
            });
            child.on("message", (m) => messages.push(m as ChildMessage));
            child.on("error", (e) => reject(new GuardInputError(`cannot start the program: ${e.message}`)));
            child.on("close", (code, signal) => {
                if (errTail) log(errTail);
                if (stdout)
                    return reject(
                        new GuardInputError(
                            `the program wrote to stdout (${preview(stdout)}); only the guard writes its report`,
                        ),
                    );
                if (messages.length > 1)
                    return reject(
                        new GuardInputError(
                            "the program sent messages on the guard's result channel; refused",
                        ),
                    );
                const m = messages[0];
                if (m?.kind === "error") {
                    if (m.stack) log(m.stack);
                    return reject(
                        new GuardInputError(m.user ? m.message : `the program failed: ${m.message}`),
                    );
                }
                if (signal) return reject(new GuardInputError(`the program was killed by ${signal}`));
                if (!m || code !== 0)
                    return reject(
                        new GuardInputError(
                            `the program exited (code ${code}) before the guard captured it; a crash or process.exit() in the program is not a preview`,
                        ),
                    );
                resolve({ resources: m.resources, warnings: m.warnings, findings: m.findings });
            });
        });
    } finally {
        endGroup(child.pid);
    }
}
