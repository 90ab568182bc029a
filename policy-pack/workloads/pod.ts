/**
 * Helpers shared by the workload policies: the exact type tokens of every pod-bearing kind, and readers that
 * tolerate values that are unknown during preview (a computed value never causes a violation by itself).
 */
import { ContainerList, ContainerRef, PodTemplate, podTemplate, sharedContainers } from "../../lib/k8s";
import { PolicyResource } from "../lib/types";
import { MEMO_MISS, MemoEntry, isUnknownValueError, known, memoHit, memoRead } from "../../lib/unknowns";

/** Pulumi type tokens of every pod-bearing kind that @pulumi/kubernetes 4.x registers (GA and legacy). */
export const POD_TYPES: string[] = [
    "kubernetes:core/v1:Pod",
    "kubernetes:core/v1:PodTemplate",
    "kubernetes:core/v1:ReplicationController",
    "kubernetes:apps/v1:Deployment",
    "kubernetes:apps/v1:StatefulSet",
    "kubernetes:apps/v1:DaemonSet",
    "kubernetes:apps/v1:ReplicaSet",
    "kubernetes:apps/v1beta1:Deployment",
    "kubernetes:apps/v1beta1:StatefulSet",
    "kubernetes:apps/v1beta2:Deployment",
    "kubernetes:apps/v1beta2:StatefulSet",
    "kubernetes:apps/v1beta2:DaemonSet",
    "kubernetes:apps/v1beta2:ReplicaSet",
    "kubernetes:extensions/v1beta1:Deployment",
    "kubernetes:extensions/v1beta1:DaemonSet",
    "kubernetes:extensions/v1beta1:ReplicaSet",
    "kubernetes:batch/v1:Job",
    "kubernetes:batch/v1:CronJob",
    "kubernetes:batch/v1beta1:CronJob",
    "kubernetes:batch/v2alpha1:CronJob",
];

/** podOf's reads by properties object, with the resource they were read for (see memoRead). */
const pods = new WeakMap<object, MemoEntry<{ type: string; name: string; pod: PodTemplate | undefined }>>();

/**
 * The pod template, or undefined when the resource holds none or it cannot be read during preview. The workload
 * policies read the same resources: one request shares one properties object per resource between its policies
 * (lib/shared-props.ts), so the read is done once per properties object and resource, and the unknown values it met
 * are reported to each policy as if it had read them itself (lib/unknowns.ts memoRead). The template is frozen: it
 * is shared.
 */
export function podOf(r: PolicyResource): PodTemplate | undefined {
    if (typeof r.props !== "object" || r.props === null) return podOfUncached(r);
    const hit = memoHit(pods, r.props);
    if (hit !== MEMO_MISS && hit.type === r.type && hit.name === r.name) return hit.pod;
    const read = () => ({ type: r.type, name: r.name, pod: podOfUncached(r) });
    let m = hit !== MEMO_MISS ? hit : memoRead(pods, r.props, read);
    // The same properties under another type or name (not from one request): read them for this resource.
    if (m.type !== r.type || m.name !== r.name) m = read();
    return m.pod;
}

function podOfUncached(r: PolicyResource): PodTemplate | undefined {
    const pod = known(() => podTemplate(r), undefined);
    return pod && Object.freeze(pod);
}

const allLists: ReadonlyArray<ContainerList> = ["containers", "initContainers", "ephemeralContainers"];

/** Containers of the given lists (default: all three); an unknown list is skipped. A new list per call. */
export function containersOf(
    pod: PodTemplate,
    lists: ReadonlyArray<ContainerList> = allLists,
): ContainerRef[] {
    // Read once per pod spec (lib/k8s.ts sharedContainers); an unknown list reads as none (`known`, inlined).
    let all: readonly ContainerRef[];
    try {
        all = sharedContainers(pod.spec);
    } catch (e) {
        if (!isUnknownValueError(e)) throw e;
        all = [];
    }
    if (
        lists === allLists ||
        (lists.includes("containers") &&
            lists.includes("initContainers") &&
            lists.includes("ephemeralContainers"))
    )
        return all.slice();
    return all.filter((c) => lists.includes(c.list));
}

/** `Deployment "api"` for messages. */
export function label(pod: PodTemplate): string {
    return `${pod.kind} "${pod.name}"`;
}

/** Marks a value that is unknown during preview, distinct from an absent one. */
export const UNKNOWN = Symbol("unknown");

/** Evaluates `read`, returning the UNKNOWN marker when it touches a value that is unknown during preview. */
export function maybe<T>(read: () => T): T | typeof UNKNOWN {
    return known<T | typeof UNKNOWN>(read, UNKNOWN);
}
