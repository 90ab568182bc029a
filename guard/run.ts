/**
 * One guard run: capture the stack (program, manifests or state), start the policy pack as its own process,
 * reconcile policy config, then Analyze every custom resource and AnalyzeStack the whole stack.
 */
import * as path from "path";
import { PolicyPackProcess, Diagnostic } from "./analyzer";
import { CLUSTER_DEFAULTS } from "../components/cluster/defaults";
import { renderReleases } from "./helm-render";
import { analyzeManifests } from "./manifest-stream";
import { analyzeAll } from "./pipeline";
import { programSpec } from "./program-path";
import { InvokeOverrides, loadInvokeOverrides } from "./invokes";
import { auditExemptions } from "./exemption-audit";
import { locateViolations } from "./locations";
import { GuardResource, SourceLocation } from "./model";
import { loadPolicyConfigFile, PolicyInfo, reconcilePolicyConfig, storedVerdicts } from "./policy-config";
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
    /** A JSON file of invoke answers replacing the built-in ones (program mode). */
    invokes?: string;
    log?: (line: string) => void;
}

export interface Violation extends Diagnostic {
    type: string;
    name: string;
    source?: string;
    /** The violating field, when the policy names it (see guard/locations.ts). */
    path?: string;
    /** Primary source location (see guard/locations.ts). */
    location?: SourceLocation;
    /** The resource's own line, when the primary location is its component's construction site. */
    related?: SourceLocation;
    /** Stable fingerprint (guard/fingerprint.ts), set by the CLI before a baseline filters the run. */
    fingerprint?: string;
}

export interface ExemptionInEffect {
    policy: string;
    namespace?: string;
    name?: string;
    kind?: string;
    reason: string;
    owner?: string;
    expires?: string;
    /** Past its `expires` date: no longer applied. */
    expired?: boolean;
}

export interface GuardResult {
    mode: "program" | "manifests" | "state";
    resources: GuardResource[];
    violations: Violation[];
    exemptions: ExemptionInEffect[];
    warnings: string[];
    policyPack: { name: string; version: string; policies: number };
    /** The pack's policies with their reconciled enforcement level and catalogue metadata. */
    policies: PolicyInfo[];
    timings: { captureMs: number; policyMs: number; totalMs: number };
}

export const projectRoot = path.resolve(__dirname, "..");

async function capture(
    opts: GuardOptions,
    sc: StackConfig,
    stack: string,
    invokeOverrides: InvokeOverrides | undefined,
): Promise<{ resources: GuardResource[]; warnings: string[]; findings: Violation[] }> {
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
        invokeOverrides,
    });
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
    // Read before the pack starts: a bad file fails fast, with nothing to stop.
    const invokeOverrides = opts.invokes ? loadInvokeOverrides(opts.invokes) : undefined;

    // Start the pack first: its cold start overlaps with the program run, as in the CLI.
    const packStart = PolicyPackProcess.start(opts.policyPack ?? path.join(projectRoot, "policy-pack"), {
        project: sc.project,
        stack,
        config: sc.config,
        secretKeys: sc.secretKeys,
    });
    packStart.catch(() => undefined);
    // The pack's info and Configure depend only on the pack and the config: they run while the program or the
    // manifests are read (awaited after the capture, so a capture error is still the one reported).
    const configured = packStart.then(async (p) => {
        const info = await p.getAnalyzerInfo();
        const config = reconcilePolicyConfig(info.policies, info.initialConfig, fileConfig, storedVerdicts());
        await p.configure(config);
        return { info, config };
    });
    configured.catch(() => undefined);
    let pack: PolicyPackProcess | undefined;
    try {
        let captured: Awaited<ReturnType<typeof capture>>;
        let byUrn: Map<string, GuardResource>;
        let diags: Diagnostic[];
        let t1: number;
        let configuredPack: Awaited<typeof configured>;
        const guardFindings: Violation[] = [];
        if (opts.manifests) {
            // Streamed: each file's objects are analyzed while the next file is read (guard/manifest-stream.ts).
            const m = await analyzeManifests(opts.manifests, sc.project, stack, packStart, configured);
            pack = m.pack;
            configuredPack = m.configured;
            captured = { resources: m.resources, warnings: [], findings: [] };
            ({ byUrn, diags } = m);
            t1 = m.capturedAt;
        } else {
            captured = await capture(opts, sc, stack, invokeOverrides);
            const r = await renderReleases(captured.resources, {
                helm: opts.helm,
                chartDir: opts.chartDir,
                kubeVersion: sc.config[`${sc.project}:cluster.version`] ?? CLUSTER_DEFAULTS.version,
                programDir: opts.state ? undefined : programDir,
            });
            captured.resources = r.resources;
            guardFindings.push(...r.findings);
            t1 = Date.now();
            pack = await packStart;
            configuredPack = await configured;
            byUrn = new Map(captured.resources.map((r) => [r.urn, r]));
            diags = await analyzeAll(pack, captured.resources, byUrn);
        }
        const { info, config } = configuredPack;
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
        locateViolations(violations, byUrn);
        const audit = auditExemptions(config, captured.resources, violations, info.name);
        violations.push(...audit.findings);
        return {
            mode: opts.manifests ? "manifests" : opts.state ? "state" : "program",
            resources: captured.resources,
            violations,
            exemptions: audit.exemptions,
            warnings: [...captured.warnings, ...audit.warnings],
            policyPack: { name: info.name, version: info.version, policies: info.policies.length },
            policies: info.policies.map((p) => ({
                ...p,
                enforcementLevel: config[p.name]?.enforcementLevel ?? p.enforcementLevel,
            })),
            timings: { captureMs: t1 - t0, policyMs: t2 - t1, totalMs: t2 - t0 },
        };
    } finally {
        if (pack) pack.close();
        else packStart.then((p) => p.close()).catch(() => undefined);
    }
}
