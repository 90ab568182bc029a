/** The duration table behind the critical path: every figure has a range and a source; lookups fall back in order. */
import {
    componentEntry,
    defaultEntry,
    durationEntryOf,
    durationTable,
    prefixTable,
} from "../../bench/durations";

describe("duration table", () => {
    const all = [
        ...Object.entries(durationTable),
        ...prefixTable.map(([p, e]) => [`${p}*`, e] as const),
        ["(default)", defaultEntry] as const,
    ];

    it.each(all)("%s has a non-negative figure, a range and a source", (_key, e) => {
        expect(e.seconds).toBeGreaterThanOrEqual(0);
        expect(e.range.trim()).not.toBe("");
        expect(e.source.trim().length).toBeGreaterThan(10);
    });

    it("keeps the issue's reference figures", () => {
        expect(durationTable["aws:eks/cluster:Cluster"].seconds).toBe(600);
        const ng = durationTable["aws:eks/nodeGroup:NodeGroup"].seconds;
        expect(ng).toBeGreaterThanOrEqual(120);
        expect(ng).toBeLessThanOrEqual(300);
        const release = durationTable["kubernetes:helm.sh/v3:Release"].seconds;
        expect(release).toBeGreaterThanOrEqual(60);
        expect(release).toBeLessThanOrEqual(300);
    });

    it("marks Helm releases and EKS add-ons as add-ons whose pods need nodes", () => {
        for (const t of ["kubernetes:helm.sh/v3:Release", "aws:eks/addon:Addon"])
            expect(durationTable[t]).toMatchObject({ addon: true, needsNodes: true });
        expect(durationTable["aws:eks/cluster:Cluster"].addon).toBeUndefined();
    });

    it("looks up exact types, then prefixes, then the default; components take no time", () => {
        expect(durationEntryOf("aws:kms/key:Key", true).key).toBe("aws:kms/key:Key");
        expect(durationEntryOf("kubernetes:core/v1:ConfigMap", true).key).toBe("kubernetes:*");
        expect(durationEntryOf("pulumi:providers:kubernetes", true).key).toBe("pulumi:providers:*");
        expect(durationEntryOf("acme:x:Y", true)).toEqual({ key: "(default)", entry: defaultEntry });
        expect(durationEntryOf("aws:eks/cluster:Cluster", false)).toEqual({
            key: "(component)",
            entry: componentEntry,
        });
    });
});
