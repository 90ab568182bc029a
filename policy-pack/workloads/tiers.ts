/**
 * Namespace tiers: SecureNamespace labels every namespace `blueprint.io/tier: app` (teams' workloads) or
 * `platform` (the blueprint's add-ons). App namespaces get the stricter image rules. The tier index is built once
 * per stack check from the namespace index (Namespaces merged with NamespacePatches): O(n).
 */
import { PodTemplate } from "../../lib/k8s";
import { PolicyResource } from "../lib/types";
import { UNKNOWN_LABEL, namespaceIndex } from "../namespaces/psa-index";

/** The namespace label SecureNamespace sets (components/namespace/secureNamespace.ts `tierLabel`). */
export const TIER_LABEL = "blueprint.io/tier";

/** A namespace's tier label value, or null when its labels are unknown during preview. */
export type TierIndex = Map<string, string | null>;

/** Where a pod runs, as the image policies see it. */
export type PodTier =
    /** In a namespace of this stack labelled tier=app. */
    | "app"
    /** In a namespace of this stack with another (or no) tier. */
    | "other"
    /** Its namespace is unknown during preview, or not declared in this stack. */
    | "outside"
    /** In a namespace of this stack whose labels are unknown during preview. */
    | "unknown";

/** Tier label of every namespace declared (or patched) in the stack, indexed by name. */
export function tierIndex(resources: PolicyResource[]): TierIndex {
    const out: TierIndex = new Map();
    for (const [name, entry] of namespaceIndex(resources))
        out.set(
            name,
            entry.labels && entry.labels[TIER_LABEL] !== UNKNOWN_LABEL
                ? (entry.labels[TIER_LABEL] ?? "")
                : null,
        );
    return out;
}

/** The tier of a pod's namespace (a pod without metadata.namespace is in `default`). */
export function podTier(pod: PodTemplate, tiers: TierIndex): PodTier {
    if (!pod.namespaceKnown) return "outside";
    const tier = tiers.get(pod.namespace || "default");
    if (tier === undefined) return "outside";
    if (tier === null) return "unknown";
    return tier === "app" ? "app" : "other";
}
