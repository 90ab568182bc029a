/**
 * Program mode, parent side: the program under test runs in its own child process (program-child.ts), in its own
 * process group, with its project directory as working directory and its Pulumi.yaml runtime options. The parent
 * alone writes the report and picks the exit code. The child must send exactly one result message over the IPC
 * channel and exit 0; a program that exits early, crashes, or writes to stdout ends the guard with exit 2.
 */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import { parseArgs } from "util";
import type { ProgramCapture, ProgramOptions } from "./capture";
import { GuardInputError } from "./model";
import { endGroup, trackGroup } from "./processes";
import { ProgramSpec, programSpec } from "./program-path";

const repoRoot = path.resolve(__dirname, "..");
const guardTsconfig = path.join(repoRoot, "tsconfig.json");

/**
 * How the child loads TypeScript. This repo's own programs (the blueprint, its fixtures) run from the compiled
 * JavaScript cache (scripts/ts-cache.js: only changed files are transpiled). Another project, or one whose
 * Pulumi.yaml names a tsconfig, runs under ts-node with that tsconfig, as `pulumi preview` runs it. Both load their
 * modules with the V8 code cache (policy-pack/code-cache.js): ts-cache-register.js installs it, and for ts-node
 * guard/program-code-cache.js is preloaded first.
 */
export function tsLoader(spec: { projectDir: string; tsconfig?: string }): {
    preloads: string[];
    env: NodeJS.ProcessEnv;
} {
    const inRepo = !path.relative(repoRoot, spec.projectDir).startsWith("..");
    if (inRepo && !spec.tsconfig)
        return { preloads: [path.join(repoRoot, "scripts", "ts-cache-register.js")], env: {} };
    return {
        // The V8 code cache first, so that it covers TypeScript, which ts-node loads as it registers.
        preloads: [path.join(__dirname, "program-code-cache.js"), require.resolve("ts-node/register")],
        env: { TS_NODE_PROJECT: spec.tsconfig ?? guardTsconfig, TS_NODE_TRANSPILE_ONLY: "true" },
    };
}

type ChildMessage =
    ({ kind: "result" } & ProgramCapture) | { kind: "error"; user: boolean; message: string; stack?: string };

function preview(bytes: string): string {
    const s = bytes.trim().split("\n")[0];
    return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
}

/**
 * A started program child and everything it did so far: it records its output, messages and exit from the moment
 * it is spawned, so a child started early (`prestartProgram`) loses nothing before the capture takes it.
 */
interface ChildSession {
    child: ChildProcess;
    /** What the child was started with: a prestarted child is used only for exactly the same. */
    key: string;
    stdout: string;
    messages: ChildMessage[];
    /** stderr lines so far (while no log is attached) and the unfinished last line. */
    lines: string[];
    errTail: string;
    log?: (l: string) => void;
    closed?: { code: number | null; signal: NodeJS.Signals | null };
    spawnError?: Error;
    onClose?: () => void;
}

/** The child's Node arguments: the program's nodeargs, the loader's preloads, program-child.ts. */
function childArgs(spec: ProgramSpec, loader: ReturnType<typeof tsLoader>): string[] {
    return [
        ...spec.nodeArgs,
        ...loader.preloads.flatMap((p) => ["-r", p]),
        path.join(__dirname, "program-child.ts"),
    ];
}

function startChild(spec: ProgramSpec): ChildSession {
    const loader = tsLoader(spec);
    const args = childArgs(spec, loader);
    const child = spawn(process.execPath, args, {
        cwd: spec.projectDir,
        env: { ...process.env, ...loader.env },
        stdio: ["ignore", "pipe", "pipe", "ipc"],
        detached: true,
    });
    trackGroup(child.pid);
    const s: ChildSession = {
        child,
        key: JSON.stringify([spec.projectDir, args, loader.env]),
        stdout: "",
        messages: [],
        lines: [],
        errTail: "",
    };
    child.stdout!.on("data", (d) => {
        s.stdout += String(d);
    });
    child.stderr!.on("data", (d) => {
        const lines = (s.errTail + String(d)).split("\n");
        s.errTail = lines.pop() ?? "";
        for (const l of lines) (s.log ?? ((x: string) => s.lines.push(x)))(l);
    });
    child.on("message", (m) => s.messages.push(m as ChildMessage));
    child.on("error", (e) => {
        s.spawnError ??= e;
    });
    child.on("close", (code, signal) => {
        s.closed = { code, signal };
        s.onClose?.();
    });
    return s;
}

let prestarted: ChildSession | undefined;

/** How often a prestarted child was used, and ended unused (for tests). */
export const prestartStats = { used: 0, ended: 0 };

/** The pid of the prestarted child not yet taken (for tests). */
export function prestartedPid(): number | undefined {
    return prestarted?.child.pid;
}

/**
 * Starts the program child for a guard run before the guard has loaded the rest of itself, so that the child's
 * start-up (Node, the SDK, the capture code) overlaps with the guard's. `args` are the guard's arguments; only a
 * program run is guessed (no --manifests, --state, --help, --version). The guess is never trusted: the capture uses
 * this child only when it would start exactly the same one (same project directory, Node arguments and loader),
 * and the program receives its parameters only then; otherwise the child is ended and a new one started. A child
 * that is never used is ended with every other the guard started, when it exits.
 */
export function prestartProgram(args: string[], defaultProgram: string): void {
    try {
        const { values } = parseArgs({
            args,
            strict: false,
            allowPositionals: true,
            options: {
                program: { type: "string" },
                manifests: { type: "boolean" },
                state: { type: "string" },
                help: { type: "boolean", short: "h" },
                version: { type: "boolean" },
            },
        });
        if (values.manifests || values.state || values.help || values.version) return;
        const program = typeof values.program === "string" ? values.program : defaultProgram;
        prestarted = startChild(programSpec(program));
    } catch {
        // A wrong or unreadable --program: the guard reports it in its own words.
    }
}

/** The prestarted child if it is the one `spec` needs and still running; otherwise it is ended. */
function takePrestarted(key: string): ChildSession | undefined {
    const p = prestarted;
    prestarted = undefined;
    if (!p) return undefined;
    if (p.key === key && !p.closed && !p.spawnError && p.stdout === "" && p.messages.length === 0) {
        prestartStats.used++;
        return p;
    }
    endGroup(p.child.pid);
    prestartStats.ended++;
    return undefined;
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
        ...(opts.invokeOverrides ? { invokeOverrides: opts.invokeOverrides } : {}),
    };
    const loader = tsLoader(spec);
    const key = JSON.stringify([spec.projectDir, childArgs(spec, loader), loader.env]);
    const s = takePrestarted(key) ?? startChild(spec);
    const child = s.child;
    try {
        return await new Promise<ProgramCapture>((resolve, reject) => {
            const settle = () => {
                if (s.spawnError)
                    return reject(new GuardInputError(`cannot start the program: ${s.spawnError.message}`));
                const { code, signal } = s.closed!;
                if (s.errTail) log(s.errTail);
                if (s.stdout)
                    return reject(
                        new GuardInputError(
                            `the program wrote to stdout (${preview(s.stdout)}); only the guard writes its report`,
                        ),
                    );
                if (s.messages.length > 1)
                    return reject(
                        new GuardInputError(
                            "the program sent messages on the guard's result channel; refused",
                        ),
                    );
                const m = s.messages[0];
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
            };
            // What the child wrote to stderr before the capture took it, then the rest as it comes.
            for (const l of s.lines.splice(0)) log(l);
            s.log = log;
            if (s.closed || s.spawnError) return settle();
            s.onClose = settle;
            child.on("error", () => {
                if (!s.closed) {
                    // The child could not start: no close event may follow.
                    s.closed = { code: null, signal: null };
                    settle();
                }
            });
            // The parameters go over the IPC channel: the child waits for them before loading the program.
            try {
                child.send({ kind: "params", params }, (e) => {
                    if (e) log(`guard: could not send the program its parameters: ${e.message}`);
                });
            } catch {
                // The child is gone: its close event reports it.
            }
        });
    } finally {
        endGroup(child.pid);
    }
}
