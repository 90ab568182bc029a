/**
 * Picks the resources of a generated stack that `npm test`'s differential tests of the policy pack compare
 * (test/policy-pack/fast-server.test.ts `picked`, shared-props.test.ts `picked`): few resources whose answers from
 * @pulumi/policy's own handlers cover all that the whole stack's answers cover - every policy reporting on every
 * resource type at every level (with and without unknowns), the unknown-value advisories and every resource type.
 * Greedy on each resource's own answers, plus the kinds stack policies relate others to, then pruned one by one
 * (each step re-checked over the picked stack, as stack policies see the stack). Prints the names.
 *
 *   node scripts/run-ts.js scripts/pick-stack-resources.ts fast-server-unknowns 300 1
 *   node scripts/run-ts.js scripts/pick-stack-resources.ts fast-server-levels 300 9
 *   node scripts/run-ts.js scripts/pick-stack-resources.ts shared-props 400 7
 *
 * The stacks are built as the tests build them, with the tests' own harness (test/policy-pack/differential.ts).
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- generated protobuf code */
import { generateStack, mulberry32 } from "../bench/synthetic";
import { GuardResource } from "../guard/model";
import { PolicyConfigEntry } from "../guard/policy-config";
import { BlueprintPolicy } from "../policy-pack/lib/types";
import { guardResource, outcomes, server, withUnknowns } from "../test/policy-pack/differential";

/** The library's handlers (the tests' reference server): each resource's diagnostics, "" for stack-wide ones. */
function library() {
    const lib = server(false);
    const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb");
    const diagnostics = (outcome: string): any[] => {
        if (outcome.startsWith("error: ")) throw new Error(outcome);
        return analyzerproto.AnalyzeResponse.deserializeBinary(
            Buffer.from(outcome, "base64"),
        ).getDiagnosticsList();
    };
    return {
        configure: (config: Record<string, PolicyConfigEntry>) => lib.configure(config),
        answers: async (rs: GuardResource[]): Promise<Array<[string, any]>> => {
            const out: Array<[string, any]> = [];
            for (const [what, outcome] of await outcomes(lib, rs))
                for (const d of diagnostics(outcome))
                    out.push([what === "analyzeStack" ? d.getUrn() : what.slice("analyze ".length), d]);
            return out;
        },
    };
}

/** The test's unknowns: about 8 % of the string leaves, drawn over the whole stack from the seed. */
function stackWithUnknowns(stack: GuardResource[], seed: number): GuardResource[] {
    const rand = mulberry32(seed * 101);
    return stack.map((r) => {
        const props = withUnknowns(r.inputs, rand, 0.08);
        return { ...r, inputs: props, outputs: props };
    });
}

async function main() {
    const [mode, n, seed] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
    if (
        !["fast-server-unknowns", "fast-server-levels", "shared-props"].includes(mode) ||
        !(n > 0) ||
        !(seed > 0)
    )
        throw new Error(
            "usage: pick-stack-resources.ts fast-server-unknowns|fast-server-levels|shared-props <n> <seed>",
        );
    const lib = library();
    const whole = generateStack(n, seed).map(guardResource);
    const wholeUnknown = mode === "fast-server-unknowns" ? stackWithUnknowns(whole, seed) : undefined;
    const { allPolicies } = require("../policy-pack/policies") as { allPolicies: BlueprintPolicy[] };
    const levels = ["disabled", "advisory", "remediate", "mandatory"] as const;
    const levelConfig = (exemptions: boolean) =>
        Object.fromEntries(
            allPolicies.map((p, i) => [
                p.name,
                {
                    enforcementLevel: levels[i % 4],
                    properties:
                        exemptions && i % 3 === 0
                            ? {
                                  exemptions: [
                                      { namespace: "team-0", reason: "test" },
                                      { kind: "Deployment", name: "deployment-1", reason: "x" },
                                  ],
                              }
                            : {},
                },
            ]),
        ) as Record<string, PolicyConfigEntry>;
    if (mode === "fast-server-levels") await lib.configure(levelConfig(true));

    /** Coverage features of each resource (by URN; "" for stack-wide) over the stacks picked by `idx`. */
    const features = async (idx: number[]) => {
        const rs = idx.map((i) => whole[i]);
        const typeOf = new Map(rs.map((r) => [r.urn, r.type]));
        const by = new Map<string, Set<string>>(rs.map((r) => [r.urn, new Set([`type ${r.type}`])]));
        const add = (rounds: string, answers: Array<[string, any]>) => {
            for (const [urn, d] of answers) {
                const set = by.get(urn) ?? by.set(urn, new Set()).get(urn)!;
                const p = d.getPolicyname();
                const type = typeOf.get(urn) ?? "(stack)";
                set.add(`${rounds} ${p}`);
                set.add(`${rounds} ${p} ${type}`);
                set.add(`${rounds} ${p} ${type} ${d.getEnforcementlevel()}`);
                if (d.getMessage().includes("during preview")) set.add(`${rounds} preview ${p}`);
            }
        };
        add("known", await lib.answers(rs));
        if (wholeUnknown) add("unknown", await lib.answers(idx.map((i) => wholeUnknown[i])));
        return by;
    };
    const all = (m: Map<string, Set<string>>) => new Set([...m.values()].flatMap((s) => [...s]));
    const everyIndex = whole.map((_, i) => i);
    const wholeFeatures = await features(everyIndex);
    const universe = all(wholeFeatures);
    const exemptionsMatter = async (idx: number[]) => {
        if (mode !== "fast-server-levels") return true;
        const rs = idx.map((i) => whole[i]);
        const text = async () => JSON.stringify((await lib.answers(rs)).map(([u, d]) => [u, d.toObject()]));
        await lib.configure(levelConfig(false));
        const without = await text();
        await lib.configure(levelConfig(true));
        return (await text()) !== without;
    };
    const missing = async (idx: number[]) => {
        const got = all(await features(idx));
        const m = [...universe].filter((f) => !got.has(f));
        if (!(await exemptionsMatter(idx))) m.push("(the exemptions change no answer)");
        return m;
    };

    // Greedy over each resource's own features: one of each type first, then the largest gain.
    const chosen = new Set<number>();
    const covered = new Set<string>();
    const take = (i: number) => {
        chosen.add(i);
        for (const f of wholeFeatures.get(whole[i].urn) ?? []) covered.add(f);
    };
    const seenType = new Set<string>();
    for (const i of everyIndex) if (!seenType.has(whole[i].type) && seenType.add(whole[i].type)) take(i);
    for (;;) {
        let best = -1;
        let gain = 0;
        for (const i of everyIndex) {
            if (chosen.has(i)) continue;
            const g = [...(wholeFeatures.get(whole[i].urn) ?? [])].filter((f) => !covered.has(f)).length;
            if (g > gain) [best, gain] = [i, g];
        }
        if (best < 0) break;
        take(best);
    }
    // What stack policies relate the others to (their stack-wide findings are no one resource's).
    const context = [":Namespace", ":NetworkPolicy", ":Addon", ":Cluster"];
    for (const i of everyIndex) if (context.some((k) => whole[i].type.endsWith(k))) chosen.add(i);
    const sorted = () => [...chosen].sort((a, b) => a - b);
    const start = await missing(sorted());
    if (start.length) throw new Error(`the greedy pick misses ${start.join(", ")}: add kinds to \`context\``);
    for (const i of sorted().reverse()) {
        chosen.delete(i);
        if ((await missing(sorted())).length) chosen.add(i);
    }
    console.log(`${chosen.size} of ${n}, covering ${universe.size} features:`);
    console.log(JSON.stringify(sorted().map((i) => whole[i].name)));
}

main().catch((e) => {
    console.error((e as Error).message);
    process.exit(1);
});
