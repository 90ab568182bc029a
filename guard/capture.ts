/**
 * Program mode: runs a Pulumi program in preview mode under the SDK's own mock monitor and records every
 * registration as the engine would see it (the full RegisterResourceRequest, not just MockResourceArgs).
 * The program runs inside `runInPulumiStack`, exactly as the language host does, so the root
 * `pulumi:pulumi:Stack` resource and the default parent of every top-level resource are real.
 */
import * as pulumi from "@pulumi/pulumi";
import { decodeYaml, expandYamlV2, remoteComponentWhy, yamlV2Types } from "./expand-yaml";
import { answerInvoke, isMockedInvoke } from "./invokes";
import { helmChartV4Type } from "./helm-chart";
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

/**
 * Runs the program and returns the captured resources. Call once per process: the Pulumi SDK keeps its
 * runtime state in module globals.
 */
export async function captureProgram(opts: ProgramOptions): Promise<ProgramCapture> {
    const entry = resolveProgram(opts.program);
    const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
    const warnings: string[] = [];
    const findings: Violation[] = [];
    const resources: GuardResource[] = [];
    const byUrn = new Map<string, GuardResource>();
    const defaultProviders = new Map<string, GuardResource>();

    const record = (r: GuardResource) => {
        if (byUrn.has(r.urn)) throw new GuardInputError(`duplicate resource URN ${r.urn}`);
        byUrn.set(r.urn, r);
        resources.push(r);
    };

    const defaultProviderFor = (type: string, version: string): string => {
        const pkg = packageOf(type);
        const urn = defaultProviderUrn(opts.stack, opts.project, pkg, version);
        if (!defaultProviders.has(urn)) {
            // The engine configures default providers from the stack config of the package's namespace.
            const inputs: Record<string, unknown> = version ? { version } : {};
            for (const [k, v] of Object.entries(opts.config)) {
                if (!k.startsWith(`${pkg}:`)) continue;
                const key = k.slice(pkg.length + 1);
                inputs[key] = opts.secretKeys.includes(k) ? secretOf(v) : v;
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

    pulumi.runtime.setAllConfig(opts.config, opts.secretKeys);
    await pulumi.runtime.setMocks(
        {
            newResource: () => {
                throw new Error("unreachable: the guard answers registrations itself");
            },
            call: (args: pulumi.runtime.MockCallArgs) => {
                // v1 yaml.ConfigFile/ConfigGroup parse their YAML through this invoke: answered as --manifests.
                if (args.token === "kubernetes:yaml:decode") return decodeYaml(args.inputs);
                if (!isMockedInvoke(args.token)) {
                    const w = `invoke ${args.token} has no offline answer; returning {} (a real preview would call the provider)`;
                    warnings.push(w);
                    log(`warning: ${w}`);
                }
                return answerInvoke(args.token, args.inputs) ?? {};
            },
        },
        opts.project,
        opts.stack,
        true,
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
            resp.setId(""); // unknown during preview, as for any resource being created
            resp.setObject(structproto.Struct.fromJavaScript(r.outputs));
            callback(null, resp);
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

    let failure: unknown;
    const onUnhandled = (e: unknown) => {
        failure ??= e;
    };
    process.on("unhandledRejection", onUnhandled);
    process.on("uncaughtException", onUnhandled);
    try {
        await pulumi.runtime.runInPulumiStack(async () => {
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
        await settings.waitForRPCs();
        // Work the program left running (e.g. v1 yaml.ConfigFile registers its objects once the file is decoded)
        // still registers resources: wait until the process is idle and nothing new appeared.
        if (opts.settled) {
            let n: number;
            do {
                n = resources.length;
                await opts.settled();
                await settings.waitForRPCs();
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
