/**
 * The pack's GetAnalyzerInfo answer is stored (policy-pack/analyzer-info.ts) and served from its bytes while the
 * values it is built from are unchanged. These tests prove the served bytes are the bytes @pulumi/policy computes
 * for the same inputs (the pack's own, changed ones, and seeded random ones), that a changed input or a damaged
 * store is computed again, and that anything the fingerprint does not describe exactly is never looked up.
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- generated protobuf code */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { mulberry32 } from "../../bench/synthetic";
import {
    analyzerInfoCacheStats,
    analyzerInfoFingerprint,
    analyzerInfoMemo,
} from "../../policy-pack/analyzer-info";
import { randomJson } from "../lib/random-json";

const protoutil = require("@pulumi/policy/protoutil");
const server = require("@pulumi/policy/server");
const live: (...args: unknown[]) => any = protoutil.makeAnalyzerInfo;

/** The arguments the pack passes to @pulumi/policy's server (serve is stubbed: nothing listens). */
function packArgs(): unknown[] {
    const serve = server.serve;
    let args: unknown[] | undefined;
    server.serve = (...a: unknown[]) => (args = a);
    try {
        require("../../policy-pack/index");
    } finally {
        server.serve = serve;
    }
    if (!args) throw new Error("the pack did not call serve");
    return args;
}

/** What an answer serialises to, or the error building it throws. */
function answer(f: (...a: unknown[]) => any, args: unknown[]): { bytes?: Buffer; error?: string } {
    try {
        return { bytes: Buffer.from(f(...args).serializeBinary()) };
    } catch (e) {
        return { error: String((e as Error).message) };
    }
}

const tick = () => new Promise((r) => setImmediate(r));

describe("GetAnalyzerInfo's stored answer", () => {
    let dir: string;
    let file: string;
    let args: unknown[];
    beforeAll(() => (args = packArgs()));
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "analyzer-info-"));
        file = path.join(dir, "analyzer-info.bin");
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    test("the pack's answer is computed once, then served from the store, byte for byte the library's", async () => {
        const memo = analyzerInfoMemo(live, file);
        const expected = answer(live, args).bytes!;
        expect(expected.length).toBeGreaterThan(50_000);
        const before = analyzerInfoCacheStats();
        expect(answer(memo, args).bytes!.equals(expected)).toBe(true);
        await tick();
        expect(fs.existsSync(file)).toBe(true);
        expect(answer(memo, args).bytes!.equals(expected)).toBe(true);
        const after = analyzerInfoCacheStats();
        expect(after.computed - before.computed).toBe(1);
        expect(after.served - before.served).toBe(1);
    });

    test("a changed policy, schema, version or initial config is computed again, never served stale", async () => {
        const memo = analyzerInfoMemo(live, file);
        answer(memo, args);
        await tick();
        const [name, version, level, pack] = args as [string, string, string, { policies: any[] }];
        const withSchema = pack.policies.findIndex((p) => p.configSchema?.properties);
        const variants: unknown[][] = [
            [name, "0.1.1", level, pack, undefined],
            [
                name,
                version,
                level,
                {
                    ...pack,
                    policies: pack.policies.map((p, i) => (i === 3 ? { ...p, description: "x" } : p)),
                },
                undefined,
            ],
            [
                name,
                version,
                level,
                {
                    ...pack,
                    policies: pack.policies.map((p, i) =>
                        i === withSchema
                            ? {
                                  ...p,
                                  configSchema: {
                                      ...p.configSchema,
                                      properties: { ...p.configSchema.properties, extra: { type: "string" } },
                                  },
                              }
                            : p,
                    ),
                },
                undefined,
            ],
            [name, version, level, pack, { [pack.policies[0].name]: "advisory" }],
        ];
        const original = answer(live, args).bytes!;
        for (const v of variants) {
            const before = analyzerInfoCacheStats();
            const expected = answer(live, v).bytes!;
            expect(expected.equals(original)).toBe(false);
            expect(answer(memo, v).bytes!.equals(expected)).toBe(true);
            expect(analyzerInfoCacheStats().computed - before.computed).toBe(1);
            await tick();
            // and the original inputs again: computed, not the variant's bytes
            expect(answer(memo, args).bytes!.equals(original)).toBe(true);
            await tick();
        }
    });

    test("a damaged or foreign store is ignored: the answer is computed", async () => {
        const memo = analyzerInfoMemo(live, file);
        const expected = answer(live, args).bytes!;
        answer(memo, args);
        await tick();
        const good = fs.readFileSync(file);
        const damaged = [
            Buffer.concat([good.subarray(0, good.length - 100), Buffer.from([good[good.length - 100] ^ 1]), good.subarray(good.length - 99)]), // prettier-ignore
            good.subarray(0, good.length - 1),
            good.subarray(0, 30),
            Buffer.alloc(0),
            Buffer.concat([good.subarray(0, 25), Buffer.from([good[25] ^ 0x80]), good.subarray(26)]),
        ];
        for (const d of damaged) {
            fs.writeFileSync(file, d);
            const before = analyzerInfoCacheStats();
            expect(answer(memo, args).bytes!.equals(expected)).toBe(true);
            expect(analyzerInfoCacheStats().computed - before.computed).toBe(1);
            await tick();
        }
    });

    test("values that are not plain data are never looked up", async () => {
        class Schema {
            type = "string";
        }
        const [name, version, level, pack] = args as [string, string, string, { policies: any[] }];
        const p0 = pack.policies[0];
        const getter = Object.defineProperty({ ...p0 }, "description", {
            get: () => "changing",
            enumerable: true,
        });
        const odd: unknown[][] = [
            [name, version, level, { ...pack, policies: [{ ...p0, configSchema: { properties: { a: new Schema() } } }] }], // prettier-ignore
            [name, version, level, { ...pack, policies: [{ ...p0, configSchema: { properties: { a: { default: NaN } } } }] }], // prettier-ignore
            [name, version, level, { ...pack, policies: [{ ...p0, configSchema: { properties: { a: new Date(0) } } }] }], // prettier-ignore
            [name, version, level, { ...pack, policies: [getter] }],
            [name, version, level, { ...pack, policies: new Set([p0]) }],
        ];
        const memo = analyzerInfoMemo(live, file);
        for (const v of odd) {
            expect(analyzerInfoFingerprint(v)).toBeUndefined();
            const before = analyzerInfoCacheStats();
            expect(answer(memo, v)).toEqual(answer(live, v));
            expect(analyzerInfoCacheStats().notPlain - before.notPlain).toBe(1);
            await tick();
            expect(fs.existsSync(file)).toBe(false);
        }
    });

    test("seeded random packs: the answer served is the library's, and equal fingerprints mean equal answers", async () => {
        const rand = mulberry32(15);
        const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
        const levels = ["advisory", "mandatory", "disabled", "remediate", "bogus", undefined];
        const text = () => pick(["", "a", "é", "x\ud800", "\u0000", undefined, "long ".repeat(40)]);
        const fn = () => undefined;
        const randomPack = (): unknown[] => {
            const policies = Array.from({ length: Math.floor(rand() * 4) }, (_, i) => {
                const p: Record<string, unknown> = { name: `p${i}${text() ?? ""}`, description: text() };
                if (rand() < 0.5) p.validateResource = rand() < 0.8 ? fn : [fn, fn];
                else if (rand() < 0.8) p.validateStack = fn;
                if (rand() < 0.7) p.enforcementLevel = pick(levels);
                if (rand() < 0.6)
                    p.configSchema = {
                        properties: rand() < 0.9 ? randomJson(rand, 4) : undefined,
                        ...(rand() < 0.5 ? { required: [text() ?? "r"] } : {}),
                    };
                if (rand() < 0.3) p.severity = pick(["low", "high", "critical", "other"]);
                if (rand() < 0.3) p.framework = { name: text(), version: text(), reference: text() };
                if (rand() < 0.3) p.tags = [text() ?? "t"];
                if (rand() < 0.3) p.remediationSteps = text();
                if (rand() < 0.3) p.url = text();
                return p;
            });
            const initial =
                rand() < 0.4 ? { [`p0`]: rand() < 0.5 ? pick(levels) : randomJson(rand, 3) } : undefined;
            return [pick(["pack", "other"]), pick(["0.1.0", "1.0.0"]), pick(levels), { policies, description: text() }, initial]; // prettier-ignore
        };
        const memo = analyzerInfoMemo(live, file);
        const byFingerprint = new Map<string, string>();
        let looked = 0;
        for (let i = 0; i < 300; i++) {
            const v = randomPack();
            const expected = answer(live, v);
            // twice: the second call may be served from what the first stored
            expect(answer(memo, v)).toEqual(expected);
            await tick();
            expect(answer(memo, v)).toEqual(expected);
            const f = analyzerInfoFingerprint(v);
            if (f !== undefined && expected.bytes) {
                looked++;
                const hex = expected.bytes.toString("hex");
                const seen = byFingerprint.get(f);
                if (seen !== undefined) expect(hex).toBe(seen);
                byFingerprint.set(f, hex);
            }
        }
        expect(looked).toBeGreaterThan(50);
    });
});
