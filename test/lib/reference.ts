/**
 * Upstream reference data (chart defaults and sources, Kubernetes' Pod Security Admission fixtures): not ours, so
 * not in the repo. One setting finds it: BLUEPRINT_REFERENCE_DIR (default `../shared`, relative to the project
 * root); `npm run fetch-reference` rebuilds the same layout from upstream at the pinned versions. A suite that needs
 * it calls `referencePath` at load time, so missing data fails that suite at once with one line, not test by test.
 */
import * as fs from "fs";
import * as path from "path";
import { SetupError } from "./promtool";

export const projectRoot = path.resolve(__dirname, "../..");
export const referenceSetting = "BLUEPRINT_REFERENCE_DIR";
export const fetchCommand = "npm run fetch-reference";

/** The reference directory: $BLUEPRINT_REFERENCE_DIR (relative to the project root) or ../shared. */
export function referenceDir(env: NodeJS.ProcessEnv = process.env): string {
    const v = env[referenceSetting];
    return path.resolve(projectRoot, v && v.trim() ? v : "../shared");
}

/**
 * Absolute path of `rel` inside the reference directory; throws a one-line SetupError naming the setting and the
 * command when it is absent. `fetchable: false` for material the fetch command cannot rebuild (the project brief).
 */
export function referencePath(
    rel: string,
    opts: { env?: NodeJS.ProcessEnv; fetchable?: boolean } = {},
): string {
    const env = opts.env ?? process.env;
    const dir = referenceDir(env);
    const p = path.join(dir, rel);
    if (fs.existsSync(p)) return p;
    const where = env[referenceSetting]?.trim()
        ? `${referenceSetting}=${env[referenceSetting]}`
        : `${referenceSetting} unset, default ../shared`;
    const fix =
        opts.fetchable === false
            ? `set ${referenceSetting} to a directory that has it`
            : `run \`${fetchCommand}\` (needs network and helm) or set ${referenceSetting} to a copy`;
    throw new SetupError(`reference data missing: ${p} not found (${where}); ${fix}`);
}
