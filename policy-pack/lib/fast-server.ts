/**
 * The `Analyze` and `AnalyzeStack` handlers of @pulumi/policy's analyzer server, doing each resource's bookkeeping
 * once per request instead of once per policy (issue 15).
 *
 * @pulumi/policy 1.21.0's handlers (server.js `makeAnalyzeRpcFun`, `makeAnalyzeStackRpcFun`) build, for EVERY policy,
 * the arguments of every resource: the properties (deserialized and proxied), the resource options
 * (`getResourceOptions`, `getCustomTimeouts`), the provider (`getProviderResource`, which deserializes the provider's
 * properties), the parent and dependency links, the property dependencies, closures (`isType`, `asType`,
 * `getConfig`), and then await each policy. At 10,000 objects and 46 stack policies that is 460,000 resource objects
 * per AnalyzeStack, about a quarter of the pack's CPU after lib/shared-props.ts.
 *
 * The policies of this pack are all built by lib/adapter.ts, which needs only a resource's type, name, URN,
 * properties, `protect` flag and property dependencies (as URNs), and the policy's config. So when EVERY policy of
 * the pack carries the adapter's fast entry points (`attachFast`), `installFastServer()` serves `analyze` and
 * `analyzeStack` with the handlers below, which keep the library's semantics:
 * - the same policies run in the same order: the level is the configured one, else the policy's, else the pack's;
 *   "disabled" skips, "remediate" reports as "mandatory"; a resource policy without `validateResource` and a policy
 *   whose validation names another `__pulumiType` are "not applicable" with the library's reasons;
 * - the same diagnostics: a reported violation is `<description>\n<message>` at the policy's level with its
 *   severity (the library's `makeReportViolationFun`); an `UnknownValueError` escaping a policy is the library's
 *   advisory "can't run policy '<name>' from policy pack '<pack>@v<version>' during preview: <message>" with the
 *   policy's own fields; any other error fails the request with "Error validating resource with policy ..." (the
 *   library's `asGrpcError`), including the errors of building the arguments, which happen at the first policy
 *   that runs, in the library's order (properties, options, provider; "A more recent version of the Pulumi CLI is
 *   required..." when a resource has no options);
 * - the config each policy receives is its configured properties without `enforcementLevel`, as the library's
 *   `getConfig` gives them, but one copy per policy and `Configure` (frozen at the top: a policy that would modify
 *   it fails loudly) instead of one per policy and resource; the pack's config is what `Configure` last set (the
 *   library's own `configure` still runs; its result is read back from the same request, as the library parses it);
 * - one report function per request, for the policy that is running (the policies run synchronously);
 * - properties are deserialized and proxied through the library's module functions (with lib/shared-props.ts in
 *   place), property dependencies keep only URNs of resources of the stack (the library maps them to resource
 *   objects and drops the others).
 * What the adapter does not use is not built (options other than `protect`, parent and dependency objects,
 * `stackTags`, `isType`/`asType`, `notApplicable`: no policy of the pack calls them). The policies run
 * synchronously, without an await per policy.
 *
 * Internals this relies on (pinned @pulumi/policy 1.21.0, @pulumi/pulumi 3.248.0; test/policy-pack/fast-server.test.ts
 * fails if they change): `server.serve` called through the module object by `PolicyPack` (policy.js), which calls
 * `grpc.Server.prototype.addService(AnalyzerService, { analyze, analyzeStack, configure, ... })` once;
 * `policy.isResourcePolicy`, `policy.isStackPolicy`, `policy.getPulumiType`, `protoutil.makeAnalyzeResponse`,
 * `protoutil.asGrpcError`, `protoutil.convertEnforcementLevel`, `proxy.UnknownValueError`,
 * `deserialize.deserializeProperties`, `proxy.unknownCheckingProxy`. With another version of @pulumi/policy, or a
 * policy not built by the adapter, the library's handlers serve as before.
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- internal modules of @pulumi/policy and generated protobuf code (no typings) */
import * as path from "path";
import type { PolicyConfig, PolicyResource } from "./types";

/** The @pulumi/policy version whose server internals this module mirrors. */
export const pinnedPolicyVersion = "1.21.0";

const fastKey = Symbol.for("hardened-cluster.fastPolicy");
const marker = Symbol.for("hardened-cluster.fastServer");

/** Reports a violation: the message (without the description), and for a stack policy the resource it blames. */
export type Report = (message: string, urn?: string) => void;

/** A policy's entry points for the fast handlers (set by lib/adapter.ts). */
export interface FastPolicy {
    resource?: (r: PolicyResource, config: PolicyConfig, report: Report) => void;
    /** Builds, once per request, what `stack` receives (the same function for every stack policy of the pack). */
    prepareStack?: (resources: PolicyResource[]) => unknown;
    stack?: (prepared: unknown, config: PolicyConfig, report: Report) => void;
}

/** Attaches the fast entry points to a CrossGuard policy (not enumerable: the library copies a policy's fields). */
export function attachFast(policy: object, fast: FastPolicy): void {
    Object.defineProperty(policy, fastKey, { value: fast, enumerable: false });
}

function fastOf(p: any): FastPolicy | undefined {
    return p?.[fastKey];
}

/** The pack's config as `Configure` set it: policy name -> properties and `enforcementLevel`. */
export interface ServerState {
    config: Record<string, Record<string, unknown>>;
}

interface Lib {
    policy: any;
    protoutil: any;
    proxy: any;
    deserialize: any;
    analyzerproto: any;
}

function lib(): Lib {
    return {
        policy: require("@pulumi/policy/policy"),
        protoutil: require("@pulumi/policy/protoutil"),
        proxy: require("@pulumi/policy/proxy"),
        deserialize: require("@pulumi/policy/deserialize"),
        analyzerproto: require("@pulumi/pulumi/proto/analyzer_pb"),
    };
}

/** Each policy's config, for one `Configure` (the `config` object it is computed from). */
const configCache = new WeakMap<object, Map<string, PolicyConfig>>();

/**
 * The library's `getConfig`: the policy's configured properties without `enforcementLevel`. The library makes a
 * new shallow copy per call (per policy and resource); here one copy per policy and `Configure`, frozen at the top
 * (the library shares the nested values between calls all the same), so that a policy that would modify it fails
 * loudly instead of changing what the next resource's check sees.
 */
function configOf(state: ServerState, name: string): PolicyConfig {
    let byName = configCache.get(state.config);
    if (!byName) {
        byName = new Map();
        configCache.set(state.config, byName);
    }
    let config = byName.get(name);
    if (!config) {
        const c = state.config[name];
        if (!c) config = {};
        else {
            const { enforcementLevel: _level, ...properties } = c; // eslint-disable-line @typescript-eslint/no-unused-vars
            config = properties as PolicyConfig;
        }
        byName.set(name, Object.freeze(config));
    }
    return config;
}

/** The library's `pushNotApplicable`. */
function pushNotApplicable(l: Lib, list: any[] | undefined, policyName: string, reason: string): any[] {
    const na = new l.analyzerproto.PolicyNotApplicable();
    na.setPolicyName(policyName);
    if (reason) na.setReason(reason);
    return [...(list ?? []), na];
}

interface Diagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    message: string;
    urn?: string;
    description: string;
    enforcementLevel: string;
    severity?: string;
    [k: string]: unknown;
}

/** The policy running and its level, for the one report function of a request (policies run synchronously). */
interface Running {
    p: any;
    level: string;
}

/** The library's `makeReportViolationFun`, for whichever policy of the request is running. */
function reporter(
    running: Running,
    packName: string,
    packVersion: string,
    ds: Diagnostic[],
): (message: any, urn?: string) => void {
    return (message, urn) => {
        const { p, level } = running;
        if (typeof message === "object") {
            ds.push({
                policyName: message.name || p.name,
                policyPackName: packName,
                policyPackVersion: packVersion,
                message: message.message || message.description || p.description,
                urn: message.urn,
                description: message.description || p.description,
                enforcementLevel: message.enforcementLevel || level,
                severity: message.severity || p.severity,
            });
            return;
        }
        ds.push({
            policyName: p.name,
            policyPackName: packName,
            policyPackVersion: packVersion,
            message: message ? `${p.description}\n${message}` : p.description,
            urn,
            description: p.description,
            enforcementLevel: level,
            severity: p.severity,
        });
    };
}

/** What the library does with an error escaping a policy: an advisory for an unknown value, else a failed request. */
function onPolicyError(
    l: Lib,
    e: unknown,
    p: any,
    fn: string,
    packName: string,
    packVersion: string,
    ds: Diagnostic[],
) {
    const policyFrom = `policy '${p.name}' from policy pack '${packName}@v${packVersion}'`;
    if (e instanceof l.proxy.UnknownValueError) {
        const diag: Record<string, unknown> = {};
        for (const k of Object.keys(p)) if (k !== fn && k !== "name") diag[k] = p[k];
        ds.push({
            policyName: p.name,
            policyPackName: packName,
            policyPackVersion: packVersion,
            message: `can't run ${policyFrom} during preview: ${(e as Error).message}`,
            ...diag,
            enforcementLevel: "advisory",
        } as Diagnostic);
        return;
    }
    throw l.protoutil.asGrpcError(e, `Error validating resource with ${policyFrom}`);
}

/** The policy's level for this request, or undefined when it does not run (the library's resolution). */
function levelOf(state: ServerState, p: any, packLevel: string): string | undefined {
    const level = (state.config[p.name]?.enforcementLevel as string) || p.enforcementLevel || packLevel;
    if (level === "disabled") return undefined;
    return level === "remediate" ? "mandatory" : level;
}

/** The policies that run, in order, with their levels: per `Configure` (the `config` object), as the library skips them. */
const runnableCache = new WeakMap<object, { resource: Running[]; stack: Running[] }>();

function runnable(
    l: Lib,
    state: ServerState,
    policies: any[],
    packLevel: string,
    kind: "resource" | "stack",
): Running[] {
    let r = runnableCache.get(state.config);
    if (!r) {
        r = { resource: [], stack: [] };
        for (const p of policies) {
            const level = levelOf(state, p, packLevel);
            if (!level) continue;
            if (l.policy.isResourcePolicy(p)) r.resource.push({ p, level });
            if (l.policy.isStackPolicy(p)) r.stack.push({ p, level });
        }
        runnableCache.set(state.config, r);
    }
    return r[kind];
}

/**
 * A resource of a request as the library builds it for a policy, once: properties through the library's (shared)
 * deserialisation and proxy, the options' existence and `protect`, the provider's properties deserialized (for their
 * errors only), in the library's order.
 */
function resourceOf(l: Lib, r: any): PolicyResource {
    const type: string = r.getType();
    const props = l.proxy.unknownCheckingProxy(l.deserialize.deserializeProperties(r.getProperties(), false));
    const urn: string = r.getUrn();
    const name: string = r.getName();
    const opts = r.getOptions();
    if (!opts)
        throw new Error(
            "A more recent version of the Pulumi CLI is required. " +
                "To upgrade, see https://www.pulumi.com/docs/get-started/install/",
        );
    const prov = r.getProvider();
    if (prov) l.proxy.unknownCheckingProxy(l.deserialize.deserializeProperties(prov.getProperties(), false));
    return { type, name, urn, props, opts: { protect: !!opts.getProtect() } };
}

/** The fast `analyze` handler. */
export function makeFastAnalyzeRpcFun(
    packName: string,
    packVersion: string,
    packLevel: string,
    policies: any[],
    state: ServerState,
): (call: any, callback: (err: any, resp?: any) => void) => void {
    const l = lib();
    return (call, callback) => {
        const req = call.request;
        const ds: Diagnostic[] = [];
        let notApplicable: any[] | undefined;
        let resource: PolicyResource | undefined;
        const running: Running = { p: undefined, level: "" };
        const report = reporter(running, packName, packVersion, ds);
        try {
            const type: string = req.getType();
            for (const { p, level } of runnable(l, state, policies, packLevel, "resource")) {
                if (!p.validateResource) {
                    notApplicable = pushNotApplicable(
                        l,
                        notApplicable,
                        p.name,
                        "Policy does not implement validateResource",
                    );
                    continue;
                }
                if (!Array.isArray(p.validateResource)) {
                    const pulumiType = l.policy.getPulumiType(p.validateResource);
                    if (pulumiType && type !== pulumiType) {
                        const reason = `Policy only applies to resources of type '${pulumiType}'`;
                        notApplicable = pushNotApplicable(l, notApplicable, p.name, reason);
                        continue;
                    }
                }
                running.p = p;
                running.level = level;
                try {
                    resource ??= resourceOf(l, req);
                    fastOf(p)!.resource!(resource, configOf(state, p.name), report);
                } catch (e) {
                    onPolicyError(l, e, p, "validateResource", packName, packVersion, ds);
                }
            }
        } catch (err) {
            callback(err, undefined);
            return;
        }
        callback(undefined, l.protoutil.makeAnalyzeResponse(ds, notApplicable));
    };
}

/** The fast `analyzeStack` handler. */
export function makeFastAnalyzeStackRpcFun(
    packName: string,
    packVersion: string,
    packLevel: string,
    policies: any[],
    state: ServerState,
): (call: any, callback: (err: any, resp?: any) => void) => void {
    const l = lib();
    return (call, callback) => {
        const req = call.request;
        const ds: Diagnostic[] = [];
        let notApplicable: any[] | undefined;
        let resources: any[] | undefined;
        const prepared = new Map<unknown, unknown>();
        let plain: PolicyResource[] | undefined;
        const running: Running = { p: undefined, level: "" };
        const report = reporter(running, packName, packVersion, ds);
        try {
            resources = req.getResourcesList() as any[];
            for (const { p, level } of runnable(l, state, policies, packLevel, "stack")) {
                const pulumiType = l.policy.getPulumiType(p.validateStack);
                if (pulumiType && !resources.some((r) => r.getType() === pulumiType)) {
                    const reason = `Policy only applies to resources of type '${pulumiType}'`;
                    notApplicable = pushNotApplicable(l, notApplicable, p.name, reason);
                    continue;
                }
                running.p = p;
                running.level = level;
                try {
                    plain ??= stackOf(l, resources);
                    const fast = fastOf(p)!;
                    if (!prepared.has(fast.prepareStack))
                        prepared.set(fast.prepareStack, fast.prepareStack!(plain));
                    fast.stack!(prepared.get(fast.prepareStack), configOf(state, p.name), report);
                } catch (e) {
                    onPolicyError(l, e, p, "validateStack", packName, packVersion, ds);
                }
            }
        } catch (err) {
            callback(err, undefined);
            return;
        }
        callback(undefined, l.protoutil.makeAnalyzeResponse(ds, notApplicable));
    };
}

/** The stack's resources, once per request; property dependencies as URNs of resources of the stack. */
function stackOf(l: Lib, resources: any[]): PolicyResource[] {
    const out: Array<{ r: PolicyResource; deps: Array<[string, string[]]> }> = [];
    for (const msg of resources) {
        const r = resourceOf(l, msg);
        const deps: Array<[string, string[]]> = [];
        const map = msg.getPropertydependenciesMap();
        if (map) for (const [k, v] of map.entries()) deps.push([k, v.getUrnsList()]);
        out.push({ r, deps });
    }
    const urns = new Set(out.map((o) => o.r.urn));
    for (const o of out) {
        const pd: Record<string, string[]> = {};
        for (const [k, v] of o.deps) pd[k] = v.filter((u) => urns.has(u));
        o.r.propertyDependencies = pd;
    }
    releaseEncoded(resources);
    return out.map((o) => o.r);
}

/**
 * Once every resource is decoded (stackOf runs once per request, and nothing reads the messages' properties after
 * it), their encoded properties (lib/wire.ts `WireStruct`: views into the whole request) are let go, so that the
 * request's bytes are freed while the policies run instead of living as long as the call.
 */
function releaseEncoded(resources: any[]): void {
    for (const msg of resources) {
        msg.getProperties?.()?.release?.();
        msg.getProvider?.()?.getProperties?.()?.release?.();
    }
}

/** Whether the pack's server uses the fast handlers (set once `serve` registered them). */
export const fastServerStats = { installed: false, serving: false };

/**
 * Makes @pulumi/policy's `serve` register the fast handlers when every policy has fast entry points (before the
 * `PolicyPack` is created; idempotent). Nothing changes with another version of @pulumi/policy.
 */
export function installFastServer(): void {
    const srv = require("@pulumi/policy/server");
    if (srv[marker]) return;
    const version: string = require("@pulumi/policy/package.json").version;
    if (version.replace(/^v/, "") !== pinnedPolicyVersion) return;
    const grpc = require(
        require.resolve("@grpc/grpc-js", { paths: [path.dirname(require.resolve("@pulumi/policy/server"))] }),
    );
    const analyzerrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
    if (typeof srv.serve !== "function" || typeof grpc.Server?.prototype?.addService !== "function")
        throw new Error(
            "@pulumi/policy changed: server.serve or grpc Server.addService is missing (policy-pack/lib/fast-server.ts supports 1.21.0)",
        );
    const originalServe = srv.serve;
    srv.serve = function (
        packName: string,
        packVersion: string,
        packLevel: string,
        packArgs: { policies?: any[] },
        ...rest: unknown[]
    ) {
        const policies = packArgs?.policies ?? [];
        const proto = grpc.Server.prototype;
        const originalAdd = proto.addService;
        if (policies.length && policies.every((p) => fastOf(p)))
            proto.addService = function (this: unknown, service: unknown, impl: Record<string, any>) {
                if (service === analyzerrpc.AnalyzerService && typeof impl?.configure === "function") {
                    impl = fastImplementation(impl, packName, packVersion, packLevel, policies);
                    fastServerStats.serving = true;
                }
                return originalAdd.call(this, service, impl);
            };
        try {
            return originalServe.call(this, packName, packVersion, packLevel, packArgs, ...rest);
        } finally {
            proto.addService = originalAdd;
        }
    };
    srv[marker] = true;
    fastServerStats.installed = true;
}

/** The library's service implementation with the fast `analyze`/`analyzeStack` and a `configure` that records the config. */
export function fastImplementation(
    impl: Record<string, any>,
    packName: string,
    packVersion: string,
    packLevel: string,
    policies: any[],
): Record<string, any> {
    const state: ServerState = { config: {} };
    const configure = impl.configure;
    return {
        ...impl,
        configure: (call: any, callback: (err: any, resp?: any) => void) =>
            configure(call, (err: any, resp: any) => {
                if (!err) state.config = configOfRequest(call.request);
                callback(err, resp);
            }),
        analyze: makeFastAnalyzeRpcFun(packName, packVersion, packLevel, policies, state),
        analyzeStack: makeFastAnalyzeStackRpcFun(packName, packVersion, packLevel, policies, state),
    };
}

/** The pack's config from a `Configure` request, as the library's `configure` reads it. */
export function configOfRequest(req: any): ServerState["config"] {
    const l = lib();
    const config: ServerState["config"] = {};
    for (const [k, v] of req.getPolicyconfigMap().entries()) {
        const props = v.getProperties().toJavaScript();
        props.enforcementLevel = l.protoutil.convertEnforcementLevel(v.getEnforcementlevel());
        config[k] = props;
    }
    return config;
}
