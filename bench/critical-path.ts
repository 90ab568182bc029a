/**
 * Deployment critical path: the wall time of `pulumi up` on a new stack, estimated from the captured dependency
 * graph and a per-type duration table (./durations.ts), assuming unlimited parallelism (the CLI default).
 *
 * The model, as the Pulumi engine schedules a create:
 * - a resource starts when every resource it depends on has been created: its `dependencies` (explicit `dependsOn`
 *   and inputs' dependencies), its `propertyDependencies`, and its provider (an explicit provider is a resource,
 *   e.g. a Kubernetes provider built from the cluster's kubeconfig);
 * - the parent is NOT an edge: children do not wait for their parent component;
 * - component resources (and the root stack) take zero time;
 * - implicit "needs nodes" edges (optional, on by default): a resource whose pods must be ready before it completes
 *   (Helm releases, awaited workloads, EKS add-ons) cannot finish before the stack's node groups; the edge is
 *   skipped when it would create a cycle (e.g. an add-on that node groups themselves wait for, like vpc-cni).
 *
 * The floor is what no dependency graph can beat: the slowest EKS cluster + the slowest managed node group + the
 * slowest add-on (Helm release or EKS add-on), each at its table duration; a term is 0 when the stack has no such
 * resource (e.g. an existing cluster).
 */
import { DurationEntry, durationEntryOf } from "./durations";

/** A resource of the captured graph (the fields of guard/model.ts GuardResource that scheduling depends on). */
export interface GraphNode {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent?: string;
    /** Provider reference `urn::id`. */
    provider?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    /** Inputs (wire form), when known: some durations depend on them (a CRD-only Helm release). */
    inputs?: Record<string, unknown>;
}

/** Why one resource waits for another. */
export type EdgeKind = "provider" | "input" | "dependsOn" | "needs nodes";

export interface Edge {
    /** The resource waited for. */
    from: string;
    /** The waiting resource. */
    to: string;
    kind: EdgeKind;
    /** Input property names, for `input` edges. */
    properties?: string[];
}

export interface PathStep {
    urn: string;
    type: string;
    name: string;
    seconds: number;
    startS: number;
    finishS: number;
    /** Table entry used ("(component)", an exact type, a `prefix*`, or "(default)"). */
    durationKey: string;
    /** How this step waits for the previous one (absent for the first step). */
    via?: { kind: EdgeKind; properties?: string[] };
}

export interface FloorTerm {
    seconds: number;
    /** The resource that sets this term, if any. */
    resource?: { urn: string; type: string; name: string };
}

export interface Floor {
    cluster: FloorTerm;
    nodeGroup: FloorTerm;
    slowestAddon: FloorTerm;
    seconds: number;
}

export interface CriticalPathResult {
    resources: number;
    customResources: number;
    edges: number;
    implicitEdges: number;
    estimateS: number;
    serialSumS: number;
    path: PathStep[];
    floor: Floor;
    /** estimate / floor; undefined when the floor is 0 (no cluster, node group or add-on). */
    ratio?: number;
    /** Types that fell back to the default duration, with their count. */
    defaulted: Record<string, number>;
}

export type DurationLookup = (n: GraphNode) => { key: string; entry: DurationEntry };

const defaultLookup: DurationLookup = (n) => durationEntryOf(n.type, n.custom, n.inputs);

/** `urn::id` -> `urn` (the id part of a provider reference never contains `::`). */
export function providerUrnOf(ref: string): string {
    const i = ref.lastIndexOf("::");
    return i < 0 ? ref : ref.slice(0, i);
}

/** The explicit edges into a node, one per predecessor, strongest reason first (provider, input, dependsOn). */
export function edgesInto(n: GraphNode, known: ReadonlySet<string>): Edge[] {
    const byFrom = new Map<string, Edge>();
    const add = (from: string, kind: EdgeKind, property?: string) => {
        if (from === n.urn || !known.has(from)) return;
        const e = byFrom.get(from);
        if (!e) {
            byFrom.set(from, { from, to: n.urn, kind, ...(property ? { properties: [property] } : {}) });
            return;
        }
        if (kind === "input" && property) {
            if (e.kind === "dependsOn") e.kind = "input";
            if (e.kind === "input") {
                const props = (e.properties ??= []);
                if (!props.includes(property)) props.push(property);
            }
        }
    };
    if (n.provider) add(providerUrnOf(n.provider), "provider");
    for (const [prop, urns] of Object.entries(n.propertyDependencies))
        for (const u of urns) add(u, "input", prop);
    for (const u of n.dependencies) add(u, "dependsOn");
    return [...byFrom.values()];
}

export interface CriticalPathOptions {
    lookup?: DurationLookup;
    /** Add the implicit "needs nodes" edges (default true). */
    implicitNodeEdges?: boolean;
}

/** Computes the estimate, the critical path, the serial sum and the floor. Throws on a dependency cycle. */
export function criticalPath(
    nodes: readonly GraphNode[],
    opts: CriticalPathOptions = {},
): CriticalPathResult {
    const lookup = opts.lookup ?? defaultLookup;
    const byUrn = new Map(nodes.map((n) => [n.urn, n]));
    const known = new Set(byUrn.keys());
    const info = new Map(nodes.map((n) => [n.urn, lookup(n)]));
    const seconds = (urn: string) => info.get(urn)!.entry.seconds;

    const incoming = new Map<string, Edge[]>(nodes.map((n) => [n.urn, edgesInto(n, known)]));
    let implicitEdges = 0;
    if (opts.implicitNodeEdges ?? true) {
        const nodeGroups = nodes
            .filter((n) => n.custom && n.type === "aws:eks/nodeGroup:NodeGroup")
            .map((n) => n.urn);
        if (nodeGroups.length) {
            // Everything a node group (transitively) waits for must not wait for the node group.
            const before = new Set<string>();
            const stack = [...nodeGroups];
            while (stack.length) {
                const u = stack.pop()!;
                for (const e of incoming.get(u)!) {
                    if (before.has(e.from)) continue;
                    before.add(e.from);
                    stack.push(e.from);
                }
            }
            for (const n of nodes) {
                if (!n.custom || !info.get(n.urn)!.entry.needsNodes || before.has(n.urn)) continue;
                const edges = incoming.get(n.urn)!;
                for (const g of nodeGroups) {
                    if (g === n.urn || edges.some((e) => e.from === g)) continue;
                    edges.push({ from: g, to: n.urn, kind: "needs nodes" });
                    implicitEdges++;
                }
            }
        }
    }

    // Kahn's algorithm: earliest finish = max(finish of predecessors) + own duration.
    const outgoing = new Map<string, string[]>(nodes.map((n) => [n.urn, []]));
    const indegree = new Map<string, number>();
    let edgeCount = 0;
    for (const [to, edges] of incoming) {
        indegree.set(to, edges.length);
        edgeCount += edges.length;
        for (const e of edges) outgoing.get(e.from)!.push(to);
    }
    const finish = new Map<string, number>();
    const start = new Map<string, number>();
    const pred = new Map<string, Edge | undefined>();
    const ready = nodes.filter((n) => indegree.get(n.urn) === 0).map((n) => n.urn);
    let done = 0;
    while (ready.length) {
        const u = ready.shift()!;
        done++;
        let s = 0;
        let via: Edge | undefined;
        for (const e of incoming.get(u)!) {
            const f = finish.get(e.from)!;
            if (f > s || (via === undefined && f === s && f > 0)) {
                s = f;
                via = e;
            }
        }
        start.set(u, s);
        finish.set(u, s + seconds(u));
        pred.set(u, via);
        for (const v of outgoing.get(u)!) {
            const d = indegree.get(v)! - 1;
            indegree.set(v, d);
            if (d === 0) ready.push(v);
        }
    }
    if (done !== nodes.length) {
        const stuck = nodes.filter((n) => !finish.has(n.urn)).map((n) => n.urn);
        throw new Error(
            `dependency cycle among ${stuck.length} resources, e.g. ${stuck.slice(0, 3).join(", ")}`,
        );
    }

    let last: string | undefined;
    for (const n of nodes) if (last === undefined || finish.get(n.urn)! > finish.get(last)!) last = n.urn;
    const path: PathStep[] = [];
    for (let u = last; u !== undefined;) {
        const n = byUrn.get(u)!;
        const via = pred.get(u);
        path.unshift({
            urn: u,
            type: n.type,
            name: n.name,
            seconds: seconds(u),
            startS: start.get(u)!,
            finishS: finish.get(u)!,
            durationKey: info.get(u)!.key,
            ...(via
                ? { via: { kind: via.kind, ...(via.properties ? { properties: via.properties } : {}) } }
                : {}),
        });
        u = via?.from;
    }
    // Drop leading zero-time steps (components, the root stack): they do not contribute.
    while (path.length > 1 && path[0].seconds === 0) path.shift();
    if (path.length) delete path[0].via;

    const floor = floorOf(nodes, (urn) => info.get(urn)!.entry);
    const estimateS = last === undefined ? 0 : finish.get(last)!;
    const defaulted: Record<string, number> = {};
    for (const n of nodes)
        if (info.get(n.urn)!.key === "(default)") defaulted[n.type] = (defaulted[n.type] ?? 0) + 1;
    return {
        resources: nodes.length,
        customResources: nodes.filter((n) => n.custom).length,
        edges: edgeCount,
        implicitEdges,
        estimateS,
        serialSumS: nodes.reduce((s, n) => s + seconds(n.urn), 0),
        path,
        floor,
        ratio: floor.seconds > 0 ? estimateS / floor.seconds : undefined,
        defaulted,
    };
}

/** cluster + node group + slowest add-on, each the slowest of its kind in the stack (0 when absent). */
export function floorOf(nodes: readonly GraphNode[], entryOf: (urn: string) => DurationEntry): Floor {
    const slowest = (pick: (n: GraphNode) => boolean): FloorTerm => {
        let best: FloorTerm = { seconds: 0 };
        for (const n of nodes) {
            if (!n.custom || !pick(n)) continue;
            const s = entryOf(n.urn).seconds;
            if (!best.resource || s > best.seconds)
                best = { seconds: s, resource: { urn: n.urn, type: n.type, name: n.name } };
        }
        return best;
    };
    const cluster = slowest((n) => n.type === "aws:eks/cluster:Cluster");
    const nodeGroup = slowest((n) => n.type === "aws:eks/nodeGroup:NodeGroup");
    const slowestAddon = slowest((n) => !!entryOf(n.urn).addon);
    return {
        cluster,
        nodeGroup,
        slowestAddon,
        seconds: cluster.seconds + nodeGroup.seconds + slowestAddon.seconds,
    };
}
