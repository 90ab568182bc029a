/**
 * One guard run in a fresh process, for the benchmark: the same start-up as `npm run guard` (guard/bin.js registers
 * ts-node transpile-only with the repo tsconfig, as scripts/run-ts.js does for this file), then `runGuard` with the
 * CLI's options. Prints one JSON document on stdout: the guard's own timings, the process start-up time before
 * `runGuard` was called, the resource count, and the captured dependency graph (for the critical path).
 *
 * usage: node scripts/run-ts.js bench/guard-once.ts [--program PATH] [--stack NAME] [--policy-config FILE]
 */
import { performance } from "perf_hooks";
import { parseArgs } from "util";
import { runGuard } from "../guard/run";
import { GraphNode } from "./critical-path";

async function main(): Promise<void> {
    // As guard/cli.ts: everything but the report goes to stderr.
    console.log = (...a: unknown[]) => console.error(...a);
    console.info = console.log;
    const { values } = parseArgs({
        args: process.argv.slice(2),
        options: {
            program: { type: "string" },
            stack: { type: "string" },
            "policy-config": { type: "string" },
        },
    });
    const startupMs = performance.now();
    const r = await runGuard({
        program: values.program,
        stack: values.stack,
        policyConfig: values["policy-config"],
        log: (l) => process.stderr.write(`${l}\n`),
    });
    const graph: GraphNode[] = r.resources.map((x) => ({
        urn: x.urn,
        type: x.type,
        name: x.name,
        custom: x.custom,
        ...(x.parent ? { parent: x.parent } : {}),
        ...(x.provider ? { provider: x.provider } : {}),
        dependencies: x.dependencies,
        propertyDependencies: x.propertyDependencies,
        // Only Helm releases' inputs matter to the durations (a CRD-only release); keep the document small.
        ...(x.type === "kubernetes:helm.sh/v3:Release" ? { inputs: x.inputs } : {}),
    }));
    const doc = {
        startupMs,
        timings: r.timings,
        resources: r.resources.length,
        customResources: r.resources.filter((x) => x.custom).length,
        violations: r.violations.length,
        mandatoryViolations: r.violations.filter((v) => v.level === "mandatory").length,
        policyPack: r.policyPack,
        graph,
    };
    await new Promise<void>((resolve) => process.stdout.write(`${JSON.stringify(doc)}\n`, () => resolve()));
}

// Exit explicitly, as guard/bin.js does: the Pulumi runtime may leave handles open.
main().then(
    () => process.exit(0),
    (e: unknown) => {
        process.stderr.write(`guard-once: ${(e as Error)?.stack ?? String(e)}\n`);
        process.exit(2);
    },
);
