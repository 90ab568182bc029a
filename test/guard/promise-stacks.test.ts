/**
 * guard/promise-stacks.ts: in the program's process, the SDK's per-promise stacks (read only by its
 * PULUMI_DEBUG_PROMISE_LEAKS report) are captured with depth 0; everything else debuggablePromise does is unchanged.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- fresh copies of the SDK's internal module */
import { cheapenPromiseStacks } from "../../guard/promise-stacks";

type Tracked = Promise<unknown> & { _debugId?: number; _debugCtx?: string; _debugStackTrace?: string };
interface Debuggable {
    debugPromiseLeaks: boolean;
    debuggablePromise(p: Promise<unknown>, ctx: string): Promise<unknown>;
}

/** A fresh copy of the SDK's runtime/debuggable module. */
function freshDebuggable(): Debuggable {
    let d!: Debuggable;
    jest.isolateModules(() => (d = require("@pulumi/pulumi/runtime/debuggable") as Debuggable));
    return d;
}

const version = (require("@pulumi/pulumi/package.json") as { version: string }).version;

test("the tracked promise keeps its id, context, leak tracking and value; its stack has no frame", async () => {
    const d = freshDebuggable();
    expect(cheapenPromiseStacks(d, version)).toBe(true);
    const limit = Error.stackTraceLimit;
    const p = Promise.resolve(42) as Tracked;
    const out = d.debuggablePromise(p, "ctx-1");
    expect(Error.stackTraceLimit).toBe(limit);
    expect(p._debugCtx).toBe("ctx-1");
    expect(typeof p._debugId).toBe("number");
    // No frame: the header alone ("Error", or "Error: " under Jest's formatter).
    expect(p._debugStackTrace).toMatch(/^Error(: )?$/);
    await expect(out).resolves.toBe(42);
    // A rejection still carries its promise, as the SDK's own debuggablePromise does.
    const bad = Promise.reject(new Error("no")) as Tracked;
    const err = await d.debuggablePromise(bad, "ctx-2").catch((e: Error & { promise?: unknown }) => e);
    expect((err as { promise?: unknown }).promise).toBe(bad);
    // Installing twice wraps once.
    const wrapped = d.debuggablePromise;
    expect(cheapenPromiseStacks(d, version)).toBe(true);
    expect(d.debuggablePromise).toBe(wrapped);
});

test("with PULUMI_DEBUG_PROMISE_LEAKS (debugPromiseLeaks) the full stack is recorded", () => {
    const d = freshDebuggable();
    cheapenPromiseStacks(d, version);
    d.debugPromiseLeaks = true;
    const p = Promise.resolve(1) as Tracked;
    void d.debuggablePromise(p, "ctx");
    expect(p._debugStackTrace).toMatch(/^Error(: )?\n\s+at /);
});

test("the depth is restored even when the SDK's function throws", () => {
    const limit = Error.stackTraceLimit;
    const d = {
        debugPromiseLeaks: false,
        debuggablePromise: () => {
            expect(Error.stackTraceLimit).toBe(0);
            throw new Error("boom");
        },
    };
    expect(cheapenPromiseStacks(d, version)).toBe(true);
    expect(() => (d.debuggablePromise as () => void)()).toThrow("boom");
    expect(Error.stackTraceLimit).toBe(limit);
});

test("another SDK version, or a module of another shape, is left alone", () => {
    const d = freshDebuggable();
    const original = d.debuggablePromise;
    expect(cheapenPromiseStacks(d, "3.249.0")).toBe(false);
    expect(cheapenPromiseStacks(d, undefined)).toBe(false);
    expect(d.debuggablePromise).toBe(original);
    expect(cheapenPromiseStacks({ debuggablePromise: original }, version)).toBe(false);
    expect(cheapenPromiseStacks({ debugPromiseLeaks: false, debuggablePromise: 1 }, version)).toBe(false);
    expect(cheapenPromiseStacks(null, version)).toBe(false);
    const p = Promise.resolve(1) as Tracked;
    void d.debuggablePromise(p, "ctx");
    expect(p._debugStackTrace).toMatch(/^Error(: )?\n\s+at /);
});
