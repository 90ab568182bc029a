/**
 * The analyzer calls of one guard run, pipelined: `Analyze` for every custom resource with at most `concurrency`
 * calls in flight (a sliding window, not batches that wait for their slowest call), then one `AnalyzeStack` (whose
 * diagnostics without a resource of the stack go on the root stack resource, as the engine reports them). Each
 * request is exactly what the engine sends; only how they are produced differs: each resource's property map is
 * encoded as a protobuf Struct once (when its inputs and outputs are the same object, as for manifests) and its
 * AnalyzeStack entry is encoded as soon as it is seen, so the whole stack never exists as a message tree.
 */
import { Diagnostic, PolicyPackProcess } from "./analyzer";
import { GuardResource } from "./model";
import { rootStackType } from "./urn";

/** In-flight Analyze calls: enough to keep the pack busy while the guard encodes the next requests. */
export const defaultConcurrency = 32;

/** The subset of PolicyPackProcess the pipeline uses (a fake in tests records the calls). */
export interface AnalyzerCalls {
    analyze(r: GuardResource, byUrn: Map<string, GuardResource>, props?: Uint8Array): Promise<Diagnostic[]>;
    analyzeStackEncoded(parts: Uint8Array[]): Promise<Diagnostic[]>;
}

export async function analyzeAll(
    pack: AnalyzerCalls,
    resources: GuardResource[],
    byUrn: Map<string, GuardResource>,
    concurrency = defaultConcurrency,
): Promise<Diagnostic[]> {
    const perResource: Diagnostic[][] = new Array(resources.length);
    const stackParts: Uint8Array[] = new Array(resources.length);
    let next = 0;
    let failed: unknown;
    const worker = async (): Promise<void> => {
        while (next < resources.length && failed === undefined) {
            const i = next++;
            const r = resources[i];
            const inputs = r.custom ? PolicyPackProcess.structBytes(r.inputs) : undefined;
            const call = r.custom ? pack.analyze(r, byUrn, inputs) : undefined;
            stackParts[i] = PolicyPackProcess.stackResource(
                r,
                byUrn,
                r.outputs === r.inputs ? inputs : undefined,
            );
            try {
                perResource[i] = call ? await call : [];
            } catch (e) {
                failed ??= e;
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, resources.length)) }, worker));
    if (failed !== undefined) throw failed;
    const diags = perResource.flat();
    // As the engine does (step_generator.go, AnalyzeStack): a stack policy's diagnostic without a URN, or with one
    // that names no resource of the stack, is reported on the root stack resource.
    const root = resources.find((r) => r.type === rootStackType)?.urn;
    for (const d of await pack.analyzeStackEncoded(stackParts))
        diags.push(root && !byUrn.has(d.urn) ? { ...d, urn: root } : d);
    return diags;
}
