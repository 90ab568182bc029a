/**
 * `--manifests` as a stream: files are read while the policy pack starts, and once it is configured each file's
 * objects are analyzed while the next file is read (guard/pipeline.ts `analyzeStream`), instead of reading every file
 * before the first Analyze call. The requests are the same, in the same order; errors are reported as when every
 * file was read first: a capture error wins over a pack error.
 */
import type { Diagnostic, PolicyPackProcess } from "./analyzer";
import { manifestResources } from "./manifests";
import type { GuardResource } from "./model";
import { analyzeStream } from "./pipeline";

/** How long the guard reads before it lets pending events (the pack becoming ready) run. */
const defaultSliceMs = 10;

export async function analyzeManifests<C>(
    paths: string[],
    project: string,
    stack: string,
    packStart: Promise<PolicyPackProcess>,
    configured: Promise<C>,
    sliceMs = defaultSliceMs,
): Promise<{
    pack: PolicyPackProcess;
    configured: C;
    resources: GuardResource[];
    byUrn: Map<string, GuardResource>;
    diags: Diagnostic[];
    /** When the last file was read. */
    capturedAt: number;
}> {
    const source = manifestResources(paths, project, stack);
    const read: GuardResource[] = [];
    let done = false;
    let capturedAt = 0;
    const pull = (): GuardResource | undefined => {
        if (done) return undefined;
        const it = source.next();
        if (it.done) {
            done = true;
            capturedAt = Date.now();
            return undefined;
        }
        return it.value;
    };
    // While the pack starts: read (a capture error is thrown from here, before any pack error).
    let ready = false;
    configured.then(
        () => (ready = true),
        () => (ready = true),
    );
    for (let slice = Date.now(); !ready && !done;) {
        const r = pull();
        if (r) read.push(r);
        if (Date.now() - slice >= sliceMs) {
            await new Promise((resolve) => setImmediate(resolve));
            slice = Date.now();
        }
    }
    let pack: PolicyPackProcess;
    let config: C;
    try {
        pack = await packStart;
        config = await configured;
    } catch (e) {
        while (pull()); // the rest of the files: their errors come first
        throw e;
    }
    let taken = 0;
    const next = (): GuardResource | undefined => {
        if (taken < read.length) {
            const r = read[taken];
            read[taken++] = undefined as unknown as GuardResource; // kept once, in the pipeline's list
            return r;
        }
        return pull();
    };
    const byUrn = new Map<string, GuardResource>();
    const { diags, resources } = await analyzeStream(pack, next, byUrn);
    return { pack, configured: config, resources, byUrn, diags, capturedAt };
}
