/**
 * Policy throughput, in process: every resource policy on every resource it applies to (its `types`), and every
 * stack policy once, each with its default config (schema defaults, `exemptions: []`), as the CrossGuard adapter
 * (policy-pack/lib/adapter.ts) would call them, exemption lookups included. No gRPC, no proxies: this measures the
 * policies themselves. The scaling ratio time(10k)/time(1k) is about 10 when the pack is linear.
 */
import { collectGarbage } from "../guard/collect-garbage";
import { findExemption } from "../policy-pack/lib/exemptions";
import { BlueprintPolicy, PolicyConfig, PolicyResource } from "../policy-pack/lib/types";
import { median, nowMs } from "./stats";
import { generateStack } from "./synthetic";

/** A policy's config when nobody configures it: its schema defaults plus an empty exemption list. */
export function defaultConfigOf(p: BlueprintPolicy): PolicyConfig {
    const config: PolicyConfig = { exemptions: [] };
    for (const [k, schema] of Object.entries(p.configSchema ?? {})) {
        if ("default" in schema) config[k] = structuredClone(schema.default);
    }
    return config;
}

/**
 * What every stack policy of one evaluation shares, as policy-pack/lib/adapter.ts's `PreparedStack` (built once per
 * AnalyzeStack request by lib/fast-server.ts): the resource objects and their URN index. Remembered per stack array
 * (one array per evaluation, as one request): the first stack policy pays for it.
 */
interface Prepared {
    list: PolicyResource[];
    byUrn: Map<string, PolicyResource>;
}
const prepared = new WeakMap<readonly PolicyResource[], Prepared>();

function prepare(resources: readonly PolicyResource[]): Prepared {
    let p = prepared.get(resources);
    if (!p) {
        const list = resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.props }));
        p = { list, byUrn: new Map(list.map((r) => [r.urn, r])) };
        prepared.set(resources, p);
    }
    return p;
}

/** Runs one policy over the stack the way the adapter does; returns the number of findings it reports. */
export function evaluatePolicy(
    p: BlueprintPolicy,
    resources: readonly PolicyResource[],
    config: PolicyConfig,
): number {
    if (p.kind === "resource") {
        const types = p.types ? new Set(p.types) : undefined;
        let n = 0;
        for (const r of resources) {
            if (types && !types.has(r.type)) continue;
            if (findExemption(config.exemptions, r)) continue;
            n += p.check(r, config).length;
        }
        return n;
    }
    // As the adapter: the shared resource objects (each policy its own list), then exemptions on blamed resources.
    const { list, byUrn } = prepare(resources);
    let n = 0;
    for (const f of p.check(list.slice(), config)) {
        const target = f.urn ? byUrn.get(f.urn) : undefined;
        if (target && findExemption(config.exemptions, target)) continue;
        n++;
    }
    return n;
}

/**
 * A copy of a stack with new property objects, as every analyzer request brings: what the policies remember per
 * properties object within one evaluation (lib/unknowns.ts memoRead) cannot carry over to the next sample.
 */
export function fresh(stack: readonly PolicyResource[]): PolicyResource[] {
    return stack.map((r) => ({ ...r, props: structuredClone(r.props) }));
}

/** Runs the whole pack once; returns the total number of findings. */
export function evaluatePack(
    policies: readonly BlueprintPolicy[],
    configs: readonly PolicyConfig[],
    resources: readonly PolicyResource[],
): number {
    let n = 0;
    policies.forEach((p, i) => (n += evaluatePolicy(p, resources, configs[i])));
    return n;
}

export interface SizeResult {
    resources: number;
    medianMs: number;
    minMs: number;
    maxMs: number;
    resourcesPerSecond: number;
    findings: number;
}

export interface PolicyTiming {
    policy: string;
    kind: "resource" | "stack";
    ms1k: number;
    ms10k: number;
    ratio: number;
}

export interface ThroughputResult {
    policies: number;
    resourcePolicies: number;
    stackPolicies: number;
    seed: number;
    reps: number;
    mix: Record<string, number>;
    sizes: SizeResult[];
    /** time(large) / time(small); about large/small (10) when linear. */
    scalingRatio: number;
    /** Slowest policies on the large stack, with their own scaling ratio. */
    topPolicies: PolicyTiming[];
    /** Policies whose own time ratio exceeds `superLinearFactor` x the size ratio, with a non-negligible time. */
    superLinear: PolicyTiming[];
    /** Property reads per resource of every stack policy, small vs large stack (growth 1 = linear). */
    reads: ReadGrowth[];
    /** Stack policies whose reads per resource grow more than `scanGrowth` x: they scan the stack per resource. */
    scans: ReadGrowth[];
}

export interface ReadGrowth {
    policy: string;
    perResourceSmall: number;
    perResourceLarge: number;
    /** perResourceLarge / perResourceSmall: about 1 for a linear policy, about the size ratio for a per-resource scan. */
    growth: number;
}

/** Reads per resource that grow more than this between the two sizes mean a scan per resource. */
export const scanGrowth = 2;

/**
 * Runs one stack policy over proxies that count every property read (of the resource objects and, deeply, of
 * their props). Deterministic: a policy that reads each resource a bounded number of times reads about the same
 * per resource at any size; one that scans the stack per resource reads n times more per resource.
 */
export function countReads(
    p: BlueprintPolicy,
    resources: readonly PolicyResource[],
    config: PolicyConfig,
): number {
    let reads = 0;
    const cache = new WeakMap<object, object>();
    const wrap = (v: unknown): unknown => {
        if (typeof v !== "object" || v === null) return v;
        let w = cache.get(v);
        if (!w) {
            w = new Proxy(v, {
                get(target, key, receiver) {
                    reads++;
                    return wrap(Reflect.get(target, key, receiver));
                },
            });
            cache.set(v, w);
        }
        return w;
    };
    const list = resources.map(
        (r) => wrap({ type: r.type, name: r.name, urn: r.urn, props: r.props }) as PolicyResource,
    );
    if (p.kind === "stack") p.check(list, config);
    else for (const r of list) p.check(r, config);
    return reads;
}

/**
 * A policy is reported as super-linear when its ratio exceeds this multiple of the size ratio (1.5 x 10 = 15 for
 * 1k -> 10k) and its time on the large stack is not negligible.
 */
export const superLinearFactor = 1.5;
const negligibleMs = 5;

/**
 * A full garbage collection before each sample, so that one sample does not pay for the garbage of the previous
 * one (npm run bench starts node without --expose-gc: guard/collect-garbage.ts takes `gc` and turns the flag off
 * again, so that no later context of the process, e.g. Jest's next test file, gets a `gc` global).
 */
export function gc(): void {
    if (!collectGarbage())
        throw new Error("bench: this node cannot run a garbage collection (v8 --expose-gc)");
}

function timeMs(fn: () => void): number {
    gc();
    const t0 = nowMs();
    fn();
    return nowMs() - t0;
}

export interface ThroughputOptions {
    sizes?: [number, number];
    seed?: number;
    reps?: number;
    policies: readonly BlueprintPolicy[];
    progress?: (line: string) => void;
}

export function measureThroughput(opts: ThroughputOptions): ThroughputResult {
    const [small, large] = opts.sizes ?? [1000, 10000];
    const seed = opts.seed ?? 1;
    const reps = Math.max(1, opts.reps ?? 5);
    const policies = opts.policies;
    const configs = policies.map(defaultConfigOf);
    const stacks = [generateStack(small, seed), generateStack(large, seed)];

    // Warm-up: let the JIT compile the checks before anything is timed.
    evaluatePack(policies, configs, fresh(stacks[0]));
    evaluatePack(policies, configs, fresh(stacks[1]));

    const sizes: SizeResult[] = stacks.map((stack) => {
        opts.progress?.(`throughput: ${stack.length} resources x ${reps}`);
        let findings = 0;
        const samples = Array.from({ length: reps }, () => {
            const copy = fresh(stack);
            return timeMs(() => (findings = evaluatePack(policies, configs, copy)));
        });
        const m = median(samples);
        return {
            resources: stack.length,
            medianMs: m,
            minMs: Math.min(...samples),
            maxMs: Math.max(...samples),
            resourcesPerSecond: stack.length / (m / 1000),
            findings,
        };
    });

    opts.progress?.(`throughput: per policy (${policies.length} policies)`);
    // Per policy: the minimum of the samples (interference from other processes only ever adds time).
    const perPolicyReps = Math.max(5, reps);
    // One fresh copy of each stack per repetition, evaluated by every policy in catalogue order, as one request
    // would be: what policies share (lib/unknowns.ts memoRead) is paid by the first one that reads it.
    const perRep = Array.from({ length: perPolicyReps }, () => stacks.map(fresh));
    const timings: PolicyTiming[] = policies.map((p, i) => {
        const [ms1k, ms10k] = stacks.map((_, si) =>
            Math.min(...perRep.map((copies) => timeMs(() => evaluatePolicy(p, copies[si], configs[i])))),
        );
        return { policy: p.name, kind: p.kind, ms1k, ms10k, ratio: ms10k / Math.max(ms1k, 1e-3) };
    });
    const topPolicies = [...timings].sort((a, b) => b.ms10k - a.ms10k).slice(0, 5);
    const limit = superLinearFactor * (large / small);
    const superLinear = timings
        .filter((t) => t.ratio > limit && t.ms10k >= negligibleMs)
        .sort((a, b) => b.ratio - a.ratio);
    // The algorithmic test: property reads per resource, counted through proxies, are deterministic (no timing noise).
    opts.progress?.(
        `throughput: counting property reads of ${policies.filter((p) => p.kind === "stack").length} stack policies`,
    );
    const reads: ReadGrowth[] = [];
    policies.forEach((p, i) => {
        if (p.kind !== "stack") return;
        const [r1, r2] = stacks.map((s) => countReads(p, s, configs[i]) / s.length);
        reads.push({
            policy: p.name,
            perResourceSmall: r1,
            perResourceLarge: r2,
            growth: r2 / Math.max(r1, 1e-9),
        });
    });
    reads.sort((a, b) => b.growth - a.growth);
    const scans = reads.filter((r) => r.growth > scanGrowth);

    const mix: Record<string, number> = {};
    for (const r of stacks[1]) mix[r.type] = (mix[r.type] ?? 0) + 1;
    return {
        policies: policies.length,
        resourcePolicies: policies.filter((p) => p.kind === "resource").length,
        stackPolicies: policies.filter((p) => p.kind === "stack").length,
        seed,
        reps,
        mix,
        sizes,
        scalingRatio: sizes[1].medianMs / sizes[0].medianMs,
        topPolicies,
        superLinear,
        reads,
        scans,
    };
}
