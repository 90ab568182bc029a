/**
 * The graph the guard captures from the real index.ts: `guard --json` in its own process (the Pulumi SDK keeps its
 * runtime in module globals, so one program per process), with the given `--config` values. Its Kubernetes and AWS
 * resources, with their inputs, are what the reachability analysis reads (as `--reachability` does).
 */
import { spawn } from "child_process";
import * as path from "path";
import { CapturedResource } from "../../analysis/reachability";

const root = path.join(__dirname, "../..");

export interface CapturedGraph {
    code: number | null;
    stderr: string;
    resources: CapturedResource[];
}

export function captureBlueprint(...config: string[]): Promise<CapturedGraph> {
    const args = [path.join(root, "guard/bin.js"), "--json", ...config.flatMap((c) => ["--config", c])];
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (err += d));
        const timer = setTimeout(() => child.kill("SIGKILL"), 300_000);
        child.on("error", reject);
        child.on("close", (code) => {
            clearTimeout(timer);
            let doc: {
                resources?: { type: string; name: string; urn: string; inputs: Record<string, unknown> }[];
            };
            try {
                doc = JSON.parse(out || "{}");
            } catch {
                return reject(
                    new Error(`guard --json printed no JSON (exit ${code}): ${err.split("\n")[0]}`),
                );
            }
            resolve({
                code,
                stderr: err,
                resources: (doc.resources ?? [])
                    .filter((r) => r.type.startsWith("kubernetes:") || r.type.startsWith("aws:"))
                    .map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.inputs })),
            });
        });
    });
}
