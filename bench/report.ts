/** Text rendering of the benchmark results (the `--json` document is the same data, unformatted). */
import { ColdStartResult } from "./cold-start";
import { CriticalPathResult } from "./critical-path";
import { GuardTimeResult } from "./guard-time";
import { ThroughputResult } from "./throughput";
import { ScaleResult, ScaleSize } from "./scale";
import { Summary } from "./stats";

export interface MachineInfo {
    date: string;
    node: string;
    arch: string;
    platform: string;
    cpus: number;
    cpuModel: string;
    loadAverage: number[];
}

export interface BenchResult {
    machine: MachineInfo;
    guard?: GuardTimeResult;
    throughput?: ThroughputResult;
    coldStart?: ColdStartResult;
    criticalPath?: CriticalPathResult & { program: string; implicitNodeEdges: boolean };
    scale?: ScaleResult;
    /** The same figures for another checkout (--baseline), measured the same way in the same run. */
    baseline?: {
        root: string;
        guard?: { wallMs: Summary };
        coldStart?: ColdStartResult;
        scale?: ScaleResult;
    };
    errors: Record<string, string>;
}

/** 1234567 -> "1,234,567". */
export function thousands(n: number): string {
    return Math.round(n).toLocaleString("en-US");
}

export function fmtMs(ms: number): string {
    return ms >= 10_000
        ? `${(ms / 1000).toFixed(1)} s`
        : ms >= 1000
          ? `${(ms / 1000).toFixed(2)} s`
          : ms >= 10
            ? `${ms.toFixed(0)} ms`
            : `${ms.toFixed(2)} ms`;
}

/** Seconds as "12 min 30 s", "45 s" or "0.5 s". */
export function fmtS(s: number): string {
    if (s < 10 && !Number.isInteger(s)) return `${s.toFixed(1)} s`;
    const m = Math.floor(s / 60);
    const r = Math.round(s - m * 60);
    return m ? (r ? `${m} min ${r} s` : `${m} min`) : `${r} s`;
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

/** Left-aligned columns, padded to the widest cell; numeric-looking columns are right-aligned. */
export function table(rows: string[][], indent = "  "): string {
    const widths: number[] = [];
    for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
    const numeric = widths.map((_, i) =>
        rows
            .slice(1)
            .every((r) => r[i] === undefined || (/^[\d.,\s%x()a-z-]*$/.test(r[i]) && /\d/.test(r[i]))),
    );
    return rows
        .map(
            (r) =>
                indent +
                r
                    .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
                    .join("  ")
                    .trimEnd(),
        )
        .join("\n");
}

function guardText(g: GuardTimeResult): string {
    const p = g.phasesMs;
    return [
        `Guard wall time: ${g.program}, ${g.runs} runs, each a fresh process` +
            `${g.policyConfig ? ` (--policy-config ${g.policyConfig})` : ""}; ${g.resources} resources (${g.customResources} custom), ` +
            `${g.policies} policies, ${g.violations} violations (${g.mandatoryViolations} mandatory)`,
        table([
            ["", "median", "min", "max"],
            ["wall", fmtMs(g.wallMs.median), fmtMs(g.wallMs.min), fmtMs(g.wallMs.max)],
        ]),
        table([
            ["phase (medians)", "time", "share", "what"],
            [
                "start-up",
                fmtMs(p.startup),
                pct(g.shares.startup),
                "node + ts-node + guard modules, before runGuard",
            ],
            [
                "capture",
                fmtMs(p.capture),
                pct(g.shares.capture),
                "program run under the mock monitor (pack starts in parallel)",
            ],
            [
                "policy",
                fmtMs(p.policy),
                pct(g.shares.policy),
                "wait for pack, Configure, Analyze x N, AnalyzeStack",
            ],
            ["other", fmtMs(p.other), pct(g.shares.other), "report and process exit"],
        ]),
    ].join("\n");
}

function throughputText(t: ThroughputResult): string {
    const [a, b] = t.sizes;
    const lines = [
        `Policy throughput (in process): ${t.policies} policies (${t.resourcePolicies} resource, ${t.stackPolicies} stack), ` +
            `default config, synthetic stacks (seed ${t.seed}), median of ${t.reps}`,
        table([
            ["resources", "median", "min", "max", "resources/s", "findings"],
            ...t.sizes.map((s) => [
                thousands(s.resources),
                fmtMs(s.medianMs),
                fmtMs(s.minMs),
                fmtMs(s.maxMs),
                thousands(s.resourcesPerSecond),
                thousands(s.findings),
            ]),
        ]),
        `  scaling: time(${thousands(b.resources)}) / time(${thousands(a.resources)}) = ${t.scalingRatio.toFixed(1)} ` +
            `(linear = ${(b.resources / a.resources).toFixed(0)}${t.scalingRatio > 1.5 * (b.resources / a.resources) ? "; SUPER-LINEAR" : ""})`,
        `  slowest policies on ${thousands(b.resources)} resources:`,
        table(
            [
                [
                    "policy (min of samples)",
                    "kind",
                    `ms @${thousands(a.resources)}`,
                    `ms @${thousands(b.resources)}`,
                    "ratio",
                ],
                ...t.topPolicies.map((p) => [
                    p.policy,
                    p.kind,
                    p.ms1k.toFixed(2),
                    p.ms10k.toFixed(2),
                    p.ratio.toFixed(1),
                ]),
            ],
            "    ",
        ),
    ];
    lines.push(
        `  per-resource scans (property reads per resource of each stack policy, ${thousands(a.resources)} vs ${thousands(b.resources)}; ` +
            `growth ~1 is linear, ~${(b.resources / a.resources).toFixed(0)} is a scan per resource):`,
    );
    lines.push(
        table(
            [
                [
                    "stack policy",
                    `reads/res @${thousands(a.resources)}`,
                    `reads/res @${thousands(b.resources)}`,
                    "growth",
                ],
                ...t.reads
                    .slice(0, 5)
                    .map((r) => [
                        r.policy,
                        r.perResourceSmall.toFixed(2),
                        r.perResourceLarge.toFixed(2),
                        r.growth.toFixed(2),
                    ]),
            ],
            "    ",
        ),
    );
    lines.push(
        t.scans.length
            ? `  SCANS PER RESOURCE: ${t.scans.map((r) => `${r.policy} (reads/resource x${r.growth.toFixed(1)})`).join(", ")}`
            : `  no stack policy scans per resource (top 5 of ${t.reads.length} by growth shown)`,
    );
    if (t.superLinear.length)
        lines.push(
            `  time ratio above ${(1.5 * (b.resources / a.resources)).toFixed(0)} (>= 5 ms at ${thousands(b.resources)}) with flat reads per resource, so not a scan; ` +
                `most likely a memory effect (the 1k stack stays in CPU caches and V8's young generation; 10k-entry arrays and Maps do not): ` +
                t.superLinear.map((p) => `${p.policy} ${p.ratio.toFixed(0)}`).join(", "),
        );
    return lines.join("\n");
}

function coldStartText(c: ColdStartResult): string {
    return [
        `Analyzer cold start: spawn -> first GetAnalyzerInfo answer, ${c.runs} runs each, alternating`,
        table([
            ["pack", "policies", "median", "min", "max"],
            [c.pack.dir, String(c.pack.policies), fmtMs(c.pack.median), fmtMs(c.pack.min), fmtMs(c.pack.max)],
            [
                `${c.minimal.dir} (floor)`,
                String(c.minimal.policies),
                fmtMs(c.minimal.median),
                fmtMs(c.minimal.min),
                fmtMs(c.minimal.max),
            ],
        ]),
        `  ratio pack / minimal: ${c.ratio.toFixed(2)}`,
    ].join("\n");
}

function criticalPathText(c: NonNullable<BenchResult["criticalPath"]>): string {
    const f = c.floor;
    const term = (label: string, t: typeof f.cluster) =>
        `${label} ${fmtS(t.seconds)}${t.resource ? ` (${t.resource.name})` : " (none in stack)"}`;
    const lines = [
        `Deployment critical path: \`pulumi up\` of a new stack, ${c.program}, ${c.resources} resources (${c.customResources} custom), ` +
            `${c.edges} edges (${c.implicitEdges} implicit "needs nodes"); durations from bench/durations.ts`,
        table([
            ["estimate", fmtS(c.estimateS)],
            [
                "floor",
                `${fmtS(f.seconds)} = ${term("cluster", f.cluster)} + ${term("node group", f.nodeGroup)} + ${term("slowest add-on", f.slowestAddon)}`,
            ],
            [
                "estimate / floor",
                c.ratio === undefined
                    ? "n/a (no cluster, node group or add-on in the stack)"
                    : `${c.ratio.toFixed(2)} (target <= 1.1)`,
            ],
            ["serial sum", `${fmtS(c.serialSumS)} (every resource one after the other)`],
        ]),
        "  critical path:",
        table(
            [
                ["start", "takes", "resource", "type", "waits for previous via"],
                ...c.path.map((s) => [
                    fmtS(s.startS),
                    fmtS(s.seconds),
                    s.name,
                    s.type,
                    s.via
                        ? s.via.kind === "input"
                            ? `input ${s.via.properties?.join(", ")}`
                            : s.via.kind
                        : "",
                ]),
            ],
            "    ",
        ),
    ];
    const d = Object.entries(c.defaulted);
    if (d.length)
        lines.push(`  types at the default duration: ${d.map(([t, n]) => `${t} x${n}`).join(", ")}`);
    return lines.join("\n");
}

export function toText(r: BenchResult): string {
    const m = r.machine;
    const parts = [
        `npm run bench: ${m.date}, node ${m.node}, ${m.platform}/${m.arch}, ${m.cpus} CPUs (${m.cpuModel}), ` +
            `load average ${m.loadAverage.map((x) => x.toFixed(2)).join(" ")}`,
    ];
    if (r.guard) parts.push(guardText(r.guard));
    if (r.throughput) parts.push(throughputText(r.throughput));
    if (r.coldStart) parts.push(coldStartText(r.coldStart));
    if (r.scale) parts.push(scaleText(r.scale, r.baseline?.scale));
    if (r.baseline) parts.push(baselineText(r));
    if (r.criticalPath) parts.push(criticalPathText(r.criticalPath));
    for (const [k, e] of Object.entries(r.errors)) parts.push(`${k}: FAILED: ${e}`);
    return parts.join("\n\n");
}

function scaleRow(s: ScaleSize): string {
    return `| ${thousands(s.objects)} | ${fmtMs(s.wallMs.median)} | ${fmtMs(s.wallMs.min)} | ${fmtMs(s.wallMs.max)} | ${s.peakRssMb.toFixed(0)} MB |`;
}

function scaleText(s: ScaleResult, base?: ScaleResult): string {
    const rows = [s.manifests1k, s.manifests10k].map(scaleRow);
    const lines = [
        `Scale: guard --manifests over generated objects (${s.runs} runs each; peak RSS of guard + pack)`,
        "",
        "| objects | median | min | max | peak RSS |",
        "| --- | --- | --- | --- | --- |",
        ...rows,
    ];
    if (base) lines.push("", "baseline:", ...[base.manifests1k, base.manifests10k].map(scaleRow));
    return lines.join("\n");
}

function baselineText(r: BenchResult): string {
    const b = r.baseline!;
    const row = (what: string, before?: number, after?: number) =>
        before !== undefined && after !== undefined
            ? `| ${what} | ${fmtMs(before)} | ${fmtMs(after)} | ${(before / after).toFixed(2)}x |`
            : undefined;
    const lines = [
        `Before (${b.root}) and after (this checkout), medians`,
        "",
        "| figure | before | after | speed-up |",
        "| --- | --- | --- | --- |",
        row("guard on the blueprint", b.guard?.wallMs.median, r.guard?.wallMs.median),
        row("pack cold start", b.coldStart?.pack.median, r.coldStart?.pack.median),
        row("minimal pack cold start", b.coldStart?.minimal.median, r.coldStart?.minimal.median),
        row("1k manifests", b.scale?.manifests1k.wallMs.median, r.scale?.manifests1k.wallMs.median),
        row("10k manifests", b.scale?.manifests10k.wallMs.median, r.scale?.manifests10k.wallMs.median),
    ].filter((l): l is string => l !== undefined);
    if (b.scale && r.scale)
        lines.push(
            `| 10k peak RSS | ${b.scale.manifests10k.peakRssMb.toFixed(0)} MB | ${r.scale.manifests10k.peakRssMb.toFixed(0)} MB | ${(b.scale.manifests10k.peakRssMb / r.scale.manifests10k.peakRssMb).toFixed(2)}x |`,
        );
    return lines.join("\n");
}
