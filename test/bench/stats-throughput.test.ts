/**
 * Pure pieces of the throughput benchmark: the median, default policy config, evaluation as the adapter does it
 * (types, exemptions), and the read counter that tells a per-resource scan from a linear policy. No timing here.
 */
import { median, summarize } from "../../bench/stats";
import { countReads, defaultConfigOf, evaluatePolicy, gc } from "../../bench/throughput";
import * as vm from "vm";
import { PolicyResource, ResourcePolicy, StackPolicy } from "../../policy-pack/lib/types";

describe("median", () => {
    it("takes the middle value of an odd count", () => expect(median([5, 1, 3])).toBe(3));
    it("averages the two middle values of an even count", () => expect(median([4, 1, 3, 2])).toBe(2.5));
    it("does not reorder its input", () => {
        const xs = [3, 1, 2];
        median(xs);
        expect(xs).toEqual([3, 1, 2]);
    });
    it("is robust to one outlier", () => expect(median([10, 11, 12, 10_000])).toBe(11.5));
    it("rejects an empty list", () => expect(() => median([])).toThrow(/no samples/));
    it("summarizes with min and max", () =>
        expect(summarize([2, 9, 4])).toMatchObject({ median: 4, min: 2, max: 9, n: 3 }));
});

const meta = {
    description: "test",
    enforcementLevel: "mandatory" as const,
    severity: "low" as const,
    remediation: "none",
    frameworks: { brief: [] },
};

function res(i: number, type = "kubernetes:core/v1:ConfigMap", ns = "a"): PolicyResource {
    return {
        type,
        name: `r${i}`,
        urn: `urn:pulumi:dev::bp::${type}::r${i}`,
        props: { metadata: { name: `r${i}`, namespace: ns } },
    };
}

describe("defaultConfigOf", () => {
    it("takes schema defaults and an empty exemption list, without sharing default objects", () => {
        const p: ResourcePolicy = {
            ...meta,
            kind: "resource",
            name: "p",
            configSchema: { allowed: { type: "array", default: ["x"] }, noDefault: { type: "string" } },
            check: () => [],
        };
        const c = defaultConfigOf(p);
        expect(c).toEqual({ exemptions: [], allowed: ["x"] });
        (c.allowed as string[]).push("y");
        expect(p.configSchema!.allowed.default).toEqual(["x"]);
    });
});

describe("evaluatePolicy", () => {
    it("checks only the policy's types and skips exempted resources", () => {
        const seen: string[] = [];
        const p: ResourcePolicy = {
            ...meta,
            kind: "resource",
            name: "p",
            types: ["kubernetes:core/v1:Secret"],
            check: (r) => (seen.push(r.name), [{ message: "bad" }]),
        };
        const stack = [
            res(1),
            res(2, "kubernetes:core/v1:Secret"),
            res(3, "kubernetes:core/v1:Secret", "vault"),
        ];
        const n = evaluatePolicy(p, stack, { exemptions: [{ namespace: "vault", reason: "bootstrap" }] });
        expect(seen).toEqual(["r2"]);
        expect(n).toBe(1);
    });

    it("drops stack findings that blame an exempted resource", () => {
        const p: StackPolicy = {
            ...meta,
            kind: "stack",
            name: "s",
            check: (rs) => rs.map((r) => ({ message: "bad", urn: r.urn })),
        };
        expect(
            evaluatePolicy(p, [res(1, undefined, "a"), res(2, undefined, "b")], {
                exemptions: [{ namespace: "b", reason: "ok" }],
            }),
        ).toBe(1);
    });
});

describe("countReads", () => {
    const linear: StackPolicy = {
        ...meta,
        kind: "stack",
        name: "linear",
        check: (rs) => {
            const byNs = new Map<string, number>();
            for (const r of rs)
                byNs.set(r.props.metadata.namespace, (byNs.get(r.props.metadata.namespace) ?? 0) + 1);
            return [];
        },
    };
    const scan: StackPolicy = {
        ...meta,
        kind: "stack",
        name: "scan",
        // For each resource, looks for another in the same namespace: a scan of the stack per resource.
        check: (rs) => {
            for (const r of rs)
                rs.some(
                    (o) =>
                        o !== r &&
                        o.props.metadata.namespace === r.props.metadata.namespace &&
                        o.name === "none",
                );
            return [];
        },
    };
    const stack = (n: number) => Array.from({ length: n }, (_, i) => res(i, undefined, `ns${i % 5}`));

    it("reads a constant number of properties per resource for a linear policy", () => {
        const small = countReads(linear, stack(40), {}) / 40;
        const large = countReads(linear, stack(400), {}) / 400;
        expect(large / small).toBeCloseTo(1, 5);
    });

    it("reads n times more per resource for a policy that scans the stack per resource", () => {
        // Ten times the resources (40 -> 400; a scan of 1,000 read four million proxied properties): ten times the
        // reads per resource, give or take the first namespace matches.
        const small = countReads(scan, stack(40), {}) / 40;
        const large = countReads(scan, stack(400), {}) / 400;
        expect(large / small).toBeGreaterThan(8);
    });

    it("does not change what the policy sees", () => {
        const p: StackPolicy = {
            ...meta,
            kind: "stack",
            name: "names",
            check: (rs) => rs.map((r) => ({ message: r.props.metadata.name })),
        };
        let out: string[] = [];
        const spy: StackPolicy = {
            ...p,
            check: (rs, c) => ((out = p.check(rs, c).map((f) => f.message)), []),
        };
        countReads(spy, stack(3), {});
        expect(out).toEqual(["r0", "r1", "r2"]);
    });
});

describe("the bench's garbage collection between samples", () => {
    it("runs without --expose-gc and leaves the flag off for later contexts (Jest's next test file)", () => {
        gc();
        // The bench once turned the flag on for good: every context made afterwards had a `gc` global.
        expect(vm.runInNewContext("typeof gc")).toBe("undefined");
    });
});
