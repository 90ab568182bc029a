/**
 * One deserialisation of each resource per analyzer request, shared by every policy.
 *
 * @pulumi/policy 1.21.0's analyzer server (server.js) converts a resource's property Struct to JavaScript and wraps
 * it in a new unknown-checking proxy once per POLICY: `Analyze` does it for every resource policy, and
 * `AnalyzeStack` for every stack policy times every resource of the stack. With 84 policies that is ~30
 * deserialisations of every resource in `Analyze` and ~25 more of the whole stack in `AnalyzeStack`, and the
 * library's proxy allocates a new proxy and a new path array on every property read. At 10,000 objects this was
 * most of the pack's time and memory (profile: Struct.toJavaScript + deserializeProperty + GC ~65% of the pack).
 *
 * `installSharedProps()` replaces the two module functions the server calls (`deserialize.deserializeProperties`
 * and `proxy.unknownCheckingProxy`, looked up on the module object at each call) with:
 * - a memo keyed by the request's Struct object (the wire message owns it: a new request has new Structs, so the
 *   memo is per request by construction and is collected with the request, WeakMap);
 * - for those shared values, an unknown-checking proxy with the same behaviour (the same `UnknownValueError`, with
 *   the same property path, for a read of an unknown sentinel; the same pass-through of non-configurable,
 *   non-writable properties) that caches its child proxies and is READ-ONLY: as policies now share one object, a
 *   policy that tries to modify its input fails loudly (TypeError naming the property) instead of changing what
 *   the next policy sees.
 * Anything else (remediations, which deserialize with secrets and may modify and return their input) goes to the
 * library's own functions unchanged.
 *
 * Issue 15: most resources hold no unknown value at all. For a Struct decoded by lib/wire.ts whose value is plain
 * JSON with every value known (`WireStruct.decodeKnownFrozen`), the memo keeps that value itself, deep-frozen (the
 * library's conversion would be a plain copy of it), and `unknownCheckingProxy` returns it unproxied: no read of it
 * can find an unknown, and a policy that tries to modify it fails loudly all the same (a TypeError in strict code,
 * which every policy of the pack is). lib/known-props.ts remembers these values for the adapter.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- internal modules of @pulumi/policy (no typings) */
import { isKnownProps, markKnownProps } from "./known-props";

type Props = Record<string, unknown>;

interface DeserializeModule {
    deserializeProperties: (struct: unknown, proxySecrets: boolean) => Props;
}
interface ProxyModule {
    unknownCheckingProxy: <T>(toProxy: T) => T;
    UnknownValueError: new (sentinel: unknown, props: PropertyKey[]) => Error;
    isSpecialProxy: string;
    getSpecialProxyTarget: string;
    unknownBooleanValue: string;
    unknownNumberValue: string;
    unknownStringValue: string;
    unknownArrayValue: string;
    unknownAssetValue: string;
    unknownArchiveValue: string;
    unknownObjectValue: string;
}

const marker = Symbol.for("hardened-cluster.sharedProps");

/** Values this module deserialized (and may therefore wrap in its shared, read-only proxy). */
const shared = new WeakSet<object>();
/** A value (or a part of one) behind the shared read-only proxy. */
interface Node {
    proxy: object;
    parent: Node | undefined;
    key: PropertyKey | undefined;
}
/** The proxy, parent and key of each object inside a shared value. */
const nodes = new WeakMap<object, Node>();

/** Counters for tests and profiling: Structs converted, and calls answered from the memo. */
export const sharedPropsStats = { deserialized: 0, reused: 0, known: 0 };

/** Whether the server of this process uses the shared deserialisation. */
export function sharedPropsInstalled(): boolean {
    const d = require("@pulumi/policy/deserialize") as DeserializeModule & { [marker]?: boolean };
    return d[marker] === true;
}

/** Installs the shared deserialisation into @pulumi/policy's server (idempotent). */
export function installSharedProps(): void {
    const d = require("@pulumi/policy/deserialize") as DeserializeModule & { [marker]?: boolean };
    const p = require("@pulumi/policy/proxy") as ProxyModule & { [marker]?: boolean };
    if (d[marker]) return;
    if (typeof d.deserializeProperties !== "function" || typeof p.unknownCheckingProxy !== "function")
        throw new Error(
            "@pulumi/policy changed: deserialize.deserializeProperties or proxy.unknownCheckingProxy is missing (policy-pack/lib/shared-props.ts supports 1.21.0)",
        );
    const originalDeserialize = d.deserializeProperties.bind(d);
    const originalProxy = p.unknownCheckingProxy.bind(p);
    const byStruct = new WeakMap<object, Props>();
    d.deserializeProperties = (struct: unknown, proxySecrets: boolean): Props => {
        if (proxySecrets || typeof struct !== "object" || struct === null)
            return originalDeserialize(struct, proxySecrets);
        const cached = byStruct.get(struct);
        if (cached) {
            sharedPropsStats.reused++;
            return cached;
        }
        const known = (struct as { decodeKnownFrozen?: () => Props | undefined }).decodeKnownFrozen?.();
        if (known) {
            sharedPropsStats.deserialized++;
            sharedPropsStats.known++;
            byStruct.set(struct, known);
            markKnownProps(known);
            return known;
        }
        const value = originalDeserialize(struct, false);
        sharedPropsStats.deserialized++;
        byStruct.set(struct, value);
        shared.add(value);
        return value;
    };
    const sentinels = new Set<unknown>([
        p.unknownBooleanValue,
        p.unknownNumberValue,
        p.unknownStringValue,
        p.unknownArrayValue,
        p.unknownAssetValue,
        p.unknownArchiveValue,
        p.unknownObjectValue,
    ]);
    // One handler for every shared proxy (no closures per object): a node knows its parent and key, from which
    // the property path of an error is built only when one is thrown.
    const pathOf = (n: Node | undefined, key?: PropertyKey): PropertyKey[] => {
        const path: PropertyKey[] = key === undefined ? [] : [key];
        for (let cur = n; cur && cur.parent; cur = cur.parent) path.unshift(cur.key!);
        return path;
    };
    const readOnly = (obj: object, key: PropertyKey): never => {
        throw new TypeError(
            `a policy tried to modify its input at .${pathOf(nodes.get(obj), key).map(String).join(".")}: resource properties are shared by every policy and read-only`,
        );
    };
    const handler: ProxyHandler<object> = {
        get(obj, prop) {
            if (prop === p.isSpecialProxy) return true;
            if (prop === p.getSpecialProxyTarget) return obj;
            const field = (obj as Record<PropertyKey, unknown>)[prop];
            if (sentinels.has(field)) throw new p.UnknownValueError(field, pathOf(nodes.get(obj), prop));
            if (!(field instanceof Object)) return field;
            const known = nodes.get(field);
            if (known) return known.proxy;
            // The proxy invariant, as the library honours it: a non-configurable, non-writable own data
            // property (e.g. a function's `prototype`) is returned as it is.
            const desc = Object.getOwnPropertyDescriptor(obj, prop);
            if (desc && "value" in desc && desc.configurable === false && desc.writable === false)
                return field;
            // A function (Array.prototype.map, ...) is shared by every value: it gets no parent, so it keeps
            // nothing of this request alive.
            return wrap(field, typeof field === "function" ? undefined : nodes.get(obj), prop);
        },
        set: (obj, prop) => readOnly(obj, prop),
        defineProperty: (obj, prop) => readOnly(obj, prop),
        deleteProperty: (obj, prop) => readOnly(obj, prop),
        setPrototypeOf: (obj) => readOnly(obj, "__proto__"),
    };
    // A deserialized value is a tree, so each object has one parent and one path.
    const wrap = (target: object, parent: Node | undefined, key: PropertyKey | undefined): object => {
        const proxy = new Proxy(target, handler);
        nodes.set(target, { proxy, parent, key });
        return proxy;
    };
    p.unknownCheckingProxy = <T>(toProxy: T): T => {
        if (isKnownProps(toProxy)) return toProxy;
        if (!(toProxy instanceof Object) || !shared.has(toProxy)) return originalProxy(toProxy);
        return (nodes.get(toProxy)?.proxy ?? wrap(toProxy, undefined, undefined)) as T;
    };
    d[marker] = true;
    p[marker] = true;
}
