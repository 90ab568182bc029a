/**
 * Kubernetes object access shared by the policy pack and the reachability analysis: type tokens, the pod template
 * inside every pod-bearing kind, containers, and an object's identity. Values unknown during preview are read through
 * lib/unknowns.ts, so a computed name or namespace never hides an object from a check.
 */
import { MEMO_MISS, MemoEntry, cosmetic, known, memoHit, memoRead } from "./unknowns";

/**
 * A Pulumi resource of a Kubernetes type, as the policy pack's resources and the guard's captured resources both hold
 * it: type token, name and (input or output) properties.
 */
export interface K8sResource {
    type: string;
    name: string;
    props: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

type K8sKind = { readonly group: string; readonly version: string; readonly kind: string };

/** k8sKind's answers by type token (a stack has few types; bounded all the same), frozen as they are shared. */
const kinds = new Map<string, K8sKind | undefined>();
const maxKinds = 2048;

/** `kubernetes:apps/v1:Deployment` -> { group: "apps", version: "v1", kind: "Deployment" }. */
export function k8sKind(type: string): K8sKind | undefined {
    const hit = kinds.get(type);
    if (hit !== undefined || kinds.has(type)) return hit;
    const k = parseK8sKind(type);
    if (kinds.size >= maxKinds) kinds.clear();
    kinds.set(type, k ? Object.freeze(k) : undefined);
    return k;
}

function parseK8sKind(type: string): K8sKind | undefined {
    const m = /^kubernetes:([^:]+):([^:]+)$/.exec(type);
    if (!m) return undefined;
    const [groupVersion, kind] = [m[1], m[2]];
    const slash = groupVersion.lastIndexOf("/");
    const group = slash < 0 ? "" : groupVersion.slice(0, slash);
    const version = groupVersion.slice(slash + 1);
    return { group: group === "core" ? "" : group, version, kind };
}

/** Pod-bearing kinds and where their pod template lives. */
const podPaths: Record<string, string[]> = {
    Pod: [],
    PodTemplate: ["template"],
    Deployment: ["spec", "template"],
    StatefulSet: ["spec", "template"],
    DaemonSet: ["spec", "template"],
    ReplicaSet: ["spec", "template"],
    ReplicationController: ["spec", "template"],
    Job: ["spec", "template"],
    CronJob: ["spec", "jobTemplate", "spec", "template"],
};

export const podBearingKinds = Object.keys(podPaths);

/** A pod template: its metadata and spec, and the namespace of the object that holds it. */
export interface PodTemplate {
    kind: string;
    name: string;
    namespace: string | undefined;
    /** False when metadata.namespace is unknown during preview (then `namespace` is undefined). */
    namespaceKnown: boolean;
    metadata: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    spec: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    /** Field path of the pod spec in the resource, e.g. `spec.template.spec` (`spec` for a Pod). */
    specPath: string;
}

/** Returns the pod template of a pod-bearing Kubernetes resource, or undefined for any other resource. */
export function podTemplate(r: K8sResource): PodTemplate | undefined {
    const k = k8sKind(r.type);
    if (!k || !(k.kind in podPaths)) return undefined;
    let node: any = r.props; // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const p of podPaths[k.kind]) node = node?.[p];
    if (!node) return undefined;
    // Name and namespace are read through `known`: a computed namespace must not hide the pod from the checks.
    const UNKNOWN_NS = "\u0000unknown";
    const namespace = known(() => r.props?.metadata?.namespace as string | undefined, UNKNOWN_NS);
    return {
        kind: k.kind,
        name: cosmetic(() => r.props?.metadata?.name as string | undefined, undefined) ?? r.name,
        namespace: namespace === UNKNOWN_NS ? undefined : namespace,
        namespaceKnown: namespace !== UNKNOWN_NS,
        metadata: node.metadata ?? {},
        spec: node.spec ?? {},
        specPath: [...podPaths[k.kind], "spec"].join("."),
    };
}

/** The three container lists of a pod spec, in order. */
export type ContainerList = "containers" | "initContainers" | "ephemeralContainers";
const containerListNames: readonly ContainerList[] = ["containers", "initContainers", "ephemeralContainers"];

/** A container of any of the three lists, with the path used in messages. */
export interface ContainerRef {
    path: string;
    /** Field path in the pod spec, e.g. `initContainers[1]`. */
    field: string;
    container: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    /** The list it is in. */
    list: ContainerList;
    /**
     * The container's name as the PSA checks' messages give it (policy-pack/pss/psa.ts `visitContainers`): its
     * `name` as a string, else its index among all three lists; a name unknown during preview is
     * `(name unknown until apply, #<index>)`. Only labels messages (read as `cosmetic`).
     */
    psaName: string;
}

/** containers, initContainers and ephemeralContainers, in that order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- pod specs are untyped JSON
export function allContainers(spec: Record<string, any>): ContainerRef[] {
    const out: ContainerRef[] = [];
    for (const list of containerListNames) {
        const cs = spec?.[list];
        if (!Array.isArray(cs)) continue;
        cs.forEach((c, i) => {
            // The name only labels messages: an unknown name must not hide the container from the checks.
            const name = cosmetic(
                () => (c?.name as string | undefined) ?? String(i),
                "(name unknown until apply)",
            );
            // The PSA checks number containers across the three lists (visitContainers' index).
            const at = out.length;
            const psaName = cosmetic(() => String(c?.name ?? at), `(name unknown until apply, #${at})`);
            out.push({
                path: `${list}[${i}] "${name}"`,
                field: `${list}[${i}]`,
                container: c ?? {},
                list,
                psaName,
            });
        });
    }
    return out;
}

/** Kinds without a namespace (the common ones); every other kind defaults to the `default` namespace. */
const clusterScopedKinds = new Set([
    "Namespace",
    "Node",
    "PersistentVolume",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "StorageClass",
    "PriorityClass",
    "ValidatingWebhookConfiguration",
    "MutatingWebhookConfiguration",
    "APIService",
    "IngressClass",
    "RuntimeClass",
]);

/** Kind, name and namespace of a Kubernetes resource, for exemptions and messages. */
export function k8sIdentity(r: K8sResource): { kind?: string; name?: string; namespace?: string } {
    const k = k8sKind(r.type);
    if (!k) return { kind: r.type.split(":").pop(), name: r.name };
    // Read through `known`: an exemption check must never abort a stack policy on a value unknown during preview.
    const name = cosmetic(() => r.props?.metadata?.name as string | undefined, undefined) ?? r.name;
    const namespace = known(() => r.props?.metadata?.namespace as string | undefined, undefined);
    const namespaced = k.kind !== "Namespace" && !clusterScopedKinds.has(k.kind);
    return { kind: k.kind, name, namespace: namespace ?? (namespaced ? "default" : undefined) };
}

/** sharedContainers' reads, by pod spec object. */
const containerLists = new WeakMap<object, MemoEntry<readonly ContainerRef[]>>();

/**
 * `allContainers`, read once per pod spec object and frozen, as the policies of one request share one properties
 * object per resource (so one spec object per pod): the ~30 container checks of the pss-* and workload policies all
 * read the same list. The unknown values the read met are reported to each evaluation as if it had read them itself
 * (lib/unknowns.ts memoRead); a read that meets an unknown list throws, as `allContainers` does, every time.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- pod specs are untyped JSON
export function sharedContainers(spec: Record<string, any>): readonly ContainerRef[] {
    if (typeof spec !== "object" || spec === null) return allContainers(spec);
    const hit = memoHit(containerLists, spec);
    if (hit !== MEMO_MISS) return hit;
    return memoRead(containerLists, spec, () => allContainers(spec).map((c) => Object.freeze(c)));
}
