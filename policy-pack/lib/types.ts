import type { AdmissionForm } from "./admission";

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
    /**
     * Pod Security Standards check id(s) as Pod Security Admission names them, comma-separated, e.g. "privileged";
     * for the policies about namespace labels, a level ("baseline") or "enforce-version".
     */
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
    /**
     * The pack version (semver, `PulumiPolicy.yaml`'s `version`) that first shipped this policy, as Pod Security
     * Admission registers each check with the version it applies from. A new policy takes the pack's next version
     * and goes at the end of its area's list: within an area, `since` never decreases (test/policy-pack/registry
     * .test.ts), so the registry order is the order policies were added. Optional in the type only so that ad-hoc
     * policies in tests need not invent one; every policy of the registry has it (the same test).
     */
    since?: string;
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
    /**
     * The same guardrail at admission time, as CEL for a ValidatingAdmissionPolicy (issue 18). Only for checks
     * decidable on one object; without it the policy is enforced at preview only.
     */
    admission?: AdmissionForm;
    /**
     * Why the policy has no admission form and stays preview-only (e.g. it needs other objects of the stack). Every
     * policy has exactly one of `admission` and `previewOnly`: docs/policies.md and the admission agreement test's
     * list of exceptions both read it.
     */
    previewOnly?: string;
}

/** A resource as the policies see it: type token, name, URN and (input or output) properties. */
export interface PolicyResource {
    type: string;
    name: string;
    urn: string;
    props: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    /**
     * Resource options as the analyzer protocol carries them. Only `protect`: `retainOnDelete` is not part of
     * AnalyzerResourceOptions (pulumi 3.248), so no policy pack can see it.
     */
    opts?: { protect?: boolean };
    /** Stack policies only: URNs of the resources each input property's value depends on. */
    propertyDependencies?: Record<string, string[]>;
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
    /**
     * The violating field, from the resource's root, e.g. `spec.template.spec.containers[0].securityContext.privileged`
     * (a key with dots or slashes is written `metadata.annotations["example.com/x"]`). The adapter appends it to the
     * message as a last line `field: <path>`, which CrossGuard shows as text and the guard turns into a source line
     * and a baseline fingerprint.
     */
    path?: string;
}

/** Config as a policy receives it: its schema properties plus `exemptions`. */
export type PolicyConfig = Record<string, any> & { exemptions?: Exemption[] }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One exemption: every given selector must match; `reason` is mandatory. */
export interface Exemption {
    namespace?: string;
    name?: string;
    kind?: string;
    reason: string;
    /** Who answers for the exemption (a team or a person). */
    owner?: string;
    /** Last day (ISO date, UTC) the exemption applies; from the next day on the violation is reported again. */
    expires?: string;
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
