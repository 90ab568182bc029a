/**
 * Program mode: runs a Pulumi program in preview mode under the SDK's own mock monitor and records every
 * registration as the engine would see it (the full RegisterResourceRequest, not just MockResourceArgs).
 * The program runs inside `runInPulumiStack`, exactly as the language host does, so the root
 * `pulumi:pulumi:Stack` resource and the default parent of every top-level resource are real.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { decodeYaml, expandYamlV2, remoteComponentWhy, yamlV2Types } from "./expand-yaml";
import { answerInvoke, InvokeOverrides, isMockedInvoke } from "./invokes";
import { helmChartV4Type } from "./helm-chart";
import { programLocation } from "./locations";
import { notAnalyzed } from "./not-analyzed";
import type { Violation } from "./run";
import { defaultOptions, GuardInputError, GuardResource, secretOf, unknownValue } from "./model";
import { resolveProgram } from "./program-path";
import { defaultProviderUrn, makeUrn, packageOf, rootStackType } from "./urn";

/* eslint-disable @typescript-eslint/no-explicit-any -- protobuf request objects are untyped here */

export interface ProgramOptions {
    /** Path of the program: a file, or a directory holding Pulumi.yaml (its `main`) or index.ts. */
    program: string;
    project: string;
    stack: string;
    /** Fully-qualified config (`project:key` -> string value), as PULUMI_CONFIG carries it. */
    config: Record<string, string>;
    /** Config keys that are secret. */
    secretKeys: string[];
    /** Receives the program's log lines and guard warnings (stderr by default). */
    log?: (line: string) => void;
    /**
     * Resolves when the program's process has nothing left to do (the child process passes its `beforeExit`, as
     * the language host lets a program run until its event loop drains). Without it, the capture ends when the
     * stack's outputs and the pending RPCs are done.
     */
    settled?: () => Promise<void>;
    /** Invoke answers that replace the built-in ones (`--invokes FILE`), by token: plain data, sent to the child. */
    invokeOverrides?: InvokeOverrides;
}

export interface ProgramCapture {
    resources: GuardResource[];
    warnings: string[];
    /** Advisory "not analyzed" findings: components whose children exist only in a real engine. */
    findings: Violation[];
}

function options(req: any): GuardResource["options"] {
    const o = defaultOptions();
    o.protect = !!req.getProtect();
    o.retainOnDelete = !!req.getRetainondelete?.();
    o.ignoreChanges = req.getIgnorechangesList?.() ?? [];
    o.replaceOnChanges = req.getReplaceonchangesList?.() ?? [];
    o.additionalSecretOutputs = req.getAdditionalsecretoutputsList?.() ?? [];
    o.aliases = [
        ...(req.getAliasurnsList?.() ?? []),
        ...(req.getAliasesList?.() ?? []).map(
            (a: any) => a.getUrn?.() || JSON.stringify(a.toObject?.() ?? {}),
        ),
    ];
    if (req.getDeletebeforereplacedefined?.()) o.deleteBeforeReplace = !!req.getDeletebeforereplace();
    const t = req.getCustomtimeouts?.();
    if (t && (t.getCreate() || t.getUpdate() || t.getDelete())) {
        o.customTimeouts = {
            create: t.getCreate() || undefined,
            update: t.getUpdate() || undefined,
            delete: t.getDelete() || undefined,
        };
    }
    return o;
}

/** Outputs the engine would report during preview for a new resource: the inputs, with additional secrets. */
function previewOutputs(
    inputs: Record<string, unknown>,
    additionalSecrets: string[],
): Record<string, unknown> {
    const out = { ...inputs };
    for (const k of additionalSecrets) if (k in out) out[k] = secretOf(out[k]);
    return out;
}

/** Options of the capture monitor: the guard's program mode, or a unit test's mocks (test/lib/mocks.ts). */
export interface CaptureMonitorOptions {
    project: string;
    stack: string;
    /** Preview (the guard): ids unknown, outputs are the inputs. Unit tests run with `false` and answer `newResource`. */
    preview: boolean;
    /** Fully-qualified config of the default providers (`project:key` -> string value). */
    config?: Record<string, string>;
    secretKeys?: string[];
    log?: (line: string) => void;
    invokeOverrides?: InvokeOverrides;
    /** Answers every invoke instead of the guard's offline answers (unit tests with their own answers). */
    call?: (token: string, inputs: Record<string, any>) => Record<string, unknown>;
    /**
     * The id and state returned for a registration, as `pulumi.runtime.setMocks`' `newResource` (its inputs are the
     * deserialized request, secrets still wrapped). Without it: preview semantics (unknown id, outputs = inputs).
     */
    newResource?: (
        args: pulumi.runtime.MockResourceArgs,
    ) => { id?: string; state: Record<string, any> } | Promise<{ id?: string; state: Record<string, any> }>;
    /** Called with every recorded resource and its RegisterResourceRequest (after `newResource`). */
    onRegister?: (r: GuardResource, req: any) => void;
    /** Accept a second registration of an URN (the engine refuses it; some unit tests construct twice). */
    allowDuplicateUrns?: boolean;
}

/** What the capture monitor records, filled as the program registers. */
export interface CaptureRecorder {
    resources: GuardResource[];
    warnings: string[];
    findings: Violation[];
    byUrn: Map<string, GuardResource>;
}

/**
 * Installs Pulumi's own mock monitor and answers its registrations the way the guard records them: URN (the engine's,
 * from the full chain of parent types), type, parent, provider (a synthesized default provider when none is given),
 * dependencies, property dependencies, options and inputs. The guard's program mode uses it in preview; unit tests
 * (test/lib/mocks.ts) use it with their own `newResource` answers.
 */
export function installCaptureMonitor(opts: CaptureMonitorOptions): CaptureRecorder {
    const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
    const config = opts.config ?? {};
    const secretKeys = opts.secretKeys ?? [];
    const warnings: string[] = [];
    const findings: Violation[] = [];
    const resources: GuardResource[] = [];
    const byUrn = new Map<string, GuardResource>();
    const defaultProviders = new Map<string, GuardResource>();

    const record = (r: GuardResource) => {
        if (byUrn.has(r.urn) && !opts.allowDuplicateUrns)
            throw new GuardInputError(`duplicate resource URN ${r.urn}`);
        byUrn.set(r.urn, r);
        resources.push(r);
    };

    const defaultProviderFor = (type: string, version: string): string => {
        const pkg = packageOf(type);
        const urn = defaultProviderUrn(opts.stack, opts.project, pkg, version);
        if (!defaultProviders.has(urn)) {
            // The engine configures default providers from the stack config of the package's namespace.
            const inputs: Record<string, unknown> = version ? { version } : {};
            for (const [k, v] of Object.entries(config)) {
                if (!k.startsWith(`${pkg}:`)) continue;
                const key = k.slice(pkg.length + 1);
                inputs[key] = secretKeys.includes(k) ? secretOf(v) : v;
            }
            const p: GuardResource = {
                urn,
                type: `pulumi:providers:${pkg}`,
                name: urn.split("::").pop()!,
                custom: true,
                dependencies: [],
                propertyDependencies: {},
                options: defaultOptions(),
                inputs,
                outputs: inputs,
                synthesized: true,
            };
            defaultProviders.set(urn, p);
            record(p);
        }
        return `${urn}::${unknownValue}`;
    };

    void pulumi.runtime.setMocks(
        {
            newResource: () => {
                throw new Error("unreachable: the guard answers registrations itself");
            },
            call: (args: pulumi.runtime.MockCallArgs) => {
                if (opts.call) return opts.call(args.token, args.inputs);
                // v1 yaml.ConfigFile/ConfigGroup parse their YAML through this invoke: answered as --manifests.
                if (args.token === "kubernetes:yaml:decode") return decodeYaml(args.inputs);
                if (!isMockedInvoke(args.token, opts.invokeOverrides)) {
                    const w = `invoke ${args.token} has no offline answer; returning {} (a real preview would call the provider)`;
                    warnings.push(w);
                    log(`warning: ${w}`);
                }
                return answerInvoke(args.token, args.inputs, opts.invokeOverrides) ?? {};
            },
        },
        opts.project,
        opts.stack,
        opts.preview,
    );

    // The mock monitor is Pulumi's own; only registration is answered here, so that the engine's URNs,
    // preview semantics (missing outputs are unknown, ids are unknown) and secret propagation hold.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const resproto = require("@pulumi/pulumi/proto/resource_pb");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const structproto = require("google-protobuf/google/protobuf/struct_pb");
    const monitor = settings.getMonitor();
    // The repo's own programs run from the compiled-JavaScript cache (scripts/ts-cache.js), without source maps:
    // their stack positions are JavaScript lines, mapped back to TypeScript when reported (guard/locations.ts).
    const tsCache = Object.values(require.cache).find((m) =>
        m?.filename.endsWith(`${path.sep}scripts${path.sep}ts-cache.js`),
    )?.exports as { wasCompiled?: (f: string) => boolean } | undefined;
    const compiledByCache = (f: string) => !!tsCache?.wasCompiled?.(f);

    monitor.registerResource = (req: any, callback: (err: any, resp?: any) => void) => {
        try {
            const type: string = req.getType();
            const name: string = req.getName();
            const parent: string = req.getParent();
            const custom: boolean = req.getCustom();
            const urn = makeUrn(opts.stack, opts.project, parent || undefined, type, name);
            const inputs = (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
            const o = options(req);
            let provider: string | undefined = req.getProvider() || undefined;
            if (custom && !provider && !type.startsWith("pulumi:providers:")) {
                provider = defaultProviderFor(type, req.getVersion());
            }
            const propertyDependencies: Record<string, string[]> = {};
            req.getPropertydependenciesMap().forEach((v: any, k: string) => {
                propertyDependencies[k] = v.getUrnsList();
            });
            const r: GuardResource = {
                urn,
                type,
                name,
                custom,
                parent: parent || undefined,
                provider: custom ? provider : undefined,
                dependencies: req.getDependenciesList(),
                propertyDependencies,
                options: o,
                // A remote component (helm.v4.Chart) keeps its inputs: the guard renders what the provider would.
                inputs: custom || req.getRemote?.() ? inputs : {},
                outputs: custom ? previewOutputs(inputs, o.additionalSecretOutputs) : {},
            };
            const location = programLocation(req, compiledByCache);
            if (location) r.location = location;
            record(r);
            if (req.getRemote?.()) {
                if (yamlV2Types.has(type)) {
                    const kProvider =
                        req.getProvider() ||
                        req.getProvidersMap?.().get("kubernetes") ||
                        defaultProviderFor("kubernetes:yaml/v2:ConfigGroup", req.getVersion());
                    const x = expandYamlV2(r, inputs, process.cwd());
                    findings.push(...x.findings);
                    for (const o of x.objects) {
                        record({
                            urn: makeUrn(opts.stack, opts.project, urn, o.type, o.name),
                            type: o.type,
                            name: o.name,
                            custom: true,
                            parent: urn,
                            provider: kProvider,
                            dependencies: [],
                            propertyDependencies: {},
                            options: defaultOptions(),
                            inputs: o.object,
                            outputs: o.object,
                            ...(o.source ? { source: o.source } : {}),
                        });
                    }
                } else if (type !== helmChartV4Type) findings.push(notAnalyzed(r, remoteComponentWhy(type)));
                // helm.v4.Chart is rendered (or reported) with the v3 Releases by guard/helm-render.ts.
            }
            const resp = new resproto.RegisterResourceResponse();
            resp.setUrn(urn);
            if (!opts.newResource) {
                resp.setId(""); // unknown during preview, as for any resource being created
                resp.setObject(structproto.Struct.fromJavaScript(r.outputs));
                opts.onRegister?.(r, req);
                callback(null, resp);
                return;
            }
            // A unit test's answer, serialized as Pulumi's mock monitor does.
            const answer = opts.newResource;
            void (async () => {
                const result = await answer({
                    type,
                    name,
                    inputs: pulumi.runtime.deserializeProperties(req.getObject()),
                    provider: req.getProvider(),
                    custom,
                    id: req.getImportid(),
                });
                const state = await pulumi.runtime.serializeProperties("", result.state);
                r.outputs = state;
                resp.setId(result.id || "");
                resp.setObject(structproto.Struct.fromJavaScript(state));
                opts.onRegister?.(r, req);
                return resp;
            })().then(
                (x) => callback(null, x),
                (err) => callback(err),
            );
        } catch (err) {
            callback(err);
        }
    };
    monitor.registerResourceOutputs = (req: any, callback: (err: any, resp?: any) => void) => {
        const r = byUrn.get(req.getUrn());
        if (r) r.outputs = (req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
        callback(null, {});
    };
    monitor.readResource = (req: any, callback: (err: any, resp?: any) => void) => {
        const w = `read of existing resource ${req.getType()} ${req.getName()} (${req.getId()}) cannot be answered offline`;
        warnings.push(w);
        log(`warning: ${w}`);
        const urn = makeUrn(
            opts.stack,
            opts.project,
            req.getParent() || undefined,
            req.getType(),
            req.getName(),
        );
        const resp = new resproto.ReadResourceResponse();
        resp.setUrn(urn);
        resp.setProperties(structproto.Struct.fromJavaScript({}));
        callback(null, resp);
    };

    return { resources, warnings, findings, byUrn };
}

/**
 * Runs the program and returns the captured resources. Call once per process: the Pulumi SDK keeps its
 * runtime state in module globals.
 */
export async function captureProgram(opts: ProgramOptions): Promise<ProgramCapture> {
    const entry = resolveProgram(opts.program);
    pulumi.runtime.setAllConfig(opts.config, opts.secretKeys);
    const recorder = installCaptureMonitor({ ...opts, preview: true });
    const { resources, warnings, findings } = recorder;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings");

    let failure: unknown;
    // A registration whose inputs fail to resolve (an apply that throws) never releases its RPC keep-alive, so
    // waitForRPCs would wait forever; the language host exits on the first unhandled error, and so does the guard.
    let failed: (e: unknown) => void = () => undefined;
    const failedOnce = new Promise<never>((_, reject) => {
        failed = reject;
    });
    failedOnce.catch(() => undefined);
    const onUnhandled = (e: unknown) => {
        failure ??= e;
        failed(e);
    };
    process.on("unhandledRejection", onUnhandled);
    process.on("uncaughtException", onUnhandled);
    try {
        const run = pulumi.runtime.runInPulumiStack(async () => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const m = require(entry);
            const result =
                typeof m === "function"
                    ? await m()
                    : typeof m?.default === "function"
                      ? await m.default()
                      : m;
            return result;
        });
        await Promise.race([run, failedOnce]);
        await Promise.race([settings.waitForRPCs(), failedOnce]);
        // Work the program left running (e.g. v1 yaml.ConfigFile registers its objects once the file is decoded)
        // still registers resources: wait until the process is idle and nothing new appeared.
        if (opts.settled) {
            let n: number;
            do {
                n = resources.length;
                await Promise.race([opts.settled(), failedOnce]);
                await Promise.race([settings.waitForRPCs(), failedOnce]);
            } while (resources.length !== n && !failure);
        }
    } catch (e) {
        failure ??= e;
    } finally {
        process.off("unhandledRejection", onUnhandled);
        process.off("uncaughtException", onUnhandled);
    }
    if (failure) throw failure;
    if (!resources.some((r) => r.type === rootStackType))
        throw new Error("the program did not register a root stack");
    return { resources, warnings, findings };
}
