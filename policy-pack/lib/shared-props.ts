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
 */
/* eslint-disable @typescript-eslint/no-require-imports -- internal modules of @pulumi/policy (no typings) */

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
/** The shared read-only proxy of each shared value. */
const proxies = new WeakMap<object, object>();

/** Counters for tests and profiling: Structs converted, and calls answered from the memo. */
export const sharedPropsStats = { deserialized: 0, reused: 0 };

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
    const readOnly = (path: PropertyKey[], key: PropertyKey): never => {
        throw new TypeError(
            `a policy tried to modify its input at .${[...path, key].map(String).join(".")}: resource properties are shared by every policy and read-only`,
        );
    };
    const wrap = (target: object, path: PropertyKey[]): object => {
        const children = new Map<PropertyKey, { field: unknown; proxy: unknown }>();
        return new Proxy(target, {
            get(obj, prop) {
                if (prop === p.isSpecialProxy) return true;
                if (prop === p.getSpecialProxyTarget) return obj;
                const field = (obj as Record<PropertyKey, unknown>)[prop];
                if (sentinels.has(field)) throw new p.UnknownValueError(field, path.concat([prop]));
                if (!(field instanceof Object)) return field;
                const child = children.get(prop);
                if (child && child.field === field) return child.proxy;
                // The proxy invariant, as the library honours it: a non-configurable, non-writable own data
                // property (e.g. a function's `prototype`) is returned as it is.
                const desc = Object.getOwnPropertyDescriptor(obj, prop);
                if (desc && "value" in desc && desc.configurable === false && desc.writable === false)
                    return field;
                const proxy = wrap(field, path.concat([prop]));
                children.set(prop, { field, proxy });
                return proxy;
            },
            set: (_o, prop) => readOnly(path, prop),
            defineProperty: (_o, prop) => readOnly(path, prop),
            deleteProperty: (_o, prop) => readOnly(path, prop),
            setPrototypeOf: () => readOnly(path, "__proto__"),
        });
    };
    p.unknownCheckingProxy = <T>(toProxy: T): T => {
        if (!(toProxy instanceof Object) || !shared.has(toProxy)) return originalProxy(toProxy);
        let proxy = proxies.get(toProxy);
        if (!proxy) {
            proxy = wrap(toProxy, []);
            proxies.set(toProxy, proxy);
        }
        return proxy as T;
    };
    d[marker] = true;
    p[marker] = true;
}
