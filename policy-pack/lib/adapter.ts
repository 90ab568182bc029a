/**
 * Adapts the pack's pure policies to CrossGuard. Everything engine-specific lives here: reading config,
 * applying exemptions, and tolerating values that are unknown during preview.
 */
import type {
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
    PolicyConfigSchema,
} from "@pulumi/policy";
import * as policyProxy from "@pulumi/policy/proxy";
import { expiredNote, findExemption, findExpiredExemption, exemptionsSchema } from "./exemptions";
import { k8sIdentity } from "../../lib/k8s";
import {
    BlueprintPolicy,
    Exemption,
    Finding,
    PolicyConfig,
    PolicyResource,
    ResourcePolicy,
    StackPolicy,
} from "./types";
import { attachFast } from "./fast-server";
import { UnverifiedRead, collectUnverified, trackUnknowns, unverifiedMessage } from "../../lib/unknowns";
import { isKnownProps } from "./known-props";

/** @pulumi/policy's own UnknownValueError (marked @internal, so absent from its .d.ts). */
const { UnknownValueError, unknownStringValue } = policyProxy as unknown as {
    UnknownValueError: new (sentinel: unknown, props: string[]) => Error;
    unknownStringValue: unknown;
};

/**
 * Reports what a check could not decide as an ADVISORY finding of the same policy. CrossGuard's reportViolation
 * reports at the policy's own level, so a mandatory policy cannot report advisory through it; @pulumi/policy's
 * server does report an `UnknownValueError` that escapes a policy as an advisory diagnostic of that policy
 * ("can't run policy '<name>' ... during preview: <message>"), after the violations already reported. So the
 * adapter reports the definite violations first, then throws one such error whose message lists every value that
 * could not be verified.
 */
function reportUnverified(undecided: Finding[], reads: UnverifiedRead[]): void {
    if (!undecided.length && !reads.length) return;
    const e = new UnknownValueError(unknownStringValue, []);
    e.message = unverifiedMessage(
        undecided.map((f) => f.message),
        reads,
    );
    throw e;
}

/** `Kind "name"` of a resource, for unverified-value messages. */
function label(r: PolicyResource): string {
    const id = k8sIdentity(r);
    return `${id.kind ?? r.type} "${id.name ?? r.name}"`;
}

/** Labels already computed, by properties object (the server shares one per resource and request). */
const labels = new WeakMap<object, { urn: string; label: string }>();

function labelOf(r: PolicyResource): string {
    const key = typeof r.props === "object" && r.props !== null ? (r.props as object) : undefined;
    const cached = key ? labels.get(key) : undefined;
    if (cached && cached.urn === r.urn) return cached.label;
    const l = label(r);
    if (key) labels.set(key, { urn: r.urn, label: l });
    return l;
}

/**
 * The resource with properties that record each unknown value a check reads; the resource itself when its properties
 * are known to hold no unknown value (lib/known-props.ts), as then nothing could be recorded.
 */
function tracked(r: PolicyResource): PolicyResource {
    if (isKnownProps(r.props)) return r;
    return { ...r, props: trackUnknowns(r.props, r.urn, labelOf(r)) };
}

/**
 * The message CrossGuard reports: the finding, then (when an expired exemption no longer hides it) a line saying so,
 * then `field: <path>` when the check names the violating field (the guard reads that last line).
 */
export function violationMessage(f: Finding, expired?: Exemption): string {
    return `${f.message}${expired ? `\n${expiredNote(expired)}` : ""}${f.path ? `\nfield: ${f.path}` : ""}`;
}

/** The full config schema: the policy's own properties plus `exemptions`. */
export function configSchemaOf(p: BlueprintPolicy): PolicyConfigSchema {
    return { properties: { ...(p.configSchema ?? {}), exemptions: exemptionsSchema } } as PolicyConfigSchema;
}

function common(p: BlueprintPolicy) {
    const refs = [
        p.frameworks.cisEks?.length ? `CIS EKS 1.8.0 ${p.frameworks.cisEks.join(", ")}` : undefined,
        p.frameworks.pss ? `PSS ${p.frameworks.pss}` : undefined,
        p.frameworks.nsa ? `NSA/CISA: ${p.frameworks.nsa}` : undefined,
        `brief ${p.frameworks.brief.join(", ")}`,
    ].filter(Boolean);
    return {
        name: p.name,
        description: p.description,
        enforcementLevel: p.enforcementLevel,
        severity: p.severity,
        remediationSteps: p.remediation,
        tags: refs as string[],
        configSchema: configSchemaOf(p),
        ...(p.frameworks.cisEks?.length
            ? {
                  framework: {
                      name: "cis-eks",
                      version: "1.8.0",
                      reference: p.frameworks.cisEks.join(","),
                      specification: "CIS Amazon Elastic Kubernetes Service (EKS) Benchmark",
                  },
              }
            : {}),
    };
}

type StackArgsResource = StackValidationArgs["resources"][number];

/**
 * Each stack resource as the checks see it (plain, for exemptions, and tracked), by properties object. The server
 * gives every stack policy of one AnalyzeStack request the same properties object per resource (lib/shared-props.ts),
 * so the ~46 stack policies share these instead of each building 10,000 of them. A different request brings new
 * properties objects; the URN, type, name and protect flag are checked all the same.
 */
const stackResources = new WeakMap<object, { plain: PolicyResource; tracked: PolicyResource }>();

function stackResourceOf(r: StackArgsResource): { plain: PolicyResource; tracked: PolicyResource } {
    const key = typeof r.props === "object" && r.props !== null ? (r.props as object) : undefined;
    const cached = key ? stackResources.get(key) : undefined;
    const protect = !!r.opts?.protect;
    if (
        cached &&
        cached.plain.urn === r.urn &&
        cached.plain.type === r.type &&
        cached.plain.name === r.name &&
        cached.plain.opts?.protect === protect
    )
        return cached;
    const plain: PolicyResource = {
        type: r.type,
        name: r.name,
        urn: r.urn,
        props: r.props,
        opts: { protect },
        propertyDependencies: Object.fromEntries(
            Object.entries(r.propertyDependencies ?? {}).map(([k, deps]) => [k, deps.map((d) => d.urn)]),
        ),
    };
    const entry = { plain, tracked: tracked(plain) };
    if (key) stackResources.set(key, entry);
    return entry;
}

/** One AnalyzeStack request's resources as every stack policy sees them (built once per request). */
export interface PreparedStack {
    /** As the checks see them: tracked when they hold unknown values. */
    tracked: PolicyResource[];
    /** Plain, for exemptions, by URN (the last of a repeated URN, as the library's own map). */
    byUrn: Map<string, PolicyResource>;
}

/** Prepares a stack from its resources, plain (`propertyDependencies` as URNs of resources of the stack). */
export function prepareStack(
    entries: Array<{ plain: PolicyResource; tracked: PolicyResource }>,
): PreparedStack {
    return {
        tracked: entries.map((e) => e.tracked),
        byUrn: new Map(entries.map((e) => [e.plain.urn, e.plain])),
    };
}

/** `prepareStack` for resources built by the fast server (lib/fast-server.ts), plain. */
export function preparePlainStack(resources: PolicyResource[]): PreparedStack {
    return prepareStack(resources.map((plain) => ({ plain, tracked: tracked(plain) })));
}

/** Runs a resource policy on one resource and reports what CrossGuard reports (see `reportUnverified`). */
function runResource(
    p: ResourcePolicy,
    types: Set<string> | undefined,
    r: PolicyResource,
    config: PolicyConfig,
    report: (message: string) => void,
): void {
    if (types && !types.has(r.type)) return;
    if (findExemption(config.exemptions, r)) return;
    const expired = findExpiredExemption(config.exemptions, r);
    // Properties with no unknown value: no read can be unverified, nothing to track.
    const { result, unverified } = isKnownProps(r.props)
        ? { result: p.check(r, config), unverified: [] }
        : collectUnverified(() => p.check(tracked(r), config));
    for (const f of result) if (!f.undecided) report(violationMessage(f, expired));
    reportUnverified(
        result.filter((f) => f.undecided),
        unverified,
    );
}

/** Runs a stack policy on a prepared stack. */
function runStack(
    p: StackPolicy,
    stack: PreparedStack,
    config: PolicyConfig,
    report: (message: string, urn?: string) => void,
): void {
    const { byUrn } = stack;
    // A stack check reads uncertain values through `known`; an UnknownValueError that still escapes is left
    // to @pulumi/policy, which then reports the policy as not runnable during preview, as the engine would.
    // Each policy gets its own list (a check may sort it).
    const { result, unverified } = collectUnverified(() => p.check(stack.tracked.slice(), config));
    const exempt = (urn: string | undefined) => {
        const target = urn ? byUrn.get(urn) : undefined;
        return !!target && !!findExemption(config.exemptions, target);
    };
    for (const f of result) {
        if (exempt(f.urn) || f.undecided) continue;
        const target = f.urn ? byUrn.get(f.urn) : undefined;
        const expired = target ? findExpiredExemption(config.exemptions, target) : undefined;
        report(violationMessage(f, expired), f.urn);
    }
    reportUnverified(
        result.filter((f) => f.undecided && !exempt(f.urn)),
        unverified.filter((u) => !exempt(u.urn)),
    );
}

/** Converts a pure blueprint policy to a CrossGuard policy. */
export function toCrossGuard(p: BlueprintPolicy): ResourceValidationPolicy | StackValidationPolicy {
    if (p.kind === "resource") {
        const types = p.types ? new Set(p.types) : undefined;
        const policy: ResourceValidationPolicy = {
            ...common(p),
            validateResource: (args, report) => {
                if (types && !types.has(args.type)) return;
                const r: PolicyResource = {
                    type: args.type,
                    name: args.name,
                    urn: args.urn,
                    props: args.props,
                    opts: { protect: !!args.opts?.protect },
                };
                runResource(p, types, r, args.getConfig<PolicyConfig>(), report);
            },
        };
        attachFast(policy, { resource: (r, config, report) => runResource(p, types, r, config, report) });
        return policy;
    }
    const policy: StackValidationPolicy = {
        ...common(p),
        validateStack: (args, report) =>
            runStack(
                p,
                prepareStack(args.resources.map(stackResourceOf)),
                args.getConfig<PolicyConfig>(),
                report,
            ),
    };
    attachFast(policy, {
        prepareStack: preparePlainStack,
        stack: (stack, config, report) => runStack(p, stack as PreparedStack, config, report),
    });
    return policy;
}
