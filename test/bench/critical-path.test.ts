/**
 * The critical-path model on small hand-made graphs: longest path by duration, components take no time, the parent
 * is not an edge, providers and property dependencies are edges, implicit "needs nodes" edges (and their cycle
 * guard), the floor, and cycle detection.
 */
import { DurationEntry } from "../../bench/durations";
import { GraphNode, criticalPath, edgesInto, providerUrnOf } from "../../bench/critical-path";

const urn = (type: string, name: string) => `urn:pulumi:dev::bp::${type}::${name}`;

function node(type: string, name: string, extra: Partial<GraphNode> = {}): GraphNode {
    return {
        urn: urn(type, name),
        type,
        name,
        custom: true,
        dependencies: [],
        propertyDependencies: {},
        ...extra,
    };
}

/** Durations by resource name, so each test states its own figures. */
function lookupBy(seconds: Record<string, number>, flags: Record<string, Partial<DurationEntry>> = {}) {
    return (n: GraphNode) => ({
        key: n.custom ? n.name : "(component)",
        entry: {
            seconds: n.custom ? (seconds[n.name] ?? 0) : 0,
            range: "",
            source: "test",
            ...(flags[n.name] ?? {}),
        },
    });
}

describe("criticalPath", () => {
    it("takes the longest chain by duration, not by length", () => {
        const a = node("t:a:A", "a");
        const b = node("t:b:B", "b", { dependencies: [a.urn] });
        const c = node("t:c:C", "c", { dependencies: [b.urn] });
        const big = node("t:d:D", "big");
        const after = node("t:e:E", "after", { dependencies: [big.urn] });
        const r = criticalPath([a, b, c, big, after], {
            lookup: lookupBy({ a: 10, b: 10, c: 10, big: 100, after: 1 }),
        });
        expect(r.estimateS).toBe(101);
        expect(r.path.map((s) => s.name)).toEqual(["big", "after"]);
        expect(r.path[1]).toMatchObject({ startS: 100, finishS: 101, via: { kind: "dependsOn" } });
        expect(r.serialSumS).toBe(131);
    });

    it("gives components zero time even when the table would not", () => {
        const comp: GraphNode = { ...node("my:index:Group", "group"), custom: false };
        const a = node("t:a:A", "a", { dependencies: [comp.urn] });
        const r = criticalPath([comp, a], { lookup: lookupBy({ group: 500, a: 5 }) });
        expect(r.estimateS).toBe(5);
        expect(r.path.map((s) => s.name)).toEqual(["a"]);
    });

    it("does not make a child wait for its parent component's other children", () => {
        const comp: GraphNode = { ...node("my:index:Group", "group"), custom: false };
        const slow = node("t:s:S", "slow", { parent: comp.urn });
        const child = node("t:c:C", "child", { parent: comp.urn });
        const r = criticalPath([comp, slow, child], { lookup: lookupBy({ slow: 60, child: 5 }) });
        expect(r.estimateS).toBe(60);
        expect(r.path.find((s) => s.name === "child")).toBeUndefined();
    });

    it("does not make a child wait for its parent custom resource", () => {
        const parent = node("t:p:P", "parent");
        const child = node("t:c:C", "child", { parent: parent.urn });
        const r = criticalPath([parent, child], { lookup: lookupBy({ parent: 30, child: 20 }) });
        expect(r.estimateS).toBe(30);
    });

    it("counts provider references and property dependencies as edges, and says which", () => {
        const cluster = node("aws:eks/cluster:Cluster", "cluster");
        const provider = node("pulumi:providers:kubernetes", "k8s", {
            propertyDependencies: { kubeconfig: [cluster.urn] },
            dependencies: [cluster.urn],
        });
        const release = node("kubernetes:helm.sh/v3:Release", "release", {
            provider: `${provider.urn}::04da6b54-80e4-46f7-96ec-b56ff0331ba9`,
        });
        const r = criticalPath([cluster, provider, release], {
            lookup: lookupBy({ cluster: 600, k8s: 1, release: 180 }),
        });
        expect(r.estimateS).toBe(781);
        expect(r.path.map((s) => [s.name, s.via?.kind])).toEqual([
            ["cluster", undefined],
            ["k8s", "input"],
            ["release", "provider"],
        ]);
        expect(r.path[1].via?.properties).toEqual(["kubeconfig"]);
    });

    it("ignores dependencies on URNs outside the graph", () => {
        const a = node("t:a:A", "a", { dependencies: [urn("t:x:X", "elsewhere")] });
        expect(criticalPath([a], { lookup: lookupBy({ a: 3 }) }).estimateS).toBe(3);
    });

    it("adds 'needs nodes' edges to pod-running resources, but not to what node groups wait for", () => {
        const cluster = node("aws:eks/cluster:Cluster", "cluster");
        const cni = node("aws:eks/addon:Addon", "vpc-cni", { dependencies: [cluster.urn] });
        const ng = node("aws:eks/nodeGroup:NodeGroup", "nodes", { dependencies: [cluster.urn, cni.urn] });
        const release = node("kubernetes:helm.sh/v3:Release", "falco", { dependencies: [cluster.urn] });
        const lookup = lookupBy(
            { cluster: 600, "vpc-cni": 90, nodes: 210, falco: 180 },
            { "vpc-cni": { needsNodes: true, addon: true }, falco: { needsNodes: true, addon: true } },
        );
        const withNodes = criticalPath([cluster, cni, ng, release], { lookup });
        expect(withNodes.implicitEdges).toBe(1);
        expect(withNodes.estimateS).toBe(600 + 90 + 210 + 180);
        expect(withNodes.path.map((s) => s.name)).toEqual(["cluster", "vpc-cni", "nodes", "falco"]);
        expect(withNodes.path[3].via?.kind).toBe("needs nodes");

        const without = criticalPath([cluster, cni, ng, release], { lookup, implicitNodeEdges: false });
        expect(without.implicitEdges).toBe(0);
        expect(without.estimateS).toBe(900);
    });

    it("computes the floor as cluster + node group + slowest add-on, and the ratio", () => {
        const cluster = node("aws:eks/cluster:Cluster", "cluster");
        const ng = node("aws:eks/nodeGroup:NodeGroup", "nodes", { dependencies: [cluster.urn] });
        const fast = node("kubernetes:helm.sh/v3:Release", "fast", { dependencies: [ng.urn] });
        const slow = node("kubernetes:helm.sh/v3:Release", "slow", { dependencies: [ng.urn] });
        const chained = node("kubernetes:helm.sh/v3:Release", "chained", { dependencies: [slow.urn] });
        const addon = { addon: true };
        const r = criticalPath([cluster, ng, fast, slow, chained], {
            lookup: lookupBy(
                { cluster: 600, nodes: 200, fast: 60, slow: 200, chained: 100 },
                { fast: addon, slow: addon, chained: addon },
            ),
        });
        expect(r.floor.cluster.seconds).toBe(600);
        expect(r.floor.nodeGroup.seconds).toBe(200);
        expect(r.floor.slowestAddon).toMatchObject({ seconds: 200, resource: { name: "slow" } });
        expect(r.floor.seconds).toBe(1000);
        expect(r.estimateS).toBe(1100); // the false dependency chained -> slow costs 100 s
        expect(r.ratio).toBeCloseTo(1.1);
    });

    it("has no ratio when the stack has no cluster, node group or add-on", () => {
        const r = criticalPath([node("t:a:A", "a")], { lookup: lookupBy({ a: 3 }) });
        expect(r.floor.seconds).toBe(0);
        expect(r.ratio).toBeUndefined();
    });

    it("rejects a dependency cycle", () => {
        const a = node("t:a:A", "a", { dependencies: [urn("t:b:B", "b")] });
        const b = node("t:b:B", "b", { dependencies: [a.urn] });
        expect(() => criticalPath([a, b], { lookup: lookupBy({ a: 1, b: 1 }) })).toThrow(
            /dependency cycle among 2 resources/,
        );
    });

    it("uses the repository's duration table by default, with components at zero", () => {
        const comp: GraphNode = { ...node("pulumi:pulumi:Stack", "bp-dev"), custom: false };
        const cluster = node("aws:eks/cluster:Cluster", "cluster", { parent: comp.urn });
        const unknown = node("acme:thing:Thing", "thing");
        const r = criticalPath([comp, cluster, unknown]);
        expect(r.estimateS).toBe(600);
        expect(r.defaulted).toEqual({ "acme:thing:Thing": 1 });
    });
});

describe("edgesInto", () => {
    it("merges the reasons for one predecessor, strongest first", () => {
        const a = node("t:a:A", "a");
        const p = node("pulumi:providers:aws", "p");
        const b = node("t:b:B", "b", {
            provider: `${p.urn}::abc`,
            dependencies: [a.urn, p.urn, a.urn],
            propertyDependencies: { x: [a.urn], y: [a.urn] },
        });
        const edges = edgesInto(b, new Set([a.urn, p.urn, b.urn]));
        expect(edges).toEqual([
            { from: p.urn, to: b.urn, kind: "provider" },
            { from: a.urn, to: b.urn, kind: "input", properties: ["x", "y"] },
        ]);
    });

    it("strips the id from a provider reference", () => {
        expect(
            providerUrnOf(
                "urn:pulumi:dev::bp::pulumi:providers:aws::default_7_48_0::04da6b54-80e4-46f7-96ec-b56ff0331ba9",
            ),
        ).toBe("urn:pulumi:dev::bp::pulumi:providers:aws::default_7_48_0");
    });
});
