/**
 * The blueprint's resource graph as the guard captures it (`npm run guard -- --json`), reduced to what a refactor must
 * keep: per resource its type, name, URN and a hash of its inputs (issue 19's refactor test).
 */
import { createHash } from "crypto";
import { spawnSync } from "child_process";
import { writeFileSync } from "fs";
import * as path from "path";
import { allPartsStack } from "../lib/blueprint-stacks";
import { sharedGuardCli } from "../lib/shared-runs";

export interface GuardResource {
    urn: string;
    type: string;
    name: string;
    inputs?: unknown;
    parent?: string;
    options: { aliases: string[]; provider?: string | null };
}

export interface SnapshotEntry {
    urn: string;
    type: string;
    name: string;
    inputs: string;
    /** The provider reference (`urn::id`) a custom resource uses; null for components. */
    provider: string | null;
}

const root = path.join(__dirname, "../..");

/** The variants captured: the default config, cluster.mode=existing, and every optional part on. */
export const variants: Record<string, string[]> = {
    default: [],
    existing: ["cluster.mode=existing"],
    all: allPartsStack,
};

function canonical(v: unknown): string {
    if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
    if (v && typeof v === "object")
        return `{${Object.keys(v)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
            .join(",")}}`;
    return JSON.stringify(v) ?? "null";
}

export const inputsHash = (inputs: unknown): string =>
    createHash("sha256")
        .update(canonical(inputs ?? {}))
        .digest("hex")
        .slice(0, 16);

/** Runs the guard of a checkout (default this one) on its blueprint with a variant's config; every resource. */
export function captureBlueprint(config: string[], checkout = root): GuardResource[] {
    const r = spawnSync(
        process.execPath,
        [path.join(checkout, "guard/bin.js"), "--json", ...config.flatMap((c) => ["--config", c])],
        { cwd: checkout, encoding: "utf8", timeout: 300_000 },
    );
    if (r.status !== 0) throw new Error(`guard exited ${r.status}: ${r.stderr}`);
    return JSON.parse(r.stdout).resources as GuardResource[];
}

/** captureBlueprint of this checkout, the run shared with the other test files that capture the same variant. */
export async function captureBlueprintShared(config: string[]): Promise<GuardResource[]> {
    // The default stack: the in-process run blueprint-guard.test.ts and others inspect, as `guard --json` prints it
    // (loaded only here: the guard's modules are not needed by the files that only hash graphs).
    const r =
        config.length === 0
            ? await (await import("./default-run")).defaultBlueprintJson()
            : await sharedGuardCli(["--json", ...config.flatMap((c) => ["--config", c])]);
    if (r.code !== 0) throw new Error(`guard exited ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout).resources as GuardResource[];
}

export const snapshotOf = (resources: GuardResource[]): SnapshotEntry[] =>
    resources.map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        inputs: inputsHash(r.inputs),
        provider: r.options.provider ?? null,
    }));

/**
 * Writes test/fixtures/refactor19/graph-before-<variant>.json from another checkout (the main branch before
 * SecurityPlatform, e.g. `git worktree add /tmp/before <commit>`):
 * `node scripts/run-ts.js test/blueprint/graph-snapshot.ts /tmp/before`.
 */
if (require.main === module) {
    const checkout = path.resolve(process.argv[2] ?? "");
    for (const [variant, config] of Object.entries(variants)) {
        const out = path.join(root, "test/fixtures/refactor19", `graph-before-${variant}.json`);
        writeFileSync(out, `${JSON.stringify(snapshotOf(captureBlueprint(config, checkout)), null, 4)}\n`);
    }
}
