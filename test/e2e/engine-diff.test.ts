/**
 * The guard-vs-engine comparison of `npm run test:engine` (issue 20): its verdicts on small, hand-built sides. The
 * real comparison runs in e2e/test/engine.engine.test.ts; this pins what counts as a difference and what is allowed.
 */
import { compareSides, differenceLines, engineSide, guardSide, Side } from "../../e2e/lib/engine-diff";
import { EngineEvent } from "../../e2e/lib/engine";

const stack = "urn:pulumi:dev::hardened-cluster::pulumi:pulumi:Stack::hardened-cluster-dev";
const comp = "urn:pulumi:dev::hardened-cluster::blueprint:vault:Vault::vault";
const rel = "urn:pulumi:dev::hardened-cluster::blueprint:vault:Vault$kubernetes:helm.sh/v3:Release::vault";
const child = `urn:pulumi:dev::hardened-cluster::blueprint:vault:Vault$kubernetes:helm.sh/v3:Release$kubernetes:apps/v1:StatefulSet::vault/vault`; // prettier-ignore
const secret = "urn:pulumi:dev::hardened-cluster::kubernetes:core/v1:Secret::pull";

function pre(urn: string, type: string, parent?: string): EngineEvent {
    return { resourcePreEvent: { metadata: { op: "create", urn, type, new: { type, parent } } } };
}
function pol(urn: string, policyName: string, level = "advisory", pack = "hardened-cluster"): EngineEvent {
    return { policyEvent: { resourceUrn: urn, policyName, policyPackName: pack, enforcementLevel: level, message: "m" } }; // prettier-ignore
}

const engineEvents: EngineEvent[] = [
    pre(stack, "pulumi:pulumi:Stack"),
    pre(comp, "blueprint:vault:Vault", stack),
    pre(rel, "kubernetes:helm.sh/v3:Release", comp),
    pre(secret, "kubernetes:core/v1:Secret", stack),
    pol(secret, "secrets-from-vault"),
];

function guard(extra: Partial<{ resources: Side["resources"]; violations: Side["violations"] }> = {}): Side {
    return guardSide({
        resources: [
            { urn: stack, type: "pulumi:pulumi:Stack" },
            { urn: comp, type: "blueprint:vault:Vault", parent: stack },
            { urn: rel, type: "kubernetes:helm.sh/v3:Release", parent: comp },
            { urn: secret, type: "kubernetes:core/v1:Secret", parent: stack },
            ...(extra.resources ?? []),
        ],
        violations: [
            { policy: "secrets-from-vault", urn: secret, level: "advisory", policyPack: "hardened-cluster" },
            ...(extra.violations ?? []).map((v) => ({ ...v, policyPack: v.pack })),
        ],
    });
}

describe("engineSide", () => {
    it("reads resources (type, parent) and policy events from the event log, skipping deletes", () => {
        const side = engineSide([...engineEvents, { resourcePreEvent: { metadata: { op: "delete", urn: "x", type: "t" } } }]); // prettier-ignore
        expect(side.resources.map((r) => r.urn)).toEqual([stack, comp, rel, secret]);
        expect(side.resources[2]).toEqual({ urn: rel, type: "kubernetes:helm.sh/v3:Release", parent: comp });
        expect(side.violations).toEqual([
            { policy: "secrets-from-vault", urn: secret, level: "advisory", pack: "hardened-cluster" },
        ]);
    });
});

describe("compareSides", () => {
    it("finds no difference when the sides agree", () => {
        expect(compareSides(engineSide(engineEvents), guard(), "hardened-cluster")).toEqual([]);
    });

    it("allows the guard's rendered children of a release, and their violations, with reasons", () => {
        const d = compareSides(
            engineSide(engineEvents),
            guard({
                resources: [{ urn: child, type: "kubernetes:apps/v1:StatefulSet", parent: rel }],
                violations: [
                    { policy: "pss-restricted", urn: child, level: "mandatory", pack: "hardened-cluster" },
                ],
            }),
            "hardened-cluster",
        );
        expect(d.map((x) => x.kind)).toEqual(["resource only in guard", "violation only in guard"]);
        expect(d.every((x) => x.allowed && /Helm release|release is opaque/.test(x.allowed))).toBe(true);
    });

    it("allows the guard's own 'not analyzed' findings, not the pack's", () => {
        const d = compareSides(
            engineSide(engineEvents),
            guard({ violations: [{ policy: "not-analyzed", urn: rel, level: "advisory", pack: "guard" }] }),
            "hardened-cluster",
        );
        expect(d).toHaveLength(1);
        expect(d[0].allowed).toMatch(/guard itself/);
    });

    it("allows the guard's exemption audit ('Unused exemption'), not another pack violation on the stack", () => {
        const d = compareSides(
            engineSide(engineEvents),
            guard({
                violations: [
                    { policy: "automount-service-account-token", urn: stack, level: "advisory", pack: "hardened-cluster", message: "Unused exemption\nexemption kind=Job ..." }, // prettier-ignore
                    { policy: "namespace-psa-version-outdated", urn: stack, level: "advisory", pack: "hardened-cluster", message: "not verified: ..." }, // prettier-ignore
                ],
            }),
            "hardened-cluster",
        );
        expect(d.map((x) => [x.key.split(" ")[0], !!x.allowed])).toEqual([
            ["automount-service-account-token", true],
            ["namespace-psa-version-outdated", false],
        ]);
        expect(d[0].allowed).toMatch(/exemption audit/);
    });

    it("reports a resource the guard lacks, a differing parent, and a violation the engine lacks", () => {
        const extra = "urn:pulumi:dev::hardened-cluster::kubernetes:core/v1:ConfigMap::cm";
        const events = [...engineEvents, pre(extra, "kubernetes:core/v1:ConfigMap", stack)];
        const g = guard({
            violations: [
                { policy: "pss-baseline", urn: secret, level: "mandatory", pack: "hardened-cluster" },
            ],
        });
        g.resources = g.resources.map((r) => (r.urn === secret ? { ...r, parent: comp } : r));
        const d = compareSides(engineSide(events), g, "hardened-cluster");
        expect(d.map((x) => [x.kind, x.key, !!x.allowed])).toEqual([
            ["type or parent differs", secret, false],
            ["resource only in engine", extra, false],
            ["violation only in guard", `pss-baseline mandatory ${secret}`, false],
        ]);
        expect(differenceLines(d)[0]).toMatch(/^DIFFERENCE: type or parent differs: .*engine kubernetes:core\/v1:Secret under urn:.*Stack/); // prettier-ignore
    });

    it("reports a violation level that differs as two differences (policy, URN, level are the key)", () => {
        const events = [...engineEvents.slice(0, 4), pol(secret, "secrets-from-vault", "mandatory")];
        const d = compareSides(engineSide(events), guard(), "hardened-cluster");
        expect(d.map((x) => x.kind).sort()).toEqual(["violation only in engine", "violation only in guard"]);
        expect(d.some((x) => x.allowed)).toBe(false);
    });
});
