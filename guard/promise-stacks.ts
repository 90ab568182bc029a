/**
 * In the program's process (program-child.ts): @pulumi/pulumi 3.248.0 records `new Error().stack` on every promise
 * it tracks (runtime/debuggable.js), for one reader: the leak report it prints when PULUMI_DEBUG_PROMISE_LEAKS is set.
 * Capturing and formatting those stacks was about a sixth of the blueprint program's CPU (1.3 s -> 1.1 s, median of
 * five runs). Unless that variable is set, each such stack is captured with a depth of 0: the same promise, id,
 * context, leak tracking and leak message; only the stack text nobody reads is empty ("Error"). Any other SDK
 * version, or a module of another shape, is left alone.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the SDK's internal module, checked before use */

const sdkVersion = "3.248.0";
const patched = Symbol.for("hardened-cluster.cheap-promise-stacks");

interface Debuggable {
    debugPromiseLeaks: boolean;
    debuggablePromise: ((p: Promise<unknown>, ctx: unknown) => Promise<unknown>) & { [patched]?: true };
}

/** Installs it on `d` (the SDK's runtime/debuggable module of `version`); returns whether it did. */
export function cheapenPromiseStacks(d: unknown, version: string | undefined): boolean {
    const m = d as Partial<Debuggable> | null;
    if (
        version !== sdkVersion ||
        !m ||
        typeof m.debuggablePromise !== "function" ||
        !("debugPromiseLeaks" in m)
    )
        return false;
    if (m.debuggablePromise[patched]) return true;
    const original = m.debuggablePromise;
    const mod = m as Debuggable;
    const wrapped = function debuggablePromise(p: Promise<unknown>, ctx: unknown): Promise<unknown> {
        if (mod.debugPromiseLeaks) return original(p, ctx);
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            return original(p, ctx);
        } finally {
            Error.stackTraceLimit = limit;
        }
    } as Debuggable["debuggablePromise"];
    wrapped[patched] = true;
    mod.debuggablePromise = wrapped;
    return true;
}

/** Installs it on the SDK this guard runs programs with; returns whether it did. */
export function installCheapPromiseStacks(): boolean {
    let version: string | undefined;
    try {
        version = (require("@pulumi/pulumi/package.json") as { version?: string }).version;
    } catch {
        return false;
    }
    if (version !== sdkVersion) return false;
    return cheapenPromiseStacks(require("@pulumi/pulumi/runtime/debuggable"), version);
}
