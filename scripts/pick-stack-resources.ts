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
 * The stacks are built as the tests build them (keep these copies in step: the tests assert the coverage anyway).
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- generated protobuf code */
import * as path from "path";
import { generateStack, mulberry32 } from "../bench/synthetic";
import { encodeRepeatedField, PolicyPackProcess } from "../guard/analyzer";
import { defaultOptions, GuardResource } from "../guard/model";
import { PolicyConfigEntry } from "../guard/policy-config";
import { BlueprintPolicy, PolicyResource } from "../policy-pack/lib/types";

const SENTINELS = [
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
];
const levelToProto: Record<string, number> = { advisory: 0, mandatory: 1, remediate: 2, disabled: 3 };

/** The library's handlers, as test/policy-pack/fast-server.test.ts's reference server. */
function library() {
    const srv = require("@pulumi/policy/server");
    const grpc = require(
        require.resolve("@grpc/grpc-js", { paths: [path.dirname(require.resolve("@pulumi/policy/server"))] }),
    );
    const svc = require("@pulumi/pulumi/proto/analyzer_grpc_pb").AnalyzerService;
    const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb");
    const structproto = require(
        require.resolve("google-protobuf/google/protobuf/struct_pb", {
            paths: [require.resolve("@pulumi/pulumi")],
        }),
    );
    const { toCrossGuard } = require("../policy-pack/lib/adapter");
    const { allPolicies } = require("../policy-pack/policies");
    let impl: any;
    const proto = grpc.Server.prototype;
    const [add, bind] = [proto.addService, proto.bindAsync];
    proto.addService = function (service: unknown, implementation: any) {
        if (service === svc) impl = implementation;
        return add.call(this, service, implementation);
    };
    proto.bindAsync = () => undefined;
    try {
        srv.serve("hardened-cluster", "0.1.0", "mandatory", { policies: allPolicies.map(toCrossGuard) }, {});
    } finally {
        proto.addService = add;
        proto.bindAsync = bind;
    }
    const call = (fn: any, request: any) =>
        new Promise<any>((resolve, reject) =>
            fn({ request }, (err: any, resp: any) => (err ? reject(err) : resolve(resp))),
        );
    return {
        configure: async (config: Record<string, PolicyConfigEntry>) => {
            const req = new analyzerproto.ConfigureAnalyzerRequest();
            for (const [k, v] of Object.entries(config)) {
                const pc = new analyzerproto.PolicyConfig();
                pc.setEnforcementlevel(levelToProto[v.enforcementLevel ?? "advisory"]);
                pc.setProperties(structproto.Struct.fromJavaScript(v.properties ?? {}));
                req.getPolicyconfigMap().set(k, pc);
            }
            await call(impl.configure, req);
        },
        /** Each resource's diagnostics (by URN, "" for stack-wide ones) from Analyze and AnalyzeStack. */
        answers: async (rs: GuardResource[]): Promise<Array<[string, any]>> => {
            const byUrn = new Map(rs.map((r) => [r.urn, r]));
            const out: Array<[string, any]> = [];
            for (const r of rs) {
                const bytes = new Uint8Array(PolicyPackProcess.analyzeRequest(r, byUrn));
                const resp = await call(impl.analyze, svc.analyze.requestDeserialize(bytes));
                for (const d of resp.getDiagnosticsList()) out.push([r.urn, d]);
            }
            const stack = new Uint8Array(
                encodeRepeatedField(
                    1,
                    rs.map((r) => PolicyPackProcess.stackResource(r, byUrn)),
                ),
            );
            const resp = await call(impl.analyzeStack, svc.analyzeStack.requestDeserialize(stack));
            for (const d of resp.getDiagnosticsList()) out.push([d.getUrn(), d]);
            return out;
        },
    };
}

/** fast-server.test.ts's guardResource (shared-props.test.ts's is the same for generated stacks). */
function guardResource(r: PolicyResource): GuardResource {
    const props = JSON.parse(JSON.stringify(r.props ?? {})) as Record<string, unknown>;
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        custom: true,
        dependencies: [],
        propertyDependencies: r.propertyDependencies ?? {},
        options: { ...defaultOptions(), protect: !!r.opts?.protect },
        inputs: props,
        outputs: props,
    };
}

/** fast-server.test.ts's withUnknowns, over the whole stack. */
function withUnknowns(stack: GuardResource[], seed: number): GuardResource[] {
    const rand = mulberry32(seed * 101);
    const visit = (v: unknown): unknown => {
        if (typeof v === "string") return rand() < 0.08 ? SENTINELS[Math.floor(rand() * 7)] : v;
        if (Array.isArray(v)) return v.map(visit);
        if (v && typeof v === "object")
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, visit(x)]));
        return v;
    };
    return stack.map((r) => {
        const props = visit(r.inputs) as Record<string, unknown>;
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
    const wholeUnknown = mode === "fast-server-unknowns" ? withUnknowns(whole, seed) : undefined;
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
