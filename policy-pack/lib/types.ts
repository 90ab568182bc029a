/**
 * The shape of every policy in this pack. Each policy file exports one `BlueprintPolicy`: metadata plus a pure
 * function. `index.ts` adapts them to CrossGuard; tests call the pure functions directly.
 */

/** CrossGuard enforcement levels that a policy may default to. */
export type Level = "advisory" | "mandatory" | "disabled";

/** How bad a violation is. */
export type Severity = "low" | "medium" | "high" | "critical";

/** Framework references. Brief ids are the numbering of ../shared/brief.md (F1-F6, C1-C7, R1-R8, Q1-Q11). */
export interface Frameworks {
    /** CIS Amazon EKS Benchmark 1.8.0 control ids, e.g. "4.1.1". */
    cisEks?: string[];
    /** Pod Security Standards check id as Pod Security Admission names it, e.g. "privileged". */
    pss?: string;
    /** NSA/CISA Kubernetes Hardening Guidance section, in words. */
    nsa?: string;
    /** Concerns of the brief this policy answers. */
    brief: string[];
}

/** Metadata shared by resource and stack policies. */
export interface PolicyMeta {
    /** Unique, kebab-case. Users filter and configure by this name, so it never changes. */
    name: string;
    /** What the policy checks, in one sentence. */
    description: string;
    /** Default enforcement level. */
    enforcementLevel: Level;
    severity: Severity;
    /** How to fix a violation. */
    remediation: string;
    frameworks: Frameworks;
    /**
     * JSON schema of the policy's own config properties (besides `exemptions`, which every policy gets).
     * Every property needs a `default`.
     */
    configSchema?: Record<string, Record<string, unknown>>;
}

/** A resource as the policies see it: type token, name, URN and (input or output) properties. */
export interface PolicyResource {
    type: string;
    name: string;
    urn: string;
    props: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * A violation found by a pure check. `urn` is set by stack checks to blame a specific resource. `undecided` marks
 * a check that could not be decided because a value it needs is unknown during preview: the adapter reports it as
 * an ADVISORY finding of the policy ("not verified during preview: ..."), never as a violation and never silently.
 */
export interface Finding {
    message: string;
    urn?: string;
    undecided?: boolean;
}

/** Config as a policy receives it: its schema properties plus `exemptions`. */
export type PolicyConfig = Record<string, any> & { exemptions?: Exemption[] }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One exemption: every given selector must match; `reason` is mandatory. */
export interface Exemption {
    namespace?: string;
    name?: string;
    kind?: string;
    reason: string;
}

/** A policy that looks at one resource at a time (the engine's `Analyze`). Pure: no I/O, no globals. */
export interface ResourcePolicy extends PolicyMeta {
    kind: "resource";
    /** Resource type tokens this policy applies to; the adapter skips others. */
    types?: string[];
    check(resource: PolicyResource, config: PolicyConfig): Finding[];
}

/** A policy over the whole stack (the engine's `AnalyzeStack`). Pure; builds its indexes once. */
export interface StackPolicy extends PolicyMeta {
    kind: "stack";
    check(resources: PolicyResource[], config: PolicyConfig): Finding[];
}

export type BlueprintPolicy = ResourcePolicy | StackPolicy;
