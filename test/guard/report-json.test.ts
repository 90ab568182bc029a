/**
 * The `--json` report written in pieces (guard/report-json.ts, output.ts renderPieces) is exactly the document
 * built the old way, `JSON.stringify({...toJson(result), baseline, reachability}, null, 2)`: on manifests, with
 * secrets and unknowns to redact (which the pieces write from a redacted copy), and on seeded random inputs.
 */
import * as path from "path";
import { mulberry32 } from "../../bench/synthetic";
import { BaselineOutcome } from "../../guard/baseline";
import { captureManifests } from "../../guard/manifests";
import { defaultOptions, GuardResource, secretOf, unknownValue } from "../../guard/model";
import { render } from "../../guard/output";
import { reachabilityOf } from "../../guard/reachability";
import { toJson } from "../../guard/report";
import { GuardResult, Violation } from "../../guard/run";
import { randomJson } from "../lib/random-json";

const fixtures = path.resolve(__dirname, "../fixtures/manifests");

function result(resources: GuardResource[], violations: Violation[] = []): GuardResult {
    return {
        mode: "manifests",
        resources,
        violations,
        exemptions: [{ policy: "pss-privileged", namespace: "apps", reason: "legacy", expires: "2020-01-01", expired: true }], // prettier-ignore
        warnings: [],
        policyPack: { name: "hardened-cluster", version: "0.1.0", policies: 1 },
        policies: [],
        timings: { captureMs: 0, policyMs: 0, totalMs: 0 },
    };
}

function resource(
    name: string,
    inputs: Record<string, unknown>,
    over: Partial<GuardResource> = {},
): GuardResource {
    return {
        urn: `urn:pulumi:dev::p::kubernetes:core/v1:ConfigMap::${name}`,
        type: "kubernetes:core/v1:ConfigMap",
        name,
        custom: true,
        dependencies: [],
        propertyDependencies: {},
        options: defaultOptions(),
        inputs,
        outputs: inputs,
        ...over,
    };
}

/** The report the way it was built before it was written in pieces. */
function theOldWay(r: GuardResult, extra: Record<string, unknown> = {}): string {
    return `${JSON.stringify({ ...toJson(r), ...extra }, null, 2)}\n`;
}

describe("the --json report in pieces", () => {
    test("manifests, with violations, locations and exemptions", () => {
        const rs = captureManifests([fixtures], "manifests", "dev");
        const v: Violation = {
            policyPack: "p",
            policy: "pss-privileged",
            level: "mandatory",
            urn: rs[2].urn,
            message: "d\nfound",
            type: rs[2].type,
            name: rs[2].name,
            source: "x.yaml",
            path: "spec.containers[0]",
            location: { file: path.resolve("x.yaml"), line: 3, column: 5 },
            fingerprint: "abc",
        };
        const r = result(rs, [v]);
        expect(render(r, { format: "json", reachability: false })).toBe(theOldWay(r));
        expect(render(r, { format: "json", reachability: true })).toBe(
            theOldWay(r, { reachability: reachabilityOf(rs).json }),
        );
        const baseline: BaselineOutcome = { file: "b.json", suppressed: [v], gone: [] };
        expect(render(r, { format: "json", reachability: false }, baseline)).toBe(
            theOldWay(r, { baseline: { file: "b.json", accepted: 1, noLongerOccur: [] } }),
        );
    });

    test("secrets and unknowns are redacted, at any depth, also in a resource's provider reference", () => {
        const rs = [
            resource("a", { data: { password: secretOf("hunter2") } }),
            resource("b", { list: [1, { x: unknownValue }], y: -0 }, { provider: `urn:p::${unknownValue}` }),
            resource("c", secretOf({ all: "of it" }) as Record<string, unknown>),
            resource("d", { ["__proto__"]: { a: 1 }, "é": "日本" }), // prettier-ignore
        ];
        const out = render(result(rs), { format: "json", reachability: false });
        expect(out).toBe(theOldWay(result(rs)));
        expect(out).not.toMatch(/hunter2|of it|04da6b54/);
        expect(out).toMatch(/\[secret\]/);
    });

    test("no resources, and seeded random inputs (every number JSON writes, unicode, nested secrets)", () => {
        expect(render(result([]), { format: "json", reachability: false })).toBe(theOldWay(result([])));
        const rand = mulberry32(15);
        const rs = Array.from({ length: 300 }, (_, i) => {
            const inputs = { v: randomJson(rand, 4) } as Record<string, unknown>;
            if (i % 7 === 0) inputs.s = secretOf(randomJson(rand, 2));
            if (i % 11 === 0) inputs.u = [unknownValue];
            return resource(`r${i}`, inputs, i % 2 ? { parent: "urn:parent", source: "f.yaml" } : {});
        });
        expect(render(result(rs), { format: "json", reachability: false })).toBe(theOldWay(result(rs)));
    });
});
