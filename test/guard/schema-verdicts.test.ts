/**
 * guard/schema-verdicts.ts: ajv's passing verdicts on policy config, kept across guard runs. A stored pass skips ajv
 * for exactly that (validator, schema, value); a failure is never stored, so its errors are always ajv's own; values
 * that are not plain JSON, a damaged entry and an unwritable store all fall back to validating.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Ajv from "ajv";
import { ajvIdentity, PolicyInfo, reconcilePolicyConfig, storedVerdicts } from "../../guard/policy-config";
import { isPlainJson, SchemaVerdicts } from "../../guard/schema-verdicts";

const policies: PolicyInfo[] = [
    {
        name: "allowed-image-registries",
        enforcementLevel: "mandatory",
        configSchema: {
            properties: {
                registries: { type: "array", items: { type: "string" }, default: ["registry.example.com"] },
            },
        },
    },
    {
        name: "max-replicas",
        enforcementLevel: "advisory",
        configSchema: {
            properties: { limit: { type: "integer", minimum: 1, default: 3 } },
            required: ["limit"],
        },
    },
    { name: "no-nodeport", enforcementLevel: "advisory" },
];

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "schema-verdicts-"))));
afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
});

/** Counts ajv schema compilations (the cost the store saves). */
function countCompiles(): { readonly n: number } {
    const spy = jest.spyOn(Ajv.prototype, "compile");
    return {
        get n() {
            return spy.mock.calls.length;
        },
    };
}

describe("reconcilePolicyConfig with stored verdicts", () => {
    test("the first run validates and stores the passes; the same config again is served without ajv", () => {
        const compiles = countCompiles();
        const first = new SchemaVerdicts(dir, ajvIdentity());
        const a = reconcilePolicyConfig(policies, {}, {}, first);
        expect(compiles.n).toBe(2);
        expect(first.stats).toEqual({ served: 0, recorded: 2 });

        const second = new SchemaVerdicts(dir, ajvIdentity());
        const b = reconcilePolicyConfig(policies, {}, {}, second);
        expect(b).toEqual(a);
        expect(compiles.n).toBe(2);
        expect(second.stats).toEqual({ served: 2, recorded: 0 });
    });

    test("a failing value is validated every time and never stored; its errors are ajv's", () => {
        const bad = { "max-replicas": { properties: { limit: 0 } } };
        const message = "policy config: max-replicas: /limit must be >= 1";
        for (let i = 0; i < 2; i++) {
            const v = new SchemaVerdicts(dir, ajvIdentity());
            expect(() => reconcilePolicyConfig(policies, {}, bad, v)).toThrow(message);
            // Only the registries policy's pass is stored, once.
            expect(v.stats.recorded).toBe(i === 0 ? 1 : 0);
        }
        // Without any store, the same error.
        expect(() => reconcilePolicyConfig(policies, {}, bad)).toThrow(message);
    });

    test("a changed value or schema is validated again, and its error found", () => {
        reconcilePolicyConfig(policies, {}, {}, new SchemaVerdicts(dir, ajvIdentity()));
        const v = new SchemaVerdicts(dir, ajvIdentity());
        expect(() =>
            reconcilePolicyConfig(
                policies,
                {},
                { "allowed-image-registries": { properties: { registries: [1] } } },
                v,
            ),
        ).toThrow("policy config: allowed-image-registries: /registries/0 must be string");
        const stricter = policies.map((p) =>
            p.name === "max-replicas"
                ? {
                      ...p,
                      configSchema: { properties: { limit: { type: "integer", minimum: 5, default: 3 } } },
                  }
                : p,
        );
        expect(() => reconcilePolicyConfig(stricter, {}, {}, new SchemaVerdicts(dir, ajvIdentity()))).toThrow(
            "policy config: max-replicas: /limit must be >= 5",
        );
    });

    test("another validator identity never reads these verdicts", () => {
        reconcilePolicyConfig(policies, {}, {}, new SchemaVerdicts(dir, ajvIdentity()));
        const other = new SchemaVerdicts(dir, "ajv@0.0.0 {}");
        reconcilePolicyConfig(policies, {}, {}, other);
        expect(other.stats.served).toBe(0);
        expect(ajvIdentity()).toMatch(/^ajv@\d+\.\d+\.\d+ \{"allErrors":true/);
    });

    test("the guard's store is this checkout's .guard-cache/schema", () => {
        const v = storedVerdicts();
        const key = v.key({ type: "object" }, {})!;
        expect((v as unknown as { file(k: string): string }).file(key)).toBe(
            path.join(__dirname, "../..", ".guard-cache", "schema", key.slice(0, 2), key),
        );
    });
});

describe("SchemaVerdicts", () => {
    test("a damaged or foreign entry is not a verdict", () => {
        const v = new SchemaVerdicts(dir, "id");
        const key = v.key({ type: "object" }, { a: 1 })!;
        fs.mkdirSync(path.join(dir, key.slice(0, 2)), { recursive: true });
        fs.writeFileSync(path.join(dir, key.slice(0, 2), key), key.slice(0, 10));
        expect(v.passed(key)).toBe(false);
        v.recordPass(key);
        expect(v.passed(key)).toBe(true);
    });

    test("an unwritable store records nothing and serves nothing, without failing", () => {
        const file = path.join(dir, "not-a-dir");
        fs.writeFileSync(file, "");
        const v = new SchemaVerdicts(file, "id");
        const key = v.key({}, {});
        v.recordPass(key);
        expect(v.passed(key)).toBe(false);
        expect(v.stats).toEqual({ served: 0, recorded: 0 });
        // No store at all: no key.
        expect(new SchemaVerdicts(undefined, "id").key({}, {})).toBeUndefined();
    });

    test("only plain JSON has a key", () => {
        const v = new SchemaVerdicts(dir, "id");
        for (const ok of [null, "s", true, 1.5, [], [1, "a", null], { a: { b: [1] } }]) {
            expect(isPlainJson(ok)).toBe(true);
            expect(v.key({}, ok)).toMatch(/^[0-9a-f]{64}$/);
        }
        // eslint-disable-next-line no-sparse-arrays
        const sparse = [1, , 3];
        for (const bad of [
            undefined,
            NaN,
            Infinity,
            -0,
            { a: undefined },
            sparse,
            new Date(0),
            new Map(),
            () => 1,
            { [Symbol("s")]: 1 },
        ]) {
            expect(isPlainJson(bad)).toBe(false);
            expect(v.key({}, bad)).toBeUndefined();
            expect(v.key(bad, {})).toBeUndefined();
        }
        let deep: unknown = 1;
        for (let i = 0; i < 100; i++) deep = [deep];
        expect(isPlainJson(deep)).toBe(false);
        // The key is the validator's, the schema's and the value's.
        expect(v.key({}, { a: 1 })).not.toBe(v.key({}, { a: 2 }));
        expect(v.key({ type: "object" }, {})).not.toBe(v.key({}, {}));
        expect(new SchemaVerdicts(dir, "other").key({}, {})).not.toBe(v.key({}, {}));
    });
});
