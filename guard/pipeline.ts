/**
 * The analyzer calls of one guard run, pipelined: `Analyze` for every custom resource with at most `concurrency`
 * calls in flight (a sliding window, not batches that wait for their slowest call), then one `AnalyzeStack` (whose
 * diagnostics without a resource of the stack go on the root stack resource, as the engine reports them). Each
 * request is exactly what the engine sends; only how they are produced differs: each resource's property map is
 * encoded as a protobuf Struct once (when its inputs and outputs are the same object, as for manifests) and its
 * AnalyzeStack entry is encoded as soon as it is seen, so the whole stack never exists as a message tree. The
 * resources may also arrive while the calls run (`analyzeStream`: `--manifests` reads the next file meanwhile).
 */
import { Diagnostic, PolicyPackProcess } from "./analyzer";
import { GuardResource } from "./model";
import { StackRequest } from "./stack-request";
import { rootStackType } from "./urn";

/** In-flight Analyze calls: enough to keep the pack busy while the guard encodes the next requests. */
export const defaultConcurrency = 32;

/** The subset of PolicyPackProcess the pipeline uses (a fake in tests records the calls). */
export interface AnalyzerCalls {
    analyze(r: GuardResource, byUrn: Map<string, GuardResource>, props?: Uint8Array): Promise<Diagnostic[]>;
    /** `AnalyzeStack` of the request (which the callee takes: guard/stack-request.ts). */
    analyzeStackEncoded(request: StackRequest): Promise<Diagnostic[]>;
}

/** Where the resources come from: all at once, or one at a time (undefined at the end; may throw a capture error). */
type Source = { list: GuardResource[] } | { next: () => GuardResource | undefined };

async function pipeline(
    pack: AnalyzerCalls,
    source: Source,
    byUrn: Map<string, GuardResource>,
    concurrency: number,
): Promise<{ diags: Diagnostic[]; resources: GuardResource[] }> {
    const resources: GuardResource[] = "list" in source ? source.list : [];
    const take =
        "list" in source
            ? () => (next < resources.length ? resources[next] : undefined)
            : () => {
                  const r = source.next();
                  if (r) {
                      resources.push(r);
                      byUrn.set(r.urn, r);
                  }
                  return r;
              };
    const perResource: Diagnostic[][] = [];
    const stackRequest = new StackRequest();
    let next = 0;
    let ended = false;
    let failed: unknown;
    let captureFailed = false;
    const worker = async (): Promise<void> => {
        while (!ended && failed === undefined) {
            let r: GuardResource | undefined;
            try {
                r = take();
            } catch (e) {
                failed ??= e;
                captureFailed = true;
                return;
            }
            if (!r) {
                ended = true;
                return;
            }
            const i = next++;
            const inputs = r.custom ? PolicyPackProcess.structBytes(r.inputs) : undefined;
            const call = r.custom ? pack.analyze(r, byUrn, inputs) : undefined;
            stackRequest.set(
                i,
                PolicyPackProcess.stackResource(r, byUrn, r.outputs === r.inputs ? inputs : undefined),
            );
            try {
                perResource[i] = call ? await call : [];
            } catch (e) {
                failed ??= e;
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
    if (failed !== undefined) {
        // A capture error is the one to report, as when everything was read before the first call: read the rest.
        if (!captureFailed && !ended && "next" in source) while (source.next());
        throw failed;
    }
    const diags = perResource.flat();
    // As the engine does (step_generator.go, AnalyzeStack): a stack policy's diagnostic without a URN, or with one
    // that names no resource of the stack, is reported on the root stack resource.
    const root = resources.find((r) => r.type === rootStackType)?.urn;
    for (const d of await pack.analyzeStackEncoded(stackRequest))
        diags.push(root && !byUrn.has(d.urn) ? { ...d, urn: root } : d);
    return { diags, resources };
}

export async function analyzeAll(
    pack: AnalyzerCalls,
    resources: GuardResource[],
    byUrn: Map<string, GuardResource>,
    concurrency = defaultConcurrency,
): Promise<Diagnostic[]> {
    const width = Math.min(concurrency, resources.length);
    return (await pipeline(pack, { list: resources }, byUrn, width)).diags;
}

/**
 * `analyzeAll` over resources produced while the calls run (`--manifests`: each file's objects are analyzed while
 * the next file is read). `byUrn` must already hold every resource a request refers to that comes later (none do:
 * the default provider comes first). Returns the resources in order and their diagnostics.
 */
export async function analyzeStream(
    pack: AnalyzerCalls,
    next: () => GuardResource | undefined,
    byUrn: Map<string, GuardResource>,
    concurrency = defaultConcurrency,
): Promise<{ diags: Diagnostic[]; resources: GuardResource[] }> {
    return pipeline(pack, { next }, byUrn, concurrency);
}
