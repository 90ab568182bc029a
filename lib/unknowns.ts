/**
 * During `pulumi preview`, values that are not known yet arrive as unknowns. @pulumi/policy wraps properties in a
 * proxy that throws `UnknownValueError` when a policy reads one (it turns the wire sentinels, e.g. the string
 * `04da6b54-80e4-46f7-96ec-b56ff0331ba9`, into such values). A stack policy that lets that error escape is
 * skipped for the *whole stack*, so checks read uncertain values through `known`, value by value: an unknown makes
 * only that value unknown, and the rest of the object is still checked.
 *
 * An unknown is never a silent pass either. While a policy runs under CrossGuard, the adapter (lib/adapter.ts)
 * wraps every resource's properties with `trackUnknowns`, which records each unknown value a check reads (with the
 * resource and the property path); after the check, the adapter reports the recorded values as one ADVISORY
 * finding of that policy ("not verified during preview: ..."), next to the definite violations, which keep their
 * level. Reads that only label a message (a container's or an object's name) go through `cosmetic`, which is not
 * recorded: an unknown name cannot change a verdict.
 */

/** The wire sentinels of values unknown during preview (@pulumi/policy's proxy.ts), by the type they stand for. */
export const UNKNOWN_SENTINELS: Readonly<Record<string, string>> = {
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7": "boolean",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421": "number",
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9": "string",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2": "array",
    "030794c1-ac77-496b-92df-f27374a8bd58": "asset",
    "e48ece36-62e2-4504-bad9-02848725956a": "archive",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff": "object",
};

export function isUnknownValueError(e: unknown): boolean {
    return e instanceof Error && e.constructor?.name === "UnknownValueError";
}

/** One value a check read that is unknown during preview. */
export interface UnverifiedRead {
    /** URN of the resource whose property it is. */
    urn: string;
    /** `Kind "name"` for messages. */
    resource: string;
    /** Property path, e.g. `.spec.template.spec.containers[0].securityContext.privileged`. */
    path: string;
}

/** The recorder of the evaluation in progress (set by the adapter around one synchronous check), if any. */
let recorder: Map<string, UnverifiedRead> | undefined;
/** >0 while a `cosmetic` read runs: its unknowns only label a message and are not recorded. */
let cosmeticDepth = 0;

function pathText(keys: readonly PropertyKey[]): string {
    return keys.map((k) => (/^\d+$/.test(String(k)) ? `[${String(k)}]` : `.${String(k)}`)).join("");
}

function record(urn: string, resource: string, keys: readonly PropertyKey[]): void {
    if (!recorder || cosmeticDepth > 0) return;
    const path = pathText(keys);
    recorder.set(`${urn}\u0000${path}`, { urn, resource, path });
}

/** Evaluates `read`; returns `fallback` when it touches a value that is unknown during preview. */
export function known<T>(read: () => T, fallback: T): T {
    try {
        return read();
    } catch (e) {
        if (isUnknownValueError(e)) return fallback;
        throw e;
    }
}

/**
 * `known(() => obj[key], fallback)` without building a closure: for the reads the policies make per container of
 * every pod (image, probes, resources), where a closure (and its context) per read was most of their allocation.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped Kubernetes JSON
export function knownField<T>(obj: Record<PropertyKey, any>, key: PropertyKey, fallback: T): unknown {
    try {
        return obj[key];
    } catch (e) {
        if (isUnknownValueError(e)) return fallback;
        throw e;
    }
}

/**
 * Like `known`, for values that only label a message (names): an unknown here cannot change a verdict, so it is
 * not reported as unverified.
 */
export function cosmetic<T>(read: () => T, fallback: T): T {
    cosmeticDepth++;
    try {
        return known(read, fallback);
    } finally {
        cosmeticDepth--;
    }
}

/**
 * Like `known`, for a value whose being unknown decides the check by itself (e.g. a key ARN computed from a KMS
 * key of the same stack: the check needs a customer key to be set, and one will be). The caller's `fallback`
 * says what an unknown means; it is not reported as unverified.
 */
export function computed<T>(read: () => T, fallback: T): T {
    return cosmetic(read, fallback);
}

/** Runs `evaluate` and returns its result with every unknown value it read through tracked properties. */
export function collectUnverified<T>(evaluate: () => T): { result: T; unverified: UnverifiedRead[] } {
    const outer = recorder;
    const outerDepth = cosmeticDepth;
    recorder = new Map();
    cosmeticDepth = 0;
    try {
        const result = evaluate();
        return { result, unverified: [...recorder.values()] };
    } finally {
        recorder = outer;
        cosmeticDepth = outerDepth;
    }
}

/** A read remembered by `memoRead`: its value and the unknown values it read. */
export interface MemoEntry<T> {
    value: T;
    reads: UnverifiedRead[];
}

/**
 * Runs `read` once per `key` object (a resource's properties, which every policy of one request shares) and
 * remembers its value in `cache`; each later call returns that value and records, for the evaluation in progress,
 * the unknown values the first call read, exactly as if it had read them again. `read` must be pure (depend only on
 * what `key` identifies). A read that throws is not remembered.
 */
export function memoRead<T>(cache: WeakMap<object, MemoEntry<T>>, key: object, read: () => T): T {
    const hit = cache.get(key);
    if (hit) {
        if (hit.reads.length) replay(hit.reads);
        return hit.value;
    }
    const outer = recorder;
    const outerDepth = cosmeticDepth;
    recorder = new Map();
    cosmeticDepth = 0;
    let value: T;
    let reads: UnverifiedRead[];
    try {
        value = read();
    } finally {
        reads = [...recorder.values()];
        recorder = outer;
        cosmeticDepth = outerDepth;
        replay(reads);
    }
    cache.set(key, { value, reads });
    return value;
}

/** `memoHit`'s answer when `key` has no remembered read. */
export const MEMO_MISS: unique symbol = Symbol("memo miss");

/**
 * `memoRead`'s hit path alone, for the hot callers: the remembered value (its unknown reads recorded for the
 * evaluation in progress, as `memoRead` does), or `MEMO_MISS`; the caller then calls `memoRead`. Spares the caller
 * building a `read` closure on every call when the value is nearly always remembered.
 */
export function memoHit<T>(cache: WeakMap<object, MemoEntry<T>>, key: object): T | typeof MEMO_MISS {
    const hit = cache.get(key);
    if (hit === undefined) return MEMO_MISS;
    if (hit.reads.length) replay(hit.reads);
    return hit.value;
}

/** Records, for the evaluation in progress, reads remembered by `memoRead`. */
function replay(reads: UnverifiedRead[]): void {
    if (!recorder || cosmeticDepth > 0) return;
    for (const r of reads) recorder.set(`${r.urn}\u0000${r.path}`, r);
}

/** The tracking proxies of each object, by owner (`urn`, `resource`): one per object and resource. */
const wrappers = new WeakMap<object, Map<string, object>>();

/**
 * Wraps (possibly @pulumi/policy-proxied) properties so that every unknown value read through them is recorded
 * for the evaluation in progress, attributed to `urn`/`resource` and the property path. The error still
 * propagates to the reader (`known` decides the fallback). Plain values pass through unchanged. The same
 * properties of the same resource get the same proxy, and a proxy keeps its children, so repeated reads (by one
 * check or by several policies) allocate nothing.
 */
export function trackUnknowns<T>(props: T, urn: string, resource: string): T {
    if (props === null || typeof props !== "object") return props;
    const target = props as object;
    let byOwner = wrappers.get(target);
    const owner = `${urn}\u0000${resource}`;
    const cached = byOwner?.get(owner);
    if (cached) return cached as T;
    const proxy = new Tracker(target, urn, resource, []).proxy;
    if (!byOwner) {
        byOwner = new Map();
        wrappers.set(target, byOwner);
    }
    byOwner.set(owner, proxy);
    return proxy as T;
}

/** The proxy handler of one tracked object (its `get` is on the prototype: no closures per object). */
class Tracker implements ProxyHandler<object> {
    readonly proxy: object;
    /** Child trackers, by key, created on first read. */
    private children?: Map<PropertyKey, Tracker>;

    constructor(
        readonly target: object,
        private readonly urn: string,
        private readonly resource: string,
        private readonly keys: PropertyKey[],
    ) {
        this.proxy = new Proxy(target, this);
    }

    get(t: object, key: PropertyKey, receiver: unknown): unknown {
        let v: unknown;
        try {
            v = Reflect.get(t, key, receiver === this.proxy ? t : receiver);
        } catch (e) {
            if (isUnknownValueError(e)) {
                const errPath = (e as { props?: PropertyKey[] }).props;
                record(this.urn, this.resource, errPath && errPath.length ? errPath : [...this.keys, key]);
            }
            throw e;
        }
        if (typeof key === "symbol") return v;
        // A raw sentinel (properties not proxied by @pulumi/policy, e.g. in tests) is unknown all the same.
        if (typeof v === "string" && v in UNKNOWN_SENTINELS) {
            record(this.urn, this.resource, [...this.keys, key]);
            throw new UnknownValueError(v, [...this.keys, key]);
        }
        if (v === null || typeof v !== "object") return v;
        const child = this.children?.get(key);
        if (child && child.target === v) return child.proxy;
        const desc = Object.getOwnPropertyDescriptor(t, key);
        if (desc && "value" in desc && desc.configurable === false && desc.writable === false) return v;
        const c = new Tracker(v, this.urn, this.resource, [...this.keys, key]);
        (this.children ??= new Map()).set(key, c);
        return c.proxy;
    }
}

/** Thrown for a raw sentinel read through `trackUnknowns`; named like @pulumi/policy's error so `known` treats it alike. */
class UnknownValueError extends Error {
    constructor(
        sentinel: string,
        readonly props: PropertyKey[],
    ) {
        super(`${UNKNOWN_SENTINELS[sentinel]} value at ${pathText(props)} can't be known during preview`);
    }
}

/**
 * One line that says what could not be verified and why (the advisory finding's message): the checks' own
 * undecided findings, then the unknown values read.
 */
export function unverifiedMessage(undecided: string[], reads: UnverifiedRead[]): string {
    const max = 20;
    const parts: string[] = [];
    if (undecided.length) parts.push(`not verified: ${undecided.join("; ")}`);
    if (reads.length) {
        const items = reads.slice(0, max).map((r) => `${r.resource} ${r.path}`);
        const more = reads.length > max ? ` and ${reads.length - max} more` : "";
        parts.push(
            `values unknown until apply, so the checks that read them could not be decided: ${items.join("; ")}${more}`,
        );
    }
    return parts.join(". ");
}
