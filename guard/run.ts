/**
 * One guard run: capture the stack (program, manifests or state), start the policy pack as its own process,
 * reconcile policy config, then Analyze every custom resource and AnalyzeStack the whole stack.
 */
import * as path from "path";
import { PolicyPackProcess, Diagnostic } from "./analyzer";
import { CLUSTER_DEFAULTS } from "../components/cluster/defaults";
import { renderReleases } from "./helm-render";
import { captureManifests } from "./manifests";
import { analyzeAll } from "./pipeline";
import { programSpec } from "./program-path";
import { GuardResource } from "./model";
import { loadPolicyConfigFile, PolicyConfigEntry, reconcilePolicyConfig } from "./policy-config";
import { captureState } from "./state";
import { loadStackConfig, StackConfig } from "./stack-config";

export interface GuardOptions {
    /** Program to run (default mode); defaults to the blueprint's index.ts. */
    program?: string;
    manifests?: string[];
    state?: string;
    stack?: string;
    config?: string[];
    policyPack?: string;
    policyConfig?: string;
    /** Helm binary for rendering releases (default: `helm` on PATH). */
    helm?: string;
    /** Chart sources for rendering releases: `<chart>-<version>/` or `<chart>/` directories. */
    chartDir?: string;
    log?: (line: string) => void;
}

export interface Violation extends Diagnostic {
    type: string;
    name: string;
    source?: string;
}

export interface ExemptionInEffect {
    policy: string;
    namespace?: string;
    name?: string;
    kind?: string;
    reason: string;
}

export interface GuardResult {
    mode: "program" | "manifests" | "state";
    resources: GuardResource[];
    violations: Violation[];
    exemptions: ExemptionInEffect[];
    warnings: string[];
    policyPack: { name: string; version: string; policies: number };
    timings: { captureMs: number; policyMs: number; totalMs: number };
}

export const projectRoot = path.resolve(__dirname, "..");

async function capture(
    opts: GuardOptions,
    sc: StackConfig,
    stack: string,
): Promise<{ resources: GuardResource[]; warnings: string[]; findings: Violation[] }> {
    if (opts.manifests)
        return { resources: captureManifests(opts.manifests, sc.project, stack), warnings: [], findings: [] };
    if (opts.state) return { ...captureState(opts.state), warnings: [] };
    // The program runs in its own child process: it cannot write the report or choose the exit code.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { captureProgramInChild } = require("./program-process") as typeof import("./program-process");
    return captureProgramInChild({
        program: opts.program ?? projectRoot,
        project: sc.project,
        stack,
        config: sc.config,
        secretKeys: sc.secretKeys,
        log: opts.log,
    });
}

function exemptionsOf(config: Record<string, PolicyConfigEntry>): ExemptionInEffect[] {
    const out: ExemptionInEffect[] = [];
    for (const [policy, c] of Object.entries(config)) {
        if (c.enforcementLevel === "disabled") continue;
        const list = (c.properties?.exemptions ?? []) as Omit<ExemptionInEffect, "policy">[];
        for (const e of list) out.push({ policy, ...e });
    }
    return out;
}

export async function runGuard(opts: GuardOptions): Promise<GuardResult> {
    const t0 = Date.now();
    const stack = opts.stack ?? "dev";
    const programDir = opts.program ? programSpec(opts.program).projectDir : projectRoot;
    const sc =
        opts.manifests || opts.state
            ? { project: "manifests", config: {}, secretKeys: [] }
            : loadStackConfig(programDir, opts.stack, opts.config ?? []);
    const fileConfig = opts.policyConfig ? loadPolicyConfigFile(opts.policyConfig) : {};

    // Start the pack first: its cold start overlaps with the program run, as in the CLI.
    const packStart = PolicyPackProcess.start(opts.policyPack ?? path.join(projectRoot, "policy-pack"), {
        project: sc.project,
        stack,
        config: sc.config,
        secretKeys: sc.secretKeys,
    });
    packStart.catch(() => undefined);
    let pack: PolicyPackProcess | undefined;
    try {
        const captured = await capture(opts, sc, stack);
        const guardFindings: Violation[] = [];
        if (!opts.manifests) {
            const r = await renderReleases(captured.resources, {
                helm: opts.helm,
                chartDir: opts.chartDir,
                kubeVersion: sc.config[`${sc.project}:cluster.version`] ?? CLUSTER_DEFAULTS.version,
                programDir: opts.state ? undefined : programDir,
            });
            captured.resources = r.resources;
            guardFindings.push(...r.findings);
        }
        const t1 = Date.now();
        pack = await packStart;
        const info = await pack.getAnalyzerInfo();
        const config = reconcilePolicyConfig(info.policies, info.initialConfig, fileConfig);
        await pack.configure(config);

        const byUrn = new Map(captured.resources.map((r) => [r.urn, r]));
        const diags: Diagnostic[] = await analyzeAll(pack, captured.resources, byUrn);
        const t2 = Date.now();

        const violations: Violation[] = [
            ...captured.findings,
            ...guardFindings,
            ...diags.map((d) => {
                const r = byUrn.get(d.urn);
                return {
                    ...d,
                    type: r?.type ?? "pulumi:pulumi:Stack",
                    name: r?.name ?? "",
                    ...(r?.source ? { source: r.source } : {}),
                };
            }),
        ];
        return {
            mode: opts.manifests ? "manifests" : opts.state ? "state" : "program",
            resources: captured.resources,
            violations,
            exemptions: exemptionsOf(config),
            warnings: captured.warnings,
            policyPack: { name: info.name, version: info.version, policies: info.policies.length },
            timings: { captureMs: t1 - t0, policyMs: t2 - t1, totalMs: t2 - t0 },
        };
    } finally {
        if (pack) pack.close();
        else packStart.then((p) => p.close()).catch(() => undefined);
    }
}
