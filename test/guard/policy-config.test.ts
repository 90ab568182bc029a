// Policy config reconciliation, as the engine does it: defaults < initialConfig < --policy-config, `all` first.
import { parsePolicyConfig, PolicyInfo, reconcilePolicyConfig } from "../../guard/policy-config";

const policies: PolicyInfo[] = [
    {
        name: "allowed-image-registries",
        enforcementLevel: "mandatory",
        configSchema: {
            properties: {
                registries: { type: "array", items: { type: "string" }, default: ["registry.example.com"] },
                enforcementLevel: {
                    type: "string",
                    enum: ["advisory", "mandatory", "remediate", "disabled"],
                },
            },
        },
    },
    { name: "no-nodeport", enforcementLevel: "advisory" },
];

describe("reconcilePolicyConfig", () => {
    test("starts from each policy's level and its schema defaults", () => {
        const c = reconcilePolicyConfig(policies, {}, {});
        expect(c["allowed-image-registries"]).toEqual({
            enforcementLevel: "mandatory",
            properties: { registries: ["registry.example.com"] },
        });
        expect(c["no-nodeport"]).toEqual({ enforcementLevel: "advisory", properties: undefined });
    });

    test("initialConfig overrides defaults, and the file overrides initialConfig", () => {
        const c = reconcilePolicyConfig(
            policies,
            { "allowed-image-registries": { properties: { registries: ["initial.example.com"] } } },
            {
                "allowed-image-registries": {
                    enforcementLevel: "advisory",
                    properties: { registries: ["file.example.com"] },
                },
            },
        );
        expect(c["allowed-image-registries"]).toEqual({
            enforcementLevel: "advisory",
            properties: { registries: ["file.example.com"] },
        });
    });

    test("`all` sets every level before per-policy entries apply", () => {
        const c = reconcilePolicyConfig(
            policies,
            {},
            parsePolicyConfig('{"all":"disabled","no-nodeport":"mandatory"}', "f"),
        );
        expect(c["allowed-image-registries"].enforcementLevel).toBe("disabled");
        expect(c["no-nodeport"].enforcementLevel).toBe("mandatory");
    });

    test("validates against each policy's schema, one line per problem", () => {
        expect(() =>
            reconcilePolicyConfig(
                policies,
                {},
                { "allowed-image-registries": { properties: { registries: "nope" } } },
            ),
        ).toThrow(/^policy config: allowed-image-registries: \/registries must be array$/);
    });
});

describe("parsePolicyConfig", () => {
    test("accepts a level string or an object with enforcementLevel and properties", () => {
        expect(parsePolicyConfig('{"a":"advisory","b":{"enforcementLevel":"mandatory","x":1}}', "f")).toEqual(
            {
                a: { enforcementLevel: "advisory" },
                b: { enforcementLevel: "mandatory", properties: { x: 1 } },
            },
        );
        expect(parsePolicyConfig("  ", "f")).toEqual({});
    });

    test("rejects bad levels and bad JSON with the file named", () => {
        expect(() => parsePolicyConfig('{"a":"strict"}', "cfg.json")).toThrow(
            /cfg\.json: a: "strict" is not a valid enforcement level/,
        );
        expect(() => parsePolicyConfig("{", "cfg.json")).toThrow(/cfg\.json: invalid JSON/);
        expect(() => parsePolicyConfig('{"a":{"enforcementLevel":3}}', "cfg.json")).toThrow(
            /enforcementLevel 3 is not one of/,
        );
    });
});
