/**
 * Issue 18: each generated CEL expression's estimated cost is bounded. The method (a simple static estimator, an
 * upper bound of Kubernetes' own): an expression costs one unit per token, and each comprehension (`all`, `exists`,
 * `filter`, `map`) multiplies the cost of its body by the assumed size of the list it iterates, nested
 * comprehensions multiplying again. Lists are assumed to hold at most 100 items (containers, env entries, rules,
 * hosts: far above real objects) and every regex match costs the length of a 1 KiB string. The bound is
 * Kubernetes' per-expression runtime limit (PerCallLimit, 1,000,000). The real check happens on the API server,
 * which loads the generated policies in the e2e suite (npm run test:e2e) without cost errors.
 */
import { generateAdmissionPolicies } from "../../policy-pack/admission/generate";
import { allPolicies } from "../../policy-pack/policies";
import blueprintConfig from "../../policy-pack/blueprint.policy-config.json";
import { fixturePolicyConfig } from "./fixtures";

const maxList = 100;
const regexCost = 1024;
export const perCallLimit = 1_000_000;

/** Estimated cost of one CEL expression (see the file comment). */
export function estimateCost(expr: string): number {
    // Tokens: identifiers, numbers, string literals, operators.
    const tokens =
        expr.match(/'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|[A-Za-z_][A-Za-z0-9_]*|\d+|&&|\|\||[=!<>]=|\S/g) ??
        [];
    let depth = 0;
    const stack: boolean[] = []; // per open paren: does it open a comprehension?
    let cost = 0;
    for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i];
        if (t === "(") {
            const comp =
                ["all", "exists", "filter", "map", "exists_one"].includes(tokens[i - 1] ?? "") &&
                tokens[i - 2] === ".";
            stack.push(comp);
            if (comp) depth++;
        } else if (t === ")") {
            if (stack.pop()) depth--;
        }
        const unit = t === "matches" ? regexCost : 1;
        cost += unit * maxList ** depth;
    }
    return cost;
}

test("the estimator counts comprehensions multiplicatively", () => {
    expect(estimateCost("a.all(x, x > 1)")).toBeGreaterThan(100);
    expect(estimateCost("a.all(x, x.b.all(y, y))")).toBeGreaterThan(estimateCost("a.all(x, x.b)") * 50);
    expect(estimateCost("a == 1")).toBe(3);
});

// The blueprint's config, and the fixtures' (which folds a target version into namespace-psa-version-outdated).
const generated = [
    ...generateAdmissionPolicies(allPolicies, { policyConfig: blueprintConfig }),
    ...generateAdmissionPolicies(allPolicies, { policyConfig: fixturePolicyConfig }).map((g) => ({
        ...g,
        name: `${g.name} (fixture config)`,
    })),
];

test.each(generated.map((g) => [g.name, g] as const))(
    "%s: every expression is within the cost bound",
    (_n, g) => {
        const exprs: string[] = [
            ...(g.policy.spec.variables ?? []).map((v: { expression: string }) => v.expression),
            ...(g.policy.spec.matchConditions ?? []).map((v: { expression: string }) => v.expression),
            ...g.policy.spec.validations.flatMap((v: { expression: string; messageExpression: string }) => [
                v.expression,
                v.messageExpression,
            ]),
        ];
        expect(exprs.length).toBeGreaterThan(0);
        const over = exprs
            .map((e) => ({ cost: estimateCost(e), e: e.slice(0, 80) }))
            .filter((x) => x.cost > perCallLimit);
        expect(over).toEqual([]);
    },
);
