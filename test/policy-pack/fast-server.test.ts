/**
 * policy-pack/lib/fast-server.ts (with lib/wire.ts, lib/shared-props.ts and the known-properties fast path of
 * lib/known-props.ts): the pack's Analyze and AnalyzeStack answer byte for byte what @pulumi/policy 1.21.0's own
 * handlers answer, over every policy's case table, generated stacks with and without values unknown during preview,
 * other enforcement levels and exemptions, and malformed requests.
 *
 * Each server is started in its own module registry through the library's real `serve` (./differential.ts): once
 * untouched (the library's handlers and generated decoders, the reference), once as the pack installs itself.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- isolated module registries, generated protobuf code */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { generateStack, mulberry32 } from "../../bench/synthetic";
import { encodeRepeatedField, PolicyPackProcess } from "../../guard/analyzer";
import { GuardResource } from "../../guard/model";
import { PolicyConfigEntry } from "../../guard/policy-config";
import { BlueprintPolicy, PolicyConfig, PolicyResource, ResourcePolicy } from "../../policy-pack/lib/types";
import { PolicyCases } from "./cases/case";
import { randomJson } from "../lib/random-json";
import { fuzz, fuzzPick } from "../lib/fuzz";
import { WireStruct, specialSigKey } from "../../policy-pack/lib/wire";
import { both, guardResource, SENTINELS, server, withUnknowns } from "./differential";

/** The outcomes where the two servers differ (none expected), and how many diagnostics they agreed on. */
function differences(rows: Array<[string, string, string]>): Array<[string, string, string]> {
    return rows.filter(([, x, y]) => x !== y);
}

/**
 * What the library's answers in `rows` (from `both` over `rs`) cover: the policies that report something, each with
 * the resource type it reports on (`(stack)` for a stack-wide diagnostic) and its enforcement level, the policies that
 * report a value unknown during preview, and the resource types sent.
 */
function coverage(rows: Array<[string, string, string]>, rs: GuardResource[]) {
    const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb");
    const typeOf = new Map(rs.map((r) => [r.urn, r.type]));
    const c = {
        policies: new Set<string>(),
        policyTypeLevels: new Set<string>(),
        previewUnknown: new Set<string>(),
        types: new Set(rs.map((r) => r.type)),
    };
    for (const [what, answer] of rows) {
        if (answer.startsWith("error: ")) continue;
        const resp = analyzerproto.AnalyzeResponse.deserializeBinary(Buffer.from(answer, "base64"));
        for (const d of resp.getDiagnosticsList()) {
            const urn = d.getUrn() || (what.startsWith("analyze ") ? what.slice("analyze ".length) : "");
            c.policies.add(d.getPolicyname());
            c.policyTypeLevels.add(
                `${d.getPolicyname()} ${typeOf.get(urn) ?? "(stack)"} ${d.getEnforcementlevel()}`,
            );
            if (d.getMessage().includes("during preview")) c.previewUnknown.add(d.getPolicyname());
        }
    }
    return c;
}

/** Each kind of coverage that has fewer entries than `least` (none expected), with what it has. */
function shortOf(c: ReturnType<typeof coverage>, least: { [K in keyof typeof c]: number }): string[] {
    return (Object.keys(least) as Array<keyof typeof c>)
        .filter((k) => c[k].size < least[k])
        .map((k) => `${k}: ${c[k].size} < ${least[k]}: ${[...c[k]].sort().join(", ")}`);
}

/**
 * `npm test` compares these resources of a generated stack (by name), not all of them: the library's handlers cost
 * ~9 ms a resource, and these were chosen (greedily, then pruned one by one) so that the library's answers over them
 * cover all that its answers over the whole stack cover - every policy reporting on every resource type at every
 * level, with and without unknowns, the unknown-value advisories and every resource type (asserted with `shortOf`,
 * the counts those of the whole stack). The e2e suite (`BLUEPRINT_FUZZ=full`) compares whole stacks. Printed by
 * `node scripts/run-ts.js scripts/pick-stack-resources.ts fast-server-unknowns 300 1` (and `fast-server-levels 300 9`).
 */
// prettier-ignore
const picked: Record<string, string[] | undefined> = {
    "300/1": ["deployment-0", "role-1", "ingress-0", "namespace-0", "key-1", "rolebinding-3", "pod-4", "securitygroup-0", "cronjob-6", "service-1", "addon-0", "ingress-2", "ingress-3", "cluster-0", "pod-7", "namespace-1", "service-5", "service-6", "rolebinding-6", "networkpolicy-4", "cronjob-10", "ingress-4", "cluster-1", "launchtemplate-3", "launchtemplate-4", "pod-12", "namespace-5", "clusterrole-1", "cronjob-13", "networkpolicy-7", "namespace-8", "clusterrolebinding-3", "cronjob-18", "cluster-2", "deployment-43", "loggroup-10", "service-23", "clusterrole-4", "deployment-50", "role-16", "pod-21", "cronjob-21", "deployment-59"],
    "300/9": ["clusterrolebinding-0", "rolebinding-0", "loggroup-0", "pod-1", "pod-2", "key-0", "service-2", "launchtemplate-0", "service-3", "cluster-0", "ingress-1", "pod-7", "addon-0", "namespace-2", "deployment-7", "networkpolicy-5", "cronjob-3", "deployment-16", "cronjob-4", "networkpolicy-8", "namespace-6", "cronjob-6", "role-5", "securitygroup-7", "clusterrole-4", "deployment-36", "role-8", "namespace-9", "deployment-43", "pod-22", "cronjob-14", "cronjob-19", "service-34"],
};

const casesDir = path.join(__dirname, "cases");
function tables(): PolicyCases[] {
    const out: PolicyCases[] = [];
    for (const area of fs.readdirSync(casesDir).sort()) {
        const dir = path.join(casesDir, area);
        if (!fs.statSync(dir).isDirectory()) continue;
        for (const f of fs.readdirSync(dir).sort())
            if (f.endsWith(".cases.ts"))
                out.push((require(path.join(dir, f)) as { cases: PolicyCases }).cases);
    }
    return out;
}

describe("the pack's Analyze/AnalyzeStack answer what @pulumi/policy's own handlers answer", () => {
    const library = server(false);
    const pack = server(true);

    it("the pack really serves with the fast handlers, the reference does not", () => {
        expect(pack.fast).toBe(true);
        expect(library.fast).toBe(false);
    });

    it("on every case table (each case with its own config)", async () => {
        const all = tables();
        expect(all.length).toBeGreaterThan(80);
        let compared = 0;
        for (const t of all) {
            for (const c of [...t.pass, ...t.fail]) {
                const rs = (Array.isArray(c.resources) ? c.resources : [c.resources]).map(guardResource);
                const config = {
                    [t.policy]: { enforcementLevel: "mandatory" as const, properties: c.config ?? {} },
                };
                const rows = await both(library, pack, rs, config);
                expect([t.policy, c.name, differences(rows)]).toEqual([t.policy, c.name, []]);
                compared += rows.length;
            }
        }
        expect(compared).toBeGreaterThan(500);
        // Back to the servers' initial config (each Configure replaces the whole config, so the next case's needs no
        // reset; the tests below run on the initial one).
        await library.configure({});
        await pack.configure({});
    });

    // npm test: seed 1's picked resources (all that its 300 resources cover: `picked`); the e2e suite compares the
    // whole stacks of seeds 1 and 2 (test/lib/fuzz.ts).
    it.each(fuzz([1], [1, 2]))(
        "on a generated stack (seed %i), with and without unknown values",
        async (seed) => {
            const all = generateStack(300, seed).map(guardResource);
            // The unknowns are drawn over the whole stack, then the same resources picked.
            const rand = mulberry32(seed * 101);
            const allUnknown = all.map((r) => {
                const props = withUnknowns(r.inputs, rand, 0.08);
                return { ...r, inputs: props, outputs: props };
            });
            const stack = fuzzPick(all, picked[`300/${seed}`]);
            const known = await both(library, pack, stack);
            expect(differences(known)).toEqual([]);
            const unknown = fuzzPick(allUnknown, picked[`300/${seed}`]);
            const rows = await both(library, pack, unknown);
            expect(differences(rows)).toEqual([]);
            // The unknowns are really there: some policy could not be verified.
            const advisories = rows.filter(([, x]) =>
                Buffer.from(x, "base64").toString("latin1").includes("during preview"),
            );
            expect(advisories.length).toBeGreaterThan(0);
            if (seed === 1) {
                // What the library's answers over seed 1's whole stack cover.
                expect(
                    shortOf(coverage(known, stack), {
                        policies: 42,
                        policyTypeLevels: 81,
                        previewUnknown: 1,
                        types: 17,
                    }),
                ).toEqual([]);
                expect(
                    shortOf(coverage(rows, unknown), {
                        policies: 71,
                        policyTypeLevels: 150,
                        previewUnknown: 64,
                        types: 17,
                    }),
                ).toEqual([]);
            }
        },
    );

    it("with other enforcement levels, config and exemptions", async () => {
        const stack = fuzzPick(generateStack(300, 9).map(guardResource), picked["300/9"]);
        const { allPolicies } = require("../../policy-pack/policies") as { allPolicies: BlueprintPolicy[] };
        const levels = ["disabled", "advisory", "remediate", "mandatory"] as const;
        const config: Record<string, PolicyConfigEntry> = {};
        allPolicies.forEach((p, i) => {
            config[p.name] = {
                enforcementLevel: levels[i % 4],
                properties:
                    i % 3 === 0
                        ? {
                              exemptions: [
                                  // Both select resources of the whole stack, the namespace some of the picked.
                                  { namespace: "team-0", reason: "test" },
                                  { kind: "Deployment", name: "deployment-1", reason: "x" },
                              ],
                          }
                        : {},
            };
        });
        // The namespace exemption selects some of them (on these, it hides diagnostics the library would report).
        expect(stack.filter((r) => (r.inputs.metadata as { namespace?: string })?.namespace === "team-0")).not.toEqual([]); // prettier-ignore
        const rows = await both(library, pack, stack, config);
        expect(differences(rows)).toEqual([]);
        // What the library's answers over the whole stack cover.
        expect(
            shortOf(coverage(rows, stack), {
                policies: 31,
                policyTypeLevels: 61,
                previewUnknown: 1,
                types: 17,
            }),
        ).toEqual([]);
        await both(
            library,
            pack,
            [],
            Object.fromEntries(allPolicies.map((p) => [p.name, { enforcementLevel: p.enforcementLevel }])),
        );
    });

    it("fails a malformed request as the library does", async () => {
        const byUrn = new Map<string, GuardResource>();
        const r = guardResource(generateStack(5, 4)[0]);
        // A Value without a kind inside the properties: "Unexpected struct type" at the first policy that runs.
        const bad = new Uint8Array(
            PolicyPackProcess.analyzeRequest(
                r,
                byUrn,
                new Uint8Array(encodeRepeatedField(1, [new Uint8Array([10, 1, 97, 18, 0])])),
            ),
        );
        const [x, y] = [await library.analyze(bad), await pack.analyze(bad)];
        expect(x).toMatch(
            /^error: Error validating resource with policy '[a-z-]+' from policy pack 'hardened-cluster@v0.1.0':$/,
        );
        expect(y).toBe(x);
        // No options: the library's "more recent version of the Pulumi CLI" error.
        const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb");
        const req = new analyzerproto.AnalyzeRequest();
        req.setType(r.type);
        req.setUrn(r.urn);
        req.setName(r.name);
        req.setProperties(PolicyPackProcess.struct(r.inputs));
        const noOptions = req.serializeBinary();
        const [a, b] = [await library.analyze(noOptions), await pack.analyze(noOptions)];
        expect(a).toMatch(/^error: Error validating resource with policy/);
        expect(b).toBe(a);
        const stackReq = new analyzerproto.AnalyzeStackRequest();
        const ar = new analyzerproto.AnalyzerResource();
        ar.setType(r.type);
        ar.setUrn(r.urn);
        ar.setName(r.name);
        ar.setProperties(PolicyPackProcess.struct(r.inputs));
        stackReq.addResources(ar);
        const [c, d] = [
            await library.analyzeStack(stackReq.serializeBinary()),
            await pack.analyzeStack(stackReq.serializeBinary()),
        ];
        expect(c).toMatch(/^error: Error validating resource with policy/);
        expect(d).toBe(c);
    });
});

describe("a policy that modifies its input fails loudly on the fast path", () => {
    const mutator: ResourcePolicy = {
        kind: "resource",
        name: "mutator",
        description: "modifies its input",
        enforcementLevel: "mandatory",
        severity: "low",
        remediation: "none",
        frameworks: { brief: ["Q1"] },
        check(r) {
            r.props.metadata.name = "changed";
            return [];
        },
    };
    const configMutator: ResourcePolicy = {
        ...mutator,
        name: "config-mutator",
        check(_r: PolicyResource, config: PolicyConfig) {
            config.changed = true;
            return [];
        },
    };
    it("its config too: shared by the resources of one Configure, it is frozen", async () => {
        const pack = server(true, [configMutator]);
        const r = guardResource(generateStack(5, 4)[0]);
        const bytes = new Uint8Array(PolicyPackProcess.analyzeRequest(r, new Map()));
        expect(await pack.analyze(bytes)).toBe(
            "error: Error validating resource with policy 'config-mutator' from policy pack 'hardened-cluster@v0.1.0':",
        );
    });

    it("with a TypeError naming the policy", async () => {
        const pack = server(true, [mutator]);
        expect(pack.fast).toBe(true);
        const r = guardResource(generateStack(5, 4)[0]);
        const bytes = new Uint8Array(PolicyPackProcess.analyzeRequest(r, new Map()));
        expect(await pack.analyze(bytes)).toBe(
            "error: Error validating resource with policy 'mutator' from policy pack 'hardened-cluster@v0.1.0':",
        );
    });
});

describe("the @pulumi/policy internals the fast server and shared properties replace", () => {
    // lib/fast-server.ts, lib/shared-props.ts and lib/wire.ts mirror these files of the pinned versions. If this
    // fails, @pulumi/policy or @pulumi/pulumi changed: re-read the new files against those modules' documented
    // internals, adapt them, then update the hashes.
    const pinned: Record<string, string> = {
        "@pulumi/policy/server.js": "0aa32052092307cc6ed5ba39971f393e21876d91f7b24fca2aee90dc3dabd3a1",
        "@pulumi/policy/policy.js": "2fb86b480c983e4522302df556a71adf6fd828b622582679039eddff5f39045f",
        "@pulumi/policy/proxy.js": "acb6af8c92ddd4cb34796ec8d210667bea931c76eacd449bb1b8858308393e21",
        "@pulumi/policy/deserialize.js": "ec5892b72e40c243b5344c58a0f50133f8606722ec1d3ca1f50a91f03cd38518",
        "@pulumi/policy/protoutil.js": "5f4d5ee3c09387e8d2babbd0f1e7bf7b17ad9fd3bca74c1bfb389b25ac1cf8ac",
    };
    it.each(Object.keys(pinned))("%s is the pinned file", (file) => {
        const text = fs.readFileSync(require.resolve(file), "utf8");
        expect(crypto.createHash("sha256").update(text).digest("hex")).toBe(pinned[file]);
    });
    it("the versions are the pinned ones", () => {
        const { pinnedPolicyVersion } = require("../../policy-pack/lib/fast-server");
        expect(require("@pulumi/policy/package.json").version.replace(/^v/, "")).toBe(pinnedPolicyVersion);
        expect(require("@pulumi/pulumi/package.json").version).toBe("3.248.0");
    });
    it("the library exposes what the fast server uses", () => {
        const srv = require("@pulumi/policy/server");
        const policy = require("@pulumi/policy/policy");
        const protoutil = require("@pulumi/policy/protoutil");
        const proxy = require("@pulumi/policy/proxy");
        for (const f of [
            srv.serve,
            policy.isResourcePolicy,
            policy.isStackPolicy,
            policy.getPulumiType,
            protoutil.makeAnalyzeResponse,
            protoutil.asGrpcError,
            protoutil.convertEnforcementLevel,
            proxy.UnknownValueError,
            proxy.unknownCheckingProxy,
            require("@pulumi/policy/deserialize").deserializeProperties,
        ])
            expect(typeof f).toBe("function");
        // PolicyPack starts the server through the module object (so the pack's `serve` is the one called).
        expect(fs.readFileSync(require.resolve("@pulumi/policy/policy.js"), "utf8")).toContain(
            "server_1.serve(this.name, version, enforcementLevel, args, initialConfig);",
        );
        expect(proxy.unknownStringValue).toBe(SENTINELS[2]);
        expect(
            [
                proxy.unknownBooleanValue,
                proxy.unknownNumberValue,
                proxy.unknownStringValue,
                proxy.unknownArrayValue,
                proxy.unknownAssetValue,
                proxy.unknownArchiveValue,
                proxy.unknownObjectValue,
            ].sort(),
        ).toEqual([...SENTINELS].sort());
        expect(require("@pulumi/pulumi/runtime/rpc").specialSigKey).toBe(
            require("../../policy-pack/lib/wire").specialSigKey,
        );
    });
});

describe("WireStruct.decodeKnownFrozen (lib/wire.ts)", () => {
    const deepFrozen = (v: unknown): boolean =>
        typeof v !== "object" || v === null || (Object.isFrozen(v) && Object.values(v).every(deepFrozen));
    /** Value and key order. */
    const text = (v: unknown) =>
        JSON.stringify(v, (_k, x) =>
            x && typeof x === "object" && !Array.isArray(x) ? Object.entries(x) : x,
        );
    const bytesOf = (v: Record<string, unknown>) => PolicyPackProcess.structBytes(v);

    it("is the decoded value, deep-frozen, for random JSON without unknowns or special values", () => {
        const rand = mulberry32(151);
        for (let i = 0; i < fuzz(300, 1000); i++) {
            const v = { root: randomJson(rand, 5, [0, 1.5, -2, 1e308]), more: randomJson(rand, 3, [7]) };
            const w = new WireStruct(bytesOf(v));
            const frozen = w.decodeKnownFrozen();
            expect(frozen).toBeDefined();
            expect(text(frozen)).toBe(text(w.toJavaScript()));
            expect(deepFrozen(frozen)).toBe(true);
        }
    });

    it("declines any value holding an unknown sentinel or a special-signature key, however deep", () => {
        const rand = mulberry32(152);
        for (const sentinel of SENTINELS) {
            const v = { a: [1, { b: [{ c: sentinel }] }], d: randomJson(rand, 3) };
            expect(new WireStruct(bytesOf(v)).decodeKnownFrozen()).toBeUndefined();
        }
        const secret = { a: { b: { [specialSigKey]: "1b47061264138c4ac30d75fd1eb44270", value: "s" } } };
        expect(new WireStruct(bytesOf(secret)).decodeKnownFrozen()).toBeUndefined();
        // A sentinel as a key, or a longer string containing one, is a known value.
        const keys = { [SENTINELS[0]]: 1, x: `${SENTINELS[2]}x` };
        expect(new WireStruct(bytesOf(keys)).decodeKnownFrozen()).toEqual(keys);
    });
});
