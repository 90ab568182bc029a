/**
 * The graph the guard captures from the real index.ts: `guard --json` in its own process (the Pulumi SDK keeps its
 * runtime in module globals, so one program per process), with the given `--config` values. Its Kubernetes and AWS
 * resources, with their inputs, are what the reachability analysis reads (as `--reachability` does).
 */
import { CapturedResource } from "../../analysis/reachability";
import { defaultBlueprintJson } from "../blueprint/default-run";
import { sharedGuardCli } from "../lib/shared-runs";

export interface CapturedGraph {
    code: number | null;
    stderr: string;
    resources: CapturedResource[];
}

export async function captureBlueprint(...config: string[]): Promise<CapturedGraph> {
    // The run is shared with the other test files that capture the same config (test/lib/shared-runs.ts); the
    // default stack's is the in-process run test/blueprint's files inspect, as `guard --json` prints it.
    const { code, stdout, stderr } =
        config.length === 0
            ? await defaultBlueprintJson()
            : await sharedGuardCli(["--json", ...config.flatMap((c) => ["--config", c])]);
    let doc: {
        resources?: { type: string; name: string; urn: string; inputs: Record<string, unknown> }[];
    };
    try {
        doc = JSON.parse(stdout || "{}");
    } catch {
        throw new Error(`guard --json printed no JSON (exit ${code}): ${stderr.split("\n")[0]}`);
    }
    return {
        code,
        stderr,
        resources: (doc.resources ?? [])
            .filter((r) => r.type.startsWith("kubernetes:") || r.type.startsWith("aws:"))
            .map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.inputs })),
    };
}
