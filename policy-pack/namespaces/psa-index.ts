/**
 * One pass over the stack that merges the labels of each Namespace with those of NamespacePatch resources
 * naming it (a patch may add the PSA labels to a namespace created elsewhere). Built once per stack check: O(n).
 */
import { k8sKind } from "../../lib/k8s";
import { PolicyResource } from "../lib/types";
import { known } from "../../lib/unknowns";

export const ENFORCE = "pod-security.kubernetes.io/enforce";
export const ENFORCE_VERSION = "pod-security.kubernetes.io/enforce-version";
export const LEVELS = ["privileged", "baseline", "restricted"];
export const defaultSystemNamespaces = ["kube-system", "kube-public", "kube-node-lease"];

/** A namespace as declared in the stack: the resource to blame, and its merged labels. */
export interface NamespaceEntry {
    name: string;
    /** The Namespace resource, or the first NamespacePatch when the namespace itself is not in the stack. */
    blame: PolicyResource;
    /** True when the Namespace itself is in the stack. */
    declared: boolean;
    /** Merged labels; undefined when some are unknown during preview. */
    labels: Record<string, string> | undefined;
}

/**
 * The value that stands for one label whose value is unknown during preview: only that label is unknown, the
 * others are read as they are.
 */
export const UNKNOWN_LABEL = "\u0000(unknown until apply)";

function labelsOf(r: PolicyResource): Record<string, string> | undefined {
    return known(() => {
        const l = r.props.metadata?.labels ?? {};
        const out: Record<string, string> = {};
        for (const k of Object.keys(l)) out[k] = known(() => String(l[k]), UNKNOWN_LABEL);
        return out;
    }, undefined);
}

/**
 * `metadata.name`, undefined when unknown during preview. A function of its own: a closure over the loop's resource
 * in namespaceIndex's loop would allocate a context for every resource of the stack.
 */
function metadataName(r: PolicyResource): string | undefined {
    return known(() => r.props.metadata?.name as string | undefined, undefined);
}

/** Indexes Namespaces and NamespacePatches by name. Resources whose name is unknown are skipped. */
export function namespaceIndex(resources: PolicyResource[]): Map<string, NamespaceEntry> {
    const index = new Map<string, NamespaceEntry>();
    for (const r of resources) {
        const k = k8sKind(r.type);
        if (!k || k.group !== "" || (k.kind !== "Namespace" && k.kind !== "NamespacePatch")) continue;
        const name = metadataName(r);
        if (!name) continue;
        const labels = labelsOf(r);
        const prev = index.get(name);
        const isNs = k.kind === "Namespace";
        if (!prev) {
            index.set(name, { name, blame: r, declared: isNs, labels });
            continue;
        }
        prev.labels =
            prev.labels && labels
                ? isNs
                    ? { ...labels, ...prev.labels }
                    : { ...prev.labels, ...labels }
                : undefined;
        if (isNs && !prev.declared) {
            prev.blame = r;
            prev.declared = true;
        }
    }
    return index;
}
