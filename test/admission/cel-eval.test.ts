// cel-eval.ts plans each CEL expression once and keeps the program: its verdicts and messages must be exactly those
// of @bufbuild/cel's run() (parse, plan and evaluate on every call), here on every admission policy with each
// policy's own fixtures, and the PSA conformance pods through one pod policy.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { generateAdmissionPolicies, Obj } from "../../policy-pack/admission/generate";
import { allPolicies } from "../../policy-pack/policies";
import { celEvalCached, celEvalUncached, evaluatePolicy } from "./cel-eval";
import { fixturePolicyConfig, fixtures } from "./fixtures";

const generated = generateAdmissionPolicies(allPolicies, { policyConfig: fixturePolicyConfig });

test.each(generated.map((g) => [g.name, g] as const))("%s: planned once = run() every time", (_name, g) => {
    const own = fixtures.filter((f) => f.policy === g.name);
    // Other policies' fixtures too, so that both verdicts (and non-matching kinds) are seen.
    const others = fixtures.filter((f, i) => f.policy !== g.name && i % 40 === 0);
    expect(own.length).toBeGreaterThan(0);
    for (const f of [...own, ...others]) {
        const input = { object: f.object, params: g.params, namespaceObject: f.namespace };
        const cached = evaluatePolicy(g.policy, input, celEvalCached);
        // Twice: a kept program gives the same answer on its second use.
        expect(evaluatePolicy(g.policy, input, celEvalCached)).toEqual(cached);
        expect([f.id, cached]).toEqual([f.id, evaluatePolicy(g.policy, input, celEvalUncached)]);
    }
});

test("the PSA conformance pods through read-only-root-filesystem: the same verdicts both ways", () => {
    const g = generated.find((x) => x.name === "read-only-root-filesystem")!;
    const dir = path.resolve(__dirname, "../../../shared/conformance/pod-security/restricted/v1.37");
    let refused = 0;
    for (const expect_ of ["pass", "fail"])
        for (const f of fs
            .readdirSync(path.join(dir, expect_))
            .filter((n, i) => n.endsWith(".yaml") && i % 3 === 0)) {
            const object = parse(fs.readFileSync(path.join(dir, expect_, f), "utf8")) as Obj;
            const cached = evaluatePolicy(g.policy, { object, params: g.params }, celEvalCached);
            expect([f, cached]).toEqual([
                f,
                evaluatePolicy(g.policy, { object, params: g.params }, celEvalUncached),
            ]);
            if (!cached.admitted) refused++;
        }
    expect(refused).toBeGreaterThan(0);
});

test("an expression that does not parse is the same error both ways, every time", () => {
    const bad = "object.spec.(";
    const message = (f: typeof celEvalCached) => {
        try {
            f(bad, { object: {} });
        } catch (e) {
            return (e as Error).message;
        }
        return "no error";
    };
    const first = message(celEvalCached);
    expect(first).not.toBe("no error");
    expect(message(celEvalCached)).toBe(first);
    expect(message(celEvalUncached)).toBe(first);
});
