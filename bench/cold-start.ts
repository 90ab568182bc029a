/**
 * Analyzer cold start: from spawning the policy-pack process (as the guard and the Pulumi CLI do, through
 * @pulumi/pulumi's cmd/run-policy-pack) to its first GetAnalyzerInfo answer. The blueprint's pack and a minimal
 * one-policy pack (bench/fixtures/minimal-pack, the floor) alternate, so that machine load hits both alike.
 */
import * as path from "path";
import { PolicyPackProcess } from "../guard/analyzer";
import { Summary, nowMs, summarize } from "./stats";

export const minimalPackDir = path.join(__dirname, "fixtures", "minimal-pack");
export const blueprintPackDir = path.join(__dirname, "..", "policy-pack");

export interface ColdStartResult {
    runs: number;
    pack: Summary & { policies: number; dir: string };
    minimal: Summary & { policies: number; dir: string };
    /** median(pack) / median(minimal). */
    ratio: number;
}

/** One cold start: spawn, connect, ConfigureStack, first GetAnalyzerInfo. Returns ms and the policy count. */
export async function coldStartOnce(packDir: string): Promise<{ ms: number; policies: number }> {
    const t0 = nowMs();
    const pack = await PolicyPackProcess.start(packDir, {
        project: "bench",
        stack: "dev",
        config: {},
        secretKeys: [],
    });
    try {
        const info = await pack.getAnalyzerInfo();
        return { ms: nowMs() - t0, policies: info.policies.length };
    } finally {
        pack.close();
    }
}

export async function measureColdStart(opts: {
    runs: number;
    packDir?: string;
    /** The floor pack (default: this checkout's bench/fixtures/minimal-pack). */
    minimalDir?: string;
    progress?: (l: string) => void;
}): Promise<ColdStartResult> {
    const packDir = opts.packDir ?? blueprintPackDir;
    const a: number[] = [];
    const b: number[] = [];
    let pa = 0;
    let pb = 0;
    for (let i = 0; i < opts.runs; i++) {
        opts.progress?.(`cold start ${i + 1}/${opts.runs}`);
        const x = await coldStartOnce(packDir);
        a.push(x.ms);
        pa = x.policies;
        const y = await coldStartOnce(opts.minimalDir ?? minimalPackDir);
        b.push(y.ms);
        pb = y.policies;
    }
    const pack = { ...summarize(a), policies: pa, dir: path.relative(process.cwd(), packDir) || "." };
    const minimal = {
        ...summarize(b),
        policies: pb,
        dir: path.relative(process.cwd(), opts.minimalDir ?? minimalPackDir),
    };
    return { runs: opts.runs, pack, minimal, ratio: pack.median / minimal.median };
}
