/**
 * The shape of a policy's fixture table (issue 19, "tests in the shape of a policy library"): one file per policy,
 * `cases/<area>/<policy-id>.cases.ts`, exporting `cases: PolicyCases`. The driver (`../policy-cases.test.ts`) runs
 * every table: each pass case gives no finding of that policy; each fail case gives a violation matching its
 * fragments. Cases with values unknown during preview, and whole-catalogue properties, stay as focused tests.
 */
import { allPolicies } from "../../../policy-pack/policies";
import { Finding, Level, PolicyConfig, PolicyResource } from "../../../policy-pack/lib/types";

export type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- resource props in tests

/** A named input: one resource (for a resource policy) or a stack (a list, for a stack policy or several resources). */
export interface Case {
    /** What the case shows; unique within its table. */
    name: string;
    resources: PolicyResource | PolicyResource[];
    /** The policy's config for this case (schema properties and exemptions). */
    config?: PolicyConfig;
}

/** A failing input and what its violations say: `message`, `messages` or both (at least one). */
export interface FailCase extends Case {
    /** Fragment(s) of the message: one violation must contain (string) or match (RegExp) every one of them. */
    message?: string | RegExp | Array<string | RegExp>;
    /** The exact messages of all violations, in order, when the case pins them. */
    messages?: string[];
    /** Text no violation may contain (e.g. the secret value a message must never print). */
    absent?: string[];
    /** Exact number of violations, when the case pins it. */
    count?: number;
    /**
     * The resource every violation must blame (its URN), when the case pins it; a list: the resources the
     * violations blame, one each, in order.
     */
    blame?: PolicyResource | PolicyResource[];
}

/** One policy's table. */
export interface PolicyCases {
    /** The policy's name (id) in the registry. */
    policy: string;
    /** The policy's default enforcement level, when the table pins it. */
    enforcementLevel?: Level;
    pass: Case[];
    fail: FailCase[];
}

const byName = new Map(allPolicies.map((p) => [p.name, p]));

/**
 * Runs a policy on one resource (resource policy) or a list (stack policy); resource types are filtered as the
 * CrossGuard adapter does.
 */
export function run(
    name: string,
    input: PolicyResource | PolicyResource[],
    config: PolicyConfig = {},
): Finding[] {
    const p = byName.get(name);
    if (!p) throw new Error(`no policy ${name}`);
    const list = Array.isArray(input) ? input : [input];
    if (p.kind === "stack") return p.check(list, config);
    return list.flatMap((r) => (p.types && !p.types.includes(r.type) ? [] : p.check(r, config)));
}

let seq = 0;
/** A resource as the engine hands it to the pack; the name defaults to a fresh `rN`. */
export function res(type: string, props: Obj, name = `r${++seq}`): PolicyResource {
    return { type, name, urn: `urn:pulumi:test::bp::${type}::${name}`, props };
}
