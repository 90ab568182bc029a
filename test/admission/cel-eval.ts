/**
 * An offline ValidatingAdmissionPolicy evaluator for the tests: real CEL (@bufbuild/cel, its RE2 `matches` and the
 * strings extension Kubernetes also enables), applied as the API server applies a policy: matchConstraints (kind
 * and operation), matchConditions (all must be true, else the policy does not apply), variables in order, then
 * every validation (false or an evaluation error = a failure, as failurePolicy: Fail).
 * JSON integers become CEL ints (bigint), as Kubernetes converts them.
 */
import { celEnv, celError, CelResult, isCelError, parse, plan, run } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import { Obj } from "../../policy-pack/admission/generate";

/** JSON to CEL input: integers as bigint, everything else as is. */
export function toCel(v: unknown): unknown {
    if (typeof v === "number") return Number.isInteger(v) ? BigInt(v) : v;
    if (Array.isArray(v)) return v.map(toCel);
    if (v && typeof v === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) out[k] = toCel(x);
        return out;
    }
    return v;
}

// One environment, and each expression parsed and planned once: what @bufbuild/cel's `run()` does on every call
// (celEnv, parse, plan, then the program on the bindings; any exception becomes a CelError), with the pure steps
// done once per expression. The same expressions are evaluated on thousands of objects here.
const env = celEnv({ funcs: strings });
type Program = (bindings: Record<string, unknown>) => CelResult;
const programs = new Map<string, Program>();

function programOf(expression: string): Program {
    let p = programs.get(expression);
    if (p === undefined) {
        try {
            // eslint-disable-next-line @typescript-eslint/no-explicit-any -- CelInput bindings
            p = plan(env, parse(expression)) as any as Program;
        } catch (e) {
            const error = celError(e);
            p = () => error;
        }
        programs.set(expression, p);
    }
    return p;
}

function result(expression: string, r: CelResult): unknown {
    if (isCelError(r)) throw new Error(`${r.message} in: ${expression.slice(0, 200)}`);
    return r;
}

/** Evaluates one expression; throws on a CEL error. */
export function celEvalCached(expression: string, bindings: Record<string, unknown>): unknown {
    let r: CelResult;
    try {
        r = programOf(expression)(bindings);
    } catch (e) {
        r = celError(e);
    }
    return result(expression, r);
}

export const celEval = celEvalCached;

/** celEval through `run()`, nothing kept between calls (what celEval did before: cel-eval.test.ts compares them). */
export function celEvalUncached(expression: string, bindings: Record<string, unknown>): unknown {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- CelInput bindings
    return result(expression, run(expression, bindings as any, { funcs: strings }));
}

/** Plural resource name of a kind, as matchConstraints name it. */
export function resourceOf(kind: string): string {
    const k = kind.toLowerCase();
    if (k === "ingress") return "ingresses";
    if (k.endsWith("s")) return `${k}es`;
    if (k.endsWith("y")) return `${k.slice(0, -1)}ies`;
    return `${k}s`;
}

export interface Verdict {
    /** The policy's rules select the object. */
    matched: boolean;
    /** A matchCondition (exemption) excluded it. */
    excluded: boolean;
    admitted: boolean;
    messages: string[];
    /** messageExpressions that failed to evaluate to a non-empty string (Kubernetes then falls back to `message`). */
    messageErrors: string[];
}

export interface EvalInput {
    object: Obj;
    /** The Namespace the object lands in, as namespaceObject (optional). */
    namespaceObject?: Obj;
    operation?: "CREATE" | "UPDATE";
    params?: Obj;
}

/** Applies a generated ValidatingAdmissionPolicy to one object. */
export function evaluatePolicy(policy: Obj, input: EvalInput, celEval = celEvalCached): Verdict {
    const { object } = input;
    const [group, version] = object.apiVersion.includes("/")
        ? object.apiVersion.split("/")
        : ["", object.apiVersion];
    const resource = resourceOf(object.kind);
    const operation = input.operation ?? "CREATE";
    const matched = (policy.spec.matchConstraints.resourceRules as Obj[]).some(
        (r) =>
            r.apiGroups.includes(group) &&
            r.apiVersions.includes(version) &&
            r.resources.includes(resource) &&
            r.operations.includes(operation),
    );
    if (!matched) return { matched, excluded: false, admitted: true, messages: [], messageErrors: [] };
    const namespace = object.kind === "Namespace" ? "" : (object.metadata?.namespace ?? "default");
    const bindings: Record<string, unknown> = {
        object: toCel(object),
        oldObject: null,
        request: toCel({
            operation,
            namespace,
            name: object.metadata?.name ?? "",
            kind: { group, version, kind: object.kind },
            resource: { group, version, resource },
        }),
        namespaceObject: input.namespaceObject ? toCel(input.namespaceObject) : null,
        params: input.params ? toCel(input.params) : null,
    };
    for (const c of (policy.spec.matchConditions ?? []) as Obj[])
        if (celEval(c.expression, bindings) !== true)
            return { matched, excluded: true, admitted: true, messages: [], messageErrors: [] };
    const variables: Record<string, unknown> = {};
    bindings.variables = variables;
    const errors: string[] = [];
    for (const v of (policy.spec.variables ?? []) as Obj[]) {
        try {
            variables[v.name] = celEval(v.expression, bindings);
        } catch (e) {
            // Kubernetes evaluates variables lazily: an error surfaces only where a validation reads it.
            errors.push(`variable ${v.name}: ${(e as Error).message}`);
        }
    }
    const messages: string[] = [];
    const messageErrors: string[] = [];
    for (const v of policy.spec.validations as Obj[]) {
        let ok: unknown;
        try {
            ok = celEval(v.expression, bindings);
        } catch (e) {
            messages.push(`error: ${(e as Error).message} ${errors.join("; ")}`);
            continue;
        }
        if (ok === true) continue;
        let msg: string = v.message;
        try {
            const m = celEval(v.messageExpression, bindings);
            if (typeof m === "string" && m) msg = m;
            else messageErrors.push(`${v.messageExpression}: not a non-empty string`);
        } catch (e) {
            // Kubernetes falls back to `message` when the messageExpression fails; the tests refuse it.
            messageErrors.push((e as Error).message);
        }
        messages.push(msg);
    }
    return { matched, excluded: false, admitted: messages.length === 0, messages, messageErrors };
}
