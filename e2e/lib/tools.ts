/**
 * The e2e tools (etcd, kube-apiserver, helm), built from the Go module proxy at pinned versions by
 * e2e/tools/build.sh into a cache outside the work tree. This module only asks the script for their paths.
 */
import { spawnSync } from "child_process";
import * as path from "path";

export const buildScript = path.join(__dirname, "..", "tools", "build.sh");

/** Error a user can act on: the runner prints its message as one line and exits 2. */
export class E2eError extends Error {}

/**
 * Paths of the given tools, building the ones not cached yet (minutes when cold). `E2E_<TOOL>` (e.g. `E2E_ETCD`,
 * `E2E_KUBE_APISERVER`) overrides a tool's path.
 */
export function toolPaths<T extends string>(tools: T[]): Record<T, string> {
    const out = {} as Record<T, string>;
    const missing: T[] = [];
    for (const t of tools) {
        const env = process.env[`E2E_${t.toUpperCase().replace(/-/g, "_")}`];
        if (env) out[t] = env;
        else missing.push(t);
    }
    if (missing.length === 0) return out;
    const r = spawnSync("bash", [buildScript, ...missing], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
    });
    if (r.status !== 0)
        throw new E2eError(`e2e/tools/build.sh ${missing.join(" ")} failed (exit ${r.status ?? r.signal})`);
    for (const line of r.stdout.split("\n")) {
        const [tool, p] = line.trim().split(/\s+/, 2);
        if (tool && p && (missing as string[]).includes(tool)) out[tool as T] = p;
    }
    for (const t of missing) if (!out[t]) throw new E2eError(`e2e/tools/build.sh printed no path for ${t}`);
    return out;
}
