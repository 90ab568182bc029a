/**
 * Issue 19's refactor test: moving index.ts's wiring into SecurityPlatform leaves the blueprint's resource graph
 * unchanged. The graphs the guard captured from main just before SecurityPlatform (30f06de; type, name, URN,
 * provider and a hash of the inputs of every resource, for three config variants, in test/fixtures/refactor19) are
 * compared with today's: the same resources with the same inputs and providers; URNs changed only by the new parent;
 * and every old URN covered by an alias, as the engine resolves them (a child inherits its parent's aliases), so an
 * existing stack moves under the component without replacing anything. A later change that alters inputs on purpose
 * regenerates the fixture from a checkout of the commit before SecurityPlatform with the change applied (see
 * graph-snapshot.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { captureBlueprintShared, GuardResource, inputsHash, SnapshotEntry, variants } from "./graph-snapshot";

const PLATFORM = "blueprint:platform:SecurityPlatform";
const fixture = (v: string): SnapshotEntry[] =>
    JSON.parse(
        fs.readFileSync(path.join(__dirname, `../fixtures/refactor19/graph-before-${v}.json`), "utf8"),
    );

/** The URN without the SecurityPlatform segment of its type chain (what it was before the refactor). */
const unparented = (urn: string): string => {
    const [stack, project, chain, ...name] = urn.split("::");
    const types = chain.split("$").filter((t, i) => !(t === PLATFORM && i === 0) || chain === PLATFORM);
    return [stack, project, types.join("$"), ...name].join("::");
};

/** Every URN the engine matches a resource's state against: its own, its aliases, and those its parents imply. */
function aliasUrns(resources: GuardResource[]): (r: GuardResource) => Set<string> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const memo = new Map<string, Set<string>>();
    const olds = (r: GuardResource): Set<string> => {
        const known = memo.get(r.urn);
        if (known) return known;
        const [stack, project] = r.urn.split("::");
        const out = new Set([r.urn]);
        for (const a of r.options.aliases) {
            if (a.startsWith("urn:")) out.add(a);
            else if ((JSON.parse(a) as { spec?: { noparent?: boolean } }).spec?.noparent)
                out.add(`${stack}::${project}::${r.type}::${r.name}`);
        }
        const parent = r.parent ? byUrn.get(r.parent) : undefined;
        if (parent && parent.type !== "pulumi:pulumi:Stack")
            for (const p of olds(parent))
                out.add(`${stack}::${project}::${p.split("::")[2]}$${r.type}::${r.name}`);
        memo.set(r.urn, out);
        return out;
    };
    return olds;
}

type Captured = GuardResource;

/**
 * Helm values known on a first preview (issue 19): only leaves that name resources created in the same run are
 * unknown. Per variant and release, the named leaves; every other release's values are wholly known.
 */
const unknownLeaves: Record<string, Record<string, string[]>> = {
    default: {
        vault: [
            "values.server.ha.raft.config",
            "values.server.serviceAccount.annotations.eks.amazonaws.com/role-arn",
        ],
    },
    existing: {},
    all: {
        vault: [
            "values.server.ha.raft.config",
            "values.server.serviceAccount.annotations.eks.amazonaws.com/role-arn",
        ],
        falco: ["values.falcosidekick.config.aws.rolearn"],
    },
};

const UNKNOWN = new Set(["[unknown]", "04da6b54-80e4-46f7-96ec-b56ff0331ba9"]);
const unknownPaths = (v: unknown, p: string): string[] =>
    typeof v === "string" && UNKNOWN.has(v)
        ? [p]
        : typeof v === "object" && v !== null
          ? Object.entries(v).flatMap(([k, x]) =>
                unknownPaths(x, Array.isArray(v) ? `${p}[${k}]` : `${p}.${k}`),
            )
          : [];

describe.each(Object.keys(variants))("the %s variant", (variant) => {
    let before: SnapshotEntry[];
    let after: Captured[];
    beforeAll(async () => {
        before = fixture(variant);
        after = await captureBlueprintShared(variants[variant]);
    }, 300_000);

    test("the same resources (type, name) with the same inputs and providers; the only new one is the SecurityPlatform", () => {
        const now = new Map(
            after.filter((r) => r.type !== PLATFORM).map((r) => [unparented(r.urn), r] as const),
        );
        expect([...now.keys()].sort()).toEqual(before.map((b) => b.urn).sort());
        const changed = before.filter((b) => {
            const r = now.get(b.urn)!;
            return (
                r.type !== b.type ||
                r.name !== b.name ||
                inputsHash(r.inputs) !== b.inputs ||
                (r.options.provider ?? null) !== b.provider
            );
        });
        expect(changed.map((b) => b.urn)).toEqual([]);
        expect(after.filter((r) => r.type === PLATFORM).map((r) => r.urn)).toEqual([
            `urn:pulumi:dev::hardened-cluster::${PLATFORM}::platform`,
        ]);
    });

    test("URNs moved only through parentage, and aliases cover every moved URN", () => {
        const olds = aliasUrns(after);
        const covered = new Set(after.flatMap((r) => [...olds(r)]));
        const moved = before.filter((b) => !after.some((r) => r.urn === b.urn));
        // The refactor did move resources (so the aliases are needed), and not the cluster's.
        expect(moved.length).toBeGreaterThan(50);
        expect(moved.filter((b) => /HardenedCluster|existing-cluster/.test(b.urn))).toEqual([]);
        expect(moved.filter((b) => !covered.has(b.urn)).map((b) => b.urn)).toEqual([]);
    });

    test("every Helm release's values are known on a first preview, except the named leaves", () => {
        const releases = after.filter((r) => r.type === "kubernetes:helm.sh/v3:Release");
        expect(releases.length).toBeGreaterThanOrEqual(5);
        const leaves = Object.fromEntries(
            releases.map((r) => [r.name, unknownPaths((r.inputs as { values?: unknown }).values, "values")]),
        );
        const expected = Object.fromEntries(
            releases.map((r) => [r.name, unknownLeaves[variant][r.name] ?? []]),
        );
        expect(leaves).toEqual(expected);
    });
});
