/**
 * Runs the real policy pack, as `pulumi preview --policy-pack` does: a separate `run-policy-pack` process that
 * @pulumi/policy's own server runs, spoken to over the analyzer gRPC protocol (the guard's client). Properties go
 * over the wire as they would from the engine, so the string `04da6b54-80e4-46f7-96ec-b56ff0331ba9` really
 * becomes a value unknown during preview on the pack's side.
 */
import * as path from "path";
import { Diagnostic, PolicyPackProcess } from "../../guard/analyzer";
import { GuardResource, defaultOptions } from "../../guard/model";
import { PolicyConfigEntry, reconcilePolicyConfig, storedVerdicts } from "../../guard/policy-config";

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

type Obj = Record<string, unknown>;

let seq = 0;
/** A Kubernetes object as the guard would register it (type token from apiVersion/kind). */
export function k8s(apiVersion: string, kind: string, props: Obj, name = `r${++seq}`): GuardResource {
    const gv = apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`;
    const type = `kubernetes:${gv}:${kind}`;
    const inputs = { apiVersion, kind, ...props };
    return {
        urn: `urn:pulumi:test::bp::${type}::${name}`,
        type,
        name,
        custom: true,
        dependencies: [],
        propertyDependencies: {},
        options: defaultOptions(),
        inputs,
        outputs: inputs,
    };
}

export class Pack {
    private constructor(private readonly proc: PolicyPackProcess) {}

    /** Starts the pack with its initial config plus `config` (per policy). */
    static async start(config: Record<string, PolicyConfigEntry> = {}): Promise<Pack> {
        const proc = await PolicyPackProcess.start(path.join(__dirname, "../../policy-pack"), {
            project: "test",
            stack: "dev",
            config: {},
            secretKeys: [],
        });
        try {
            const info = await proc.getAnalyzerInfo();
            // As the guard reconciles it (guard/run.ts), with the same stored verdicts.
            await proc.configure(
                reconcilePolicyConfig(info.policies, info.initialConfig, config, storedVerdicts()),
            );
        } catch (e) {
            proc.close();
            throw e;
        }
        return new Pack(proc);
    }

    /** Analyze of every resource, then AnalyzeStack of all of them: every diagnostic. */
    async run(resources: GuardResource[]): Promise<Diagnostic[]> {
        const byUrn = new Map(resources.map((r) => [r.urn, r]));
        const out: Diagnostic[] = [];
        for (const r of resources) out.push(...(await this.proc.analyze(r, byUrn)));
        out.push(...(await this.proc.analyzeStack(resources, byUrn)));
        return out;
    }

    close(): void {
        this.proc.close();
    }
}

/** Diagnostics of one policy at one level. */
export function of(ds: Diagnostic[], policy: string, level?: "mandatory" | "advisory"): Diagnostic[] {
    return ds.filter((d) => d.policy === policy && (level === undefined || d.level === level));
}
