/**
 * Guard wall time: the offline preview over the blueprint, each run in a fresh process (bench/guard-once.ts, which
 * starts like `npm run guard`: node + ts-node transpile-only + runGuard). Wall time is measured from spawn to exit
 * by this process; the split comes from the guard's own timings: start-up (node, ts-node, guard modules, before
 * runGuard), capture (program run under the mock monitor; the pack starts in parallel), policy (waiting for the
 * pack if it is still starting, Configure, Analyze x N, AnalyzeStack), and the rest (exit, JSON output).
 */
import { spawn } from "child_process";
import * as path from "path";
import { GraphNode } from "./critical-path";
import { Summary, median, nowMs, summarize } from "./stats";

export const repoRoot = path.join(__dirname, "..");

export interface GuardOnceOutput {
    startupMs: number;
    timings: { captureMs: number; policyMs: number; totalMs: number };
    resources: number;
    customResources: number;
    violations: number;
    mandatoryViolations: number;
    policyPack: { name: string; version: string; policies: number };
    graph: GraphNode[];
}

export interface GuardTimeResult {
    runs: number;
    program: string;
    policyConfig?: string;
    resources: number;
    customResources: number;
    violations: number;
    mandatoryViolations: number;
    policies: number;
    wallMs: Summary;
    /** Medians of the phases, ms. */
    phasesMs: { startup: number; capture: number; policy: number; other: number };
    /** Shares of the median wall time (0..1): each phase's median over the wall median. */
    shares: { startup: number; capture: number; policy: number; other: number };
}

export interface GuardRunOptions {
    program?: string;
    policyConfig?: string;
    stack?: string;
}

/** Runs bench/guard-once.ts in a fresh process; returns its document and the wall time. */
export function guardOnce(opts: GuardRunOptions): Promise<{ wallMs: number; out: GuardOnceOutput }> {
    const args = [path.join(repoRoot, "scripts", "run-ts.js"), path.join(__dirname, "guard-once.ts")];
    if (opts.program) args.push("--program", opts.program);
    if (opts.policyConfig) args.push("--policy-config", opts.policyConfig);
    if (opts.stack) args.push("--stack", opts.stack);
    return new Promise((resolve, reject) => {
        const t0 = nowMs();
        const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on("data", (d: Buffer) => out.push(d));
        child.stderr.on("data", (d: Buffer) => err.push(d));
        child.on("error", reject);
        child.on("close", (code) => {
            const wallMs = nowMs() - t0;
            if (code !== 0) {
                const tail = Buffer.concat(err).toString().trim().split("\n").slice(-5).join("\n");
                reject(new Error(`guard run exited with ${code}:\n${tail}`));
                return;
            }
            try {
                resolve({ wallMs, out: JSON.parse(Buffer.concat(out).toString()) as GuardOnceOutput });
            } catch (e) {
                reject(new Error(`guard run printed no JSON document: ${(e as Error).message}`));
            }
        });
    });
}

export async function measureGuardTime(
    opts: GuardRunOptions & { runs: number; progress?: (l: string) => void },
): Promise<{ result: GuardTimeResult; graph: GraphNode[] }> {
    const runs: Array<{ wallMs: number; out: GuardOnceOutput }> = [];
    for (let i = 0; i < opts.runs; i++) {
        opts.progress?.(`guard run ${i + 1}/${opts.runs}`);
        runs.push(await guardOnce(opts));
    }
    const wall = summarize(runs.map((r) => r.wallMs));
    const phasesMs = {
        startup: median(runs.map((r) => r.out.startupMs)),
        capture: median(runs.map((r) => r.out.timings.captureMs)),
        policy: median(runs.map((r) => r.out.timings.policyMs)),
        other: median(runs.map((r) => r.wallMs - r.out.startupMs - r.out.timings.totalMs)),
    };
    const share = (ms: number) => ms / wall.median;
    const last = runs[runs.length - 1].out;
    return {
        result: {
            runs: opts.runs,
            program: opts.program ?? "index.ts",
            ...(opts.policyConfig
                ? { policyConfig: path.relative(repoRoot, path.resolve(opts.policyConfig)) }
                : {}),
            resources: last.resources,
            customResources: last.customResources,
            violations: last.violations,
            mandatoryViolations: last.mandatoryViolations,
            policies: last.policyPack.policies,
            wallMs: wall,
            phasesMs,
            shares: {
                startup: share(phasesMs.startup),
                capture: share(phasesMs.capture),
                policy: share(phasesMs.policy),
                other: share(phasesMs.other),
            },
        },
        graph: last.graph,
    };
}
