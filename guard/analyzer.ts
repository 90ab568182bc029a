/**
 * Runs a policy pack the way the Pulumi CLI does: as a separate process started through @pulumi/pulumi's
 * `cmd/run-policy-pack` entry point (what the `pulumi-analyzer-policy` plugin script resolves and runs, with the
 * pack directory as working directory and args `<engine-address> .`), then speaks the analyzer gRPC protocol:
 * Handshake (optional), ConfigureStack, GetAnalyzerInfo, Configure, Analyze per resource, AnalyzeStack.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { encodeLengthDelimited } from "../lib/protowire";
import { installGrpcRelease } from "../policy-pack/lib/grpc-release";
import { decodeAnalyzerInfo } from "./analyzer-info";
import { collectAfterRequest } from "./collect-garbage";
import { GuardInputError, GuardResource } from "./model";
import { endGroup, trackGroup } from "./processes";
import { EnforcementLevel, PolicyConfigEntry, PolicyInfo } from "./policy-config";
import { policyMetadata } from "./policy-metadata";
import { StackRequest } from "./stack-request";
import { encodeStruct, stringBytes } from "./struct-encode";

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports -- generated protobuf code */
const grpcMain = require.resolve("@grpc/grpc-js", { paths: [require.resolve("@pulumi/pulumi")] });
const grpc = require(grpcMain);
const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb");
const analyzerrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const structproto = require("google-protobuf/google/protobuf/struct_pb");
const emptyproto = require("google-protobuf/google/protobuf/empty_pb");

// gRPC lets go of the AnalyzeStack request once it has framed it, and of a response's chunks once it is read.
installGrpcRelease(grpcMain);

const levelFromProto: Record<number, EnforcementLevel> = {
    0: "advisory",
    1: "mandatory",
    2: "disabled",
    3: "remediate",
};
const levelToProto: Record<EnforcementLevel, number> = {
    advisory: 0,
    mandatory: 1,
    disabled: 2,
    remediate: 3,
};

export interface AnalyzerInfo {
    name: string;
    version: string;
    supportsConfig: boolean;
    policies: PolicyInfo[];
    initialConfig: Record<string, PolicyConfigEntry>;
}

export interface Diagnostic {
    policyPack: string;
    policy: string;
    level: EnforcementLevel;
    urn: string;
    message: string;
}

export interface StackContext {
    project: string;
    stack: string;
    organization?: string;
    config: Record<string, string>;
    secretKeys: string[];
}

/** Go duration ("10m", "1h30m", "45s") to seconds, as the engine converts custom timeouts. */
function durationSeconds(d: string | undefined): number {
    if (!d) return 0;
    let total = 0;
    for (const [, n, unit] of d.matchAll(/(\d+(?:\.\d+)?)(h|m|s|ms)/g)) {
        total += Number(n) * ({ h: 3600, m: 60, s: 1, ms: 0.001 } as Record<string, number>)[unit];
    }
    return total;
}

function call<T>(client: any, method: string, req: any): Promise<T> {
    return new Promise((resolve, reject) =>
        client[method](req, (err: any, resp: T) => (err ? reject(err) : resolve(resp))),
    );
}

/**
 * A unary call whose request is taken from `request` when gRPC serializes it, as it sends: the argument gRPC holds is
 * `request`, which holds nothing once taken, and no frame of the caller holds the bytes, so the buffer handed to gRPC
 * is the only copy besides its framed one. Sent through grpc-js's client-streaming call with one message, which is
 * what a unary call is on the wire (the same method, headers, one message, then the end of the stream): that API
 * tells when the message has been written (`hooks.written`, with its size), which the unary one does not;
 * `hooks.taken` runs as the bytes are taken, before gRPC frames them.
 */
export function callTaken<T>(
    client: { makeClientStreamRequest: (...args: any[]) => any },
    method: string,
    request: { take(): Buffer },
    deserialize: (b: Buffer) => T,
    hooks: { taken?: (bytes: number) => void; written?: (bytes: number) => void } = {},
): Promise<T> {
    return new Promise<T>((resolve, reject) => {
        let size = 0;
        const call = client.makeClientStreamRequest(
            method,
            (r: { take(): Buffer }) => {
                const bytes = r.take();
                size = bytes.length;
                hooks.taken?.(size);
                return bytes;
            },
            deserialize,
            (err: any, res: T) => (err ? reject(err) : resolve(res)),
        );
        // Every failure of the call reaches `callback` above; a stream error must not become an uncaught one.
        call.on?.("error", () => undefined);
        call.write(request, (err: unknown) => {
            if (!err) hooks.written?.(size);
        });
        call.end();
    });
}

/**
 * Length-delimited fields (tag, length, bytes each), in the order given, written into one buffer of the exact size
 * (lib/protowire.ts).
 */
export const encodeFields = (fields: (readonly [number, Uint8Array])[]): Buffer =>
    encodeLengthDelimited(fields);

/** Protobuf encoding of a repeated message field: tag, length and bytes of each element. */
export function encodeRepeatedField(field: number, parts: Uint8Array[]): Buffer {
    return encodeFields(parts.map((p) => [field, p] as const));
}

/** guard/pack-preload.js, when this checkout has it and the code cache is not turned off (HARDENED_CODE_CACHE=0). */
export function packPreload(): string | undefined {
    if (process.env.HARDENED_CODE_CACHE === "0") return undefined;
    const file = path.join(__dirname, "pack-preload.js");
    return fs.existsSync(file) && fs.existsSync(path.join(__dirname, "..", "policy-pack", "code-cache.js"))
        ? file
        : undefined;
}

export class PolicyPackProcess {
    private constructor(
        private readonly child: ChildProcess,
        private readonly client: any,
        private readonly stderr: string[],
    ) {}

    /** Starts the pack and connects; resolves once the pack has printed its port. */
    static async start(packDir: string, ctx: StackContext, timeoutMs = 120_000): Promise<PolicyPackProcess> {
        const dir = path.resolve(packDir);
        let entry: string;
        try {
            entry = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [dir] });
        } catch {
            throw new GuardInputError(
                `--policy-pack ${packDir}: @pulumi/pulumi is not installed for the pack (run npm ci)`,
            );
        }
        const env: NodeJS.ProcessEnv = {
            ...process.env,
            PULUMI_CONFIG: JSON.stringify(ctx.config),
            PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(ctx.secretKeys),
            PULUMI_NODEJS_PROJECT: ctx.project,
            PULUMI_NODEJS_STACK: ctx.stack,
            PULUMI_NODEJS_DRY_RUN: "true",
            PULUMI_PROJECT: ctx.project,
            PULUMI_STACK: ctx.stack,
            PULUMI_DRY_RUN: "true",
        };
        // The engine address is the first argument; run-policy-pack drops it, as no engine call is made. The
        // preload compiles what the pack loads with the V8 code cache (pack-preload.js), when this checkout has it.
        const preload = packPreload();
        const args = [...(preload ? ["--require", preload] : []), entry, "127.0.0.1:0", "."];
        const child = spawn(process.execPath, args, {
            cwd: dir,
            env,
            stdio: ["ignore", "pipe", "pipe"],
            // Its own process group, killed whole on every exit of the guard (see processes.ts).
            detached: true,
        });
        trackGroup(child.pid);
        const stderr: string[] = [];
        child.stderr!.on("data", (d) => stderr.push(String(d)));
        const port = await new Promise<string>((resolve, reject) => {
            // A pack that fails to start is ended at once, not left to the exit hook.
            const fail = (e: Error) => {
                endGroup(child.pid);
                reject(e);
            };
            child.on("error", (e) => fail(new GuardInputError(`policy pack ${packDir}: ${e.message}`)));
            let out = "";
            const timer = setTimeout(
                () => fail(new Error(`policy pack did not start within ${timeoutMs} ms`)),
                timeoutMs,
            );
            child.stdout!.on("data", (d) => {
                out += String(d);
                const m = /^(\d+)\s*$/m.exec(out);
                if (m) {
                    clearTimeout(timer);
                    resolve(m[1]);
                }
            });
            child.on("exit", (code) => {
                clearTimeout(timer);
                fail(
                    new GuardInputError(
                        `policy pack ${packDir} exited (${code}) before serving: ${stderr.join("").trim().split("\n").slice(-3).join(" | ")}`,
                    ),
                );
            });
        });
        const client = new analyzerrpc.AnalyzerClient(
            `127.0.0.1:${port}`,
            grpc.credentials.createInsecure(),
            {
                "grpc.max_receive_message_length": 400 * 1024 * 1024,
                "grpc.max_send_message_length": 400 * 1024 * 1024,
            },
        );
        const p = new PolicyPackProcess(child, client, stderr);
        try {
            await p.configureStack(ctx);
        } catch (e) {
            p.close();
            throw e;
        }
        return p;
    }

    private async configureStack(ctx: StackContext): Promise<void> {
        const req = new analyzerproto.AnalyzerStackConfigureRequest();
        req.setStack(ctx.stack);
        req.setProject(ctx.project);
        req.setOrganization(ctx.organization ?? "organization");
        req.setDryRun(true);
        for (const [k, v] of Object.entries(ctx.config)) req.getConfigMap().set(k, v);
        req.setConfigSecretKeysList(ctx.secretKeys);
        try {
            await call(this.client, "configureStack", req);
        } catch (e: any) {
            if (e?.code !== grpc.status.UNIMPLEMENTED) throw e;
        }
    }

    async getAnalyzerInfo(): Promise<AnalyzerInfo> {
        // Decoded by guard/analyzer-info.ts (config schemas straight to JavaScript), not the generated decoder.
        const method = analyzerrpc.AnalyzerService.getAnalyzerInfo;
        const resp: any = await new Promise((resolve, reject) =>
            this.client.makeUnaryRequest(
                method.path,
                method.requestSerialize,
                decodeAnalyzerInfo,
                new emptyproto.Empty(),
                (err: any, r: any) => (err ? reject(err) : resolve(r)),
            ),
        );
        const supportsConfig = resp.getSupportsconfig();
        const policies: PolicyInfo[] = resp.getPoliciesList().map((p: any) => {
            const schema = p.getConfigschema();
            let configSchema: PolicyInfo["configSchema"];
            if (supportsConfig) {
                // As the engine does: every policy that supports config also accepts `enforcementLevel`.
                const properties = (schema?.getProperties()?.toJavaScript() ?? {}) as Record<
                    string,
                    Record<string, unknown>
                >;
                properties.enforcementLevel = {
                    type: "string",
                    enum: ["advisory", "mandatory", "remediate", "disabled"],
                };
                configSchema = { properties, required: schema?.getRequiredList() ?? [] };
            }
            return {
                name: p.getName(),
                enforcementLevel: levelFromProto[p.getEnforcementlevel()],
                configSchema,
                ...policyMetadata(p),
            };
        });
        policies.sort((a, b) => a.name.localeCompare(b.name));
        const initialConfig: Record<string, PolicyConfigEntry> = {};
        resp.getInitialconfigMap().forEach((v: any, k: string) => {
            initialConfig[k] = {
                enforcementLevel: levelFromProto[v.getEnforcementlevel()],
                properties: v.getProperties()?.toJavaScript(),
            };
        });
        return { name: resp.getName(), version: resp.getVersion(), supportsConfig, policies, initialConfig };
    }

    async configure(config: Record<string, PolicyConfigEntry>): Promise<void> {
        if (Object.keys(config).length === 0) return; // the engine skips an empty Configure
        const req = new analyzerproto.ConfigureAnalyzerRequest();
        for (const [k, v] of Object.entries(config)) {
            const pc = new analyzerproto.PolicyConfig();
            pc.setEnforcementlevel(levelToProto[v.enforcementLevel ?? "advisory"]);
            pc.setProperties(structproto.Struct.fromJavaScript(v.properties ?? {}));
            req.getPolicyconfigMap().set(k, pc);
        }
        await call(this.client, "configure", req);
    }

    private static options(r: GuardResource): any {
        const o = new analyzerproto.AnalyzerResourceOptions();
        o.setProtect(r.options.protect);
        o.setIgnorechangesList(r.options.ignoreChanges);
        o.setDeletebeforereplace(!!r.options.deleteBeforeReplace);
        o.setDeletebeforereplacedefined(r.options.deleteBeforeReplace !== undefined);
        o.setAdditionalsecretoutputsList(r.options.additionalSecretOutputs);
        o.setAliasesList(r.options.aliases);
        const t = new analyzerproto.AnalyzerResourceOptions.CustomTimeouts();
        t.setCreate(durationSeconds(r.options.customTimeouts?.create));
        t.setUpdate(durationSeconds(r.options.customTimeouts?.update));
        t.setDelete(durationSeconds(r.options.customTimeouts?.delete));
        o.setCustomtimeouts(t);
        o.setParent(r.parent ?? "");
        return o;
    }

    /**
     * The provider message of each provider resource, built once: every resource of a provider carries the same one
     * (10,000 objects of `--manifests` share the default provider). Keyed by the resource object and its inputs.
     */
    private static readonly providers = new WeakMap<
        GuardResource,
        { inputs: unknown; msg: any; bytes: Uint8Array }
    >();

    /** The last provider reference and the provider URN in it (consecutive resources mostly share one). */
    private static lastReference: [string, string] = ["", ""];

    private static providerEntry(
        r: GuardResource,
        byUrn: Map<string, GuardResource>,
    ): { msg: any; bytes: Uint8Array } | undefined {
        if (!r.provider) return undefined;
        if (r.provider !== PolicyPackProcess.lastReference[0])
            PolicyPackProcess.lastReference = [r.provider, r.provider.split("::").slice(0, -1).join("::")];
        const p = byUrn.get(PolicyPackProcess.lastReference[1]);
        if (!p) return undefined;
        const cached = PolicyPackProcess.providers.get(p);
        if (cached && cached.inputs === p.inputs && cached.msg.getUrn() === p.urn) return cached;
        const msg = new analyzerproto.AnalyzerProviderResource();
        msg.setUrn(p.urn);
        msg.setType(p.type);
        msg.setName(p.name);
        msg.setProperties(structproto.Struct.fromJavaScript(p.inputs));
        const entry = { inputs: p.inputs, msg, bytes: msg.serializeBinary() as Uint8Array };
        PolicyPackProcess.providers.set(p, entry);
        return entry;
    }

    private static provider(r: GuardResource, byUrn: Map<string, GuardResource>): any {
        return PolicyPackProcess.providerEntry(r, byUrn)?.msg;
    }

    /** Serialized AnalyzerResourceOptions by what they hold (the objects of `--manifests` all hold the same). */
    private static readonly optionBytes = new Map<string, Uint8Array>();

    private static optionsBytes(r: GuardResource): Uint8Array {
        const o = r.options;
        const key = JSON.stringify([
            !!o.protect,
            o.ignoreChanges,
            !!o.deleteBeforeReplace,
            o.deleteBeforeReplace !== undefined,
            o.additionalSecretOutputs,
            o.aliases,
            o.customTimeouts
                ? [
                      durationSeconds(o.customTimeouts.create),
                      durationSeconds(o.customTimeouts.update),
                      durationSeconds(o.customTimeouts.delete),
                  ]
                : 0,
            r.parent ?? "",
        ]);
        let bytes = PolicyPackProcess.optionBytes.get(key);
        if (!bytes) {
            if (PolicyPackProcess.optionBytes.size >= 10_000) PolicyPackProcess.optionBytes.clear();
            bytes = PolicyPackProcess.options(r).serializeBinary() as Uint8Array;
            PolicyPackProcess.optionBytes.set(key, bytes);
        }
        return bytes;
    }

    /**
     * Fields 3 (urn), 4 (name), 5 (options) and 6 (provider) of an AnalyzeRequest or AnalyzerResource, and 7 (parent)
     * of the latter, as jspb writes them (in field order, empty strings left out, sub-messages with their length), from
     * cached option and provider bytes; undefined for anything but plain strings and no dependencies (then the
     * message is built by jspb).
     */
    private static fastFields(
        r: GuardResource,
        byUrn: Map<string, GuardResource>,
        props: Uint8Array,
        withParent: boolean,
    ): Buffer | undefined {
        const parent = r.parent ?? "";
        if (typeof r.type !== "string" || typeof r.urn !== "string" || typeof r.name !== "string")
            return undefined;
        if (typeof parent !== "string") return undefined;
        if (withParent) {
            if (!Array.isArray(r.dependencies) || r.dependencies.length > 0) return undefined;
            for (const urns of Object.values(r.propertyDependencies ?? {}))
                if (urns.length > 0) return undefined;
        }
        const fields: [number, Uint8Array][] = [];
        const str = (field: number, s: string) => {
            if (s.length > 0) fields.push([field, stringBytes(s)]);
        };
        str(1, r.type);
        fields.push([2, props]);
        str(3, r.urn);
        str(4, r.name);
        fields.push([5, PolicyPackProcess.optionsBytes(r)]);
        const provider = PolicyPackProcess.providerEntry(r, byUrn);
        if (provider) fields.push([6, provider.bytes]);
        if (withParent) str(7, parent);
        return encodeFields(fields);
    }

    private static diagnostics(resp: any, defaultUrn: string): Diagnostic[] {
        return resp.getDiagnosticsList().map((d: any) => ({
            policyPack: d.getPolicypackname(),
            policy: d.getPolicyname(),
            level: levelFromProto[d.getEnforcementlevel()],
            urn: d.getUrn() || defaultUrn,
            message: d.getMessage(),
        }));
    }

    /** `Analyze` for one custom resource, with its inputs (`props`: its inputs already encoded, if they are). */
    async analyze(
        r: GuardResource,
        byUrn: Map<string, GuardResource>,
        props?: Uint8Array,
    ): Promise<Diagnostic[]> {
        const bytes = PolicyPackProcess.analyzeRequest(r, byUrn, props);
        const resp = await new Promise<any>((resolve, reject) =>
            this.client.makeUnaryRequest(
                "/pulumirpc.Analyzer/Analyze",
                (b: Buffer) => b,
                (b: Buffer) => analyzerproto.AnalyzeResponse.deserializeBinary(new Uint8Array(b)),
                bytes,
                (err: any, res: any) => (err ? reject(err) : resolve(res)),
            ),
        );
        return PolicyPackProcess.diagnostics(resp, r.urn);
    }

    /**
     * The bytes of the AnalyzeRequest for a resource: exactly `serializeBinary()` of the message with type,
     * properties, urn, name, options and provider set. Fields are written in field-number order, so the message is
     * its type (field 1), then the encoded properties (field 2), then the other fields, each part serialized by the
     * generated code, except the properties, which are encoded without a message tree (struct-encode.ts).
     */
    static analyzeRequest(r: GuardResource, byUrn: Map<string, GuardResource>, props?: Uint8Array): Buffer {
        props ??= encodeStruct(r.inputs);
        return (
            PolicyPackProcess.fastFields(r, byUrn, props, false) ??
            PolicyPackProcess.analyzeRequestMessage(r, byUrn, props)
        );
    }

    /** The same bytes through jspb's messages (the reference for the above, and its path for unusual resources). */
    static analyzeRequestMessage(
        r: GuardResource,
        byUrn: Map<string, GuardResource>,
        props?: Uint8Array,
    ): Buffer {
        const head = new analyzerproto.AnalyzeRequest();
        head.setType(r.type);
        const tail = new analyzerproto.AnalyzeRequest();
        tail.setUrn(r.urn);
        tail.setName(r.name);
        tail.setOptions(PolicyPackProcess.options(r));
        const provider = PolicyPackProcess.provider(r, byUrn);
        if (provider) tail.setProvider(provider);
        return Buffer.concat([
            head.serializeBinary(),
            encodeRepeatedField(2, [props ?? encodeStruct(r.inputs)]),
            tail.serializeBinary(),
        ]);
    }

    /** The Struct of a property map (a message tree: for callers that set it on a message). */
    static struct(props: Record<string, unknown>): any {
        return structproto.Struct.fromJavaScript(props);
    }

    /** A property map encoded as a Struct (to encode it once when a resource's inputs and outputs are one object). */
    static structBytes(props: Record<string, unknown>): Uint8Array {
        return encodeStruct(props);
    }

    /**
     * One resource of the `AnalyzeStack` request, with its outputs, already encoded: the request is assembled from
     * these bytes at the end, so no message tree of the whole stack is ever held (`props`: outputs as a Struct).
     */
    static stackResource(
        r: GuardResource,
        byUrn: Map<string, GuardResource>,
        props?: Uint8Array,
    ): Uint8Array {
        // As analyzeRequest: the type, the encoded outputs (field 2), then every other field, in field order.
        props ??= encodeStruct(r.outputs);
        return (
            PolicyPackProcess.fastFields(r, byUrn, props, true) ??
            PolicyPackProcess.stackResourceMessage(r, byUrn, props)
        );
    }

    /** The same bytes through jspb's messages (the reference for the above, and its path for unusual resources). */
    static stackResourceMessage(
        r: GuardResource,
        byUrn: Map<string, GuardResource>,
        props?: Uint8Array,
    ): Uint8Array {
        const head = new analyzerproto.AnalyzerResource();
        head.setType(r.type);
        const m = new analyzerproto.AnalyzerResource();
        m.setUrn(r.urn);
        m.setName(r.name);
        m.setOptions(PolicyPackProcess.options(r));
        const provider = PolicyPackProcess.provider(r, byUrn);
        if (provider) m.setProvider(provider);
        m.setParent(r.parent ?? "");
        m.setDependenciesList(r.dependencies);
        for (const [k, urns] of Object.entries(r.propertyDependencies)) {
            if (urns.length === 0) continue;
            const pd = new analyzerproto.AnalyzerPropertyDependencies();
            pd.setUrnsList(urns);
            m.getPropertydependenciesMap().set(k, pd);
        }
        return Buffer.concat([
            head.serializeBinary(),
            encodeRepeatedField(2, [props ?? encodeStruct(r.outputs)]),
            m.serializeBinary(),
        ]);
    }

    /** `AnalyzeStack` over every resource, with its outputs. */
    async analyzeStack(resources: GuardResource[], byUrn: Map<string, GuardResource>): Promise<Diagnostic[]> {
        return this.analyzeStackEncoded(
            StackRequest.of(resources.map((r) => PolicyPackProcess.stackResource(r, byUrn))),
        );
    }

    /**
     * `AnalyzeStack` of an encoded request (guard/stack-request.ts): its bytes are taken only when gRPC serializes
     * the message (`callTaken`), so that nothing here holds them while the call runs, and once they are written the
     * guard collects its garbage while the pack works (guard/collect-garbage.ts).
     */
    async analyzeStackEncoded(request: StackRequest): Promise<Diagnostic[]> {
        const resp = await callTaken(
            this.client,
            "/pulumirpc.Analyzer/AnalyzeStack",
            request,
            (b) => analyzerproto.AnalyzeResponse.deserializeBinary(new Uint8Array(b)),
            {
                // Before gRPC frames its copy: the blocks the request was copied from, and the garbage of reading.
                taken: (bytes) => collectAfterRequest(bytes),
                // Once written: the request and gRPC's framed copy.
                written: (bytes) => setImmediate(() => collectAfterRequest(bytes)),
            },
        );
        return PolicyPackProcess.diagnostics(resp, "");
    }

    /** Pack stderr, for diagnostics when something fails. */
    get log(): string {
        return this.stderr.join("");
    }

    close(): void {
        try {
            this.client.close();
        } finally {
            endGroup(this.child.pid);
        }
    }
}
