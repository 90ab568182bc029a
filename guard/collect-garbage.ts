/**
 * One full garbage collection, on purpose, at a phase boundary of the guard (issue 15: peak memory at 10,000
 * objects).
 *
 * Once the `AnalyzeStack` request is written, the guard waits for the pack, allocating nothing, so V8 collects
 * nothing: the blocks the request was assembled from, the request, gRPC's framed copy (tens of megabytes of buffers
 * at 10,000 objects, freed only when a collection finds them dead) and the heap's garbage of reading every file
 * would stay in the guard's memory while the pack's memory peaks. One collection then frees them and lets V8 give
 * back the pages it no longer needs. It costs CPU in proportion to what is alive (70 to 120 ms, all threads, at
 * 10,000 objects), while the guard would only wait; it changes nothing else. `analyzeStackEncoded` runs one as the
 * request is taken (before gRPC frames it: the blocks and the garbage of reading) and one once it is written.
 *
 * The `gc` function is taken without starting node with --expose-gc: the flag is turned on just long enough to
 * create a context that has it, then off again (V8's flag hash, which its code cache checks, is the same as before;
 * policy-pack/code-cache.js keys entries by every flag change, the same in every run).
 */
import * as v8 from "v8";
import * as vm from "vm";

let gcFunction: (() => void) | null | undefined;

function obtain(): (() => void) | null {
    const existing = (globalThis as { gc?: () => void }).gc;
    if (typeof existing === "function") return existing;
    try {
        v8.setFlagsFromString("--expose-gc");
        try {
            const gc: unknown = vm.runInNewContext("gc");
            return typeof gc === "function" ? (gc as () => void) : null;
        } finally {
            v8.setFlagsFromString("--no-expose-gc");
        }
    } catch {
        return null;
    }
}

/** Runs a full collection; false when this node cannot (then nothing happened). */
export function collectGarbage(): boolean {
    if (gcFunction === undefined) gcFunction = obtain();
    if (!gcFunction) return false;
    gcFunction();
    return true;
}

/** Statistics for tests: collections run. */
export const collectGarbageStats = { runs: 0 };

/** A collection once a request of at least this many bytes has been written (smaller ones leave little behind). */
export const collectAfterRequestBytes = 8 << 20;

/** `collectGarbage()` after a request of `bytes` was written, if it is large enough to be worth it. */
export function collectAfterRequest(bytes: number): boolean {
    if (bytes < collectAfterRequestBytes) return false;
    const ran = collectGarbage();
    if (ran) collectGarbageStats.runs++;
    return ran;
}
