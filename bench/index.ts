/**
 * `npm run bench -- [options]`: guard wall time, policy throughput, analyzer cold start and the deployment critical
 * path, printed as tables (or one JSON document with --json). A benchmark, not a test: nothing here passes or fails
 * on time. See docs/performance.md for what each figure means and the last measured values.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { allPolicies } from "../policy-pack/policies";
import { measureColdStart } from "./cold-start";
import { GraphNode, criticalPath } from "./critical-path";
import { guardOnce, measureGuardTime, repoRoot } from "./guard-time";
import { BenchResult, toText } from "./report";
import { measureThroughput } from "./throughput";
import { guardProcess, measureScale } from "./scale";
import { summarize } from "./stats";

export const usage = `usage: npm run bench -- [options]
  --runs N               guard runs and cold starts per pack (default 5)
  --reps N               repetitions per stack size for the throughput (default 5)
  --sizes A,B            synthetic stack sizes (default 1000,10000)
  --seed N               synthetic stack seed (default 1)
  --program PATH         program for the guard and the critical path (default: the blueprint, index.ts)
  --policy-config FILE   policy config for the guard runs (default for the blueprint, as npm run guard:
                         policy-pack/blueprint.policy-config.json)
  --only LIST            comma-separated subset of: guard, throughput, cold-start, critical-path, scale
  --baseline DIR         also measure another checkout (e.g. a worktree of an older commit, with its
                         node_modules) the same way: guard wall time, pack cold start and scale, under "baseline"
  --no-implicit-node-edges  critical path without the "pods need nodes" edges
  --json                 print one JSON document on stdout (progress goes to stderr)`;

const sections = ["guard", "throughput", "cold-start", "critical-path", "scale"] as const;
type Section = (typeof sections)[number];

function positiveInt(name: string, v: string | undefined, dflt: number): number {
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${v}`);
    return n;
}

export async function main(argv: string[]): Promise<number> {
    const { values: v } = parseArgs({
        args: argv,
        options: {
            runs: { type: "string" },
            reps: { type: "string" },
            sizes: { type: "string" },
            seed: { type: "string" },
            program: { type: "string" },
            "policy-config": { type: "string" },
            only: { type: "string" },
            baseline: { type: "string" },
            "no-implicit-node-edges": { type: "boolean" },
            json: { type: "boolean" },
            help: { type: "boolean", short: "h" },
        },
    });
    if (v.help) {
        process.stderr.write(`${usage}\n`);
        return 0;
    }
    const runs = positiveInt("runs", v.runs, 5);
    const reps = positiveInt("reps", v.reps, 5);
    const seed = v.seed === undefined ? 1 : Number(v.seed);
    const sizes = (v.sizes ?? "1000,10000").split(",").map((s) => positiveInt("sizes", s.trim(), 0));
    if (sizes.length !== 2 || sizes[0] >= sizes[1])
        throw new Error("--sizes needs two increasing sizes, e.g. 1000,10000");
    const only = new Set<Section>(
        (v.only?.split(",").map((s) => s.trim()) ?? sections).map((s) => {
            if (!(sections as readonly string[]).includes(s))
                throw new Error(`--only: unknown section ${s} (${sections.join(", ")})`);
            return s as Section;
        }),
    );
    const defaultPolicyConfig = path.join(repoRoot, "policy-pack", "blueprint.policy-config.json");
    const program = v.program;
    // As `npm run guard`: the blueprint itself is previewed with its reviewed exemptions.
    const policyConfig =
        v["policy-config"] ??
        (!program && fs.existsSync(defaultPolicyConfig) ? defaultPolicyConfig : undefined);
    const progress = (l: string) => process.stderr.write(`bench: ${l}\n`);

    const result: BenchResult = {
        machine: {
            date: new Date().toISOString(),
            node: process.version,
            arch: os.arch(),
            platform: os.platform(),
            cpus: os.availableParallelism(),
            cpuModel: os.cpus()[0]?.model?.trim() ?? "unknown",
            loadAverage: os.loadavg(),
        },
        errors: {},
    };
    const attempt = async (name: Section, fn: () => Promise<void> | void) => {
        try {
            await fn();
        } catch (e) {
            result.errors[name] = (e as Error).message;
            progress(`${name} failed: ${(e as Error).message}`);
        }
    };

    let graph: GraphNode[] | undefined;
    if (only.has("guard"))
        await attempt("guard", async () => {
            const g = await measureGuardTime({ runs, program, policyConfig, progress });
            result.guard = g.result;
            graph = g.graph;
        });
    if (only.has("critical-path"))
        await attempt("critical-path", async () => {
            if (!graph) {
                progress("one guard run to capture the dependency graph");
                graph = (await guardOnce({ program, policyConfig })).out.graph;
            }
            const implicitNodeEdges = !v["no-implicit-node-edges"];
            result.criticalPath = {
                ...criticalPath(graph, { implicitNodeEdges }),
                program: program ?? "index.ts",
                implicitNodeEdges,
            };
        });
    if (only.has("throughput"))
        await attempt("throughput", () => {
            result.throughput = measureThroughput({
                policies: allPolicies,
                sizes: [sizes[0], sizes[1]],
                seed,
                reps,
                progress,
            });
        });
    if (only.has("cold-start"))
        await attempt("cold-start", async () => {
            result.coldStart = await measureColdStart({ runs, progress });
        });

    if (only.has("scale"))
        await attempt("scale", async () => {
            result.scale = await measureScale({ runs, root: repoRoot, progress });
        });
    if (v.baseline) {
        const root = path.resolve(v.baseline);
        const b: NonNullable<BenchResult["baseline"]> = { root };
        result.baseline = b;
        if (only.has("guard"))
            await attempt("guard", async () => {
                const w: number[] = [];
                for (let i = 0; i < runs; i++) {
                    progress(`baseline guard run ${i + 1}/${runs}`);
                    w.push((await guardProcess(root, [])).wallMs);
                }
                b.guard = { wallMs: summarize(w) };
            });
        if (only.has("cold-start"))
            await attempt("cold-start", async () => {
                b.coldStart = await measureColdStart({
                    runs,
                    packDir: path.join(root, "policy-pack"),
                    minimalDir: path.join(root, "bench", "fixtures", "minimal-pack"),
                    progress,
                });
            });
        if (only.has("scale"))
            await attempt("scale", async () => {
                b.scale = await measureScale({ runs, root, progress });
            });
    }

    process.stdout.write(v.json ? `${JSON.stringify(result, null, 2)}\n` : `${toText(result)}\n`);
    return Object.keys(result.errors).length ? 1 : 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (e: unknown) => {
            process.stderr.write(`bench: ${(e as Error).message}\n${usage}\n`);
            process.exit(2);
        },
    );
}
