/**
 * Which Pod Security Standards level and version apply to a pod, as Kubernetes decides it: the
 * `pod-security.kubernetes.io/enforce` (and `enforce-version`) labels of the pod's Namespace when that Namespace
 * is in the same stack; otherwise the policy config `defaultLevel` (default `restricted`).
 *
 * `enforce-version: latest` (or no version label) means the API server's OWN version, and PSA evaluates a version
 * newer than its own as its own. So the target cluster's version is resolved first (`targetVersions`), in this
 * order: the stack's EKS cluster version; the policy config `kubernetesVersion`; else the newest version this pack
 * knows (`latestVersion`), which the advisory `pss-version-assumed` then reports as assumed.
 * The namespace index is built once per stack evaluation (O(n)); each pod then resolves in O(1).
 */
import { PolicyConfig, PolicyResource } from "../lib/types";
import { PodSecurityLevel, podSecurityLevels } from "../../lib/pss";
import { known } from "../../lib/unknowns";
import { MinorVersion } from "./psa";

export type { PodSecurityLevel };
export { podSecurityLevels };

/** `latest` means the policy version of Kubernetes v1.37 (the newest check revision is `sysctls` v1.37). */
export const latestVersion: MinorVersion = 37;

export const enforceLabel = "pod-security.kubernetes.io/enforce";
export const enforceVersionLabel = "pod-security.kubernetes.io/enforce-version";

const namespaceType = "kubernetes:core/v1:Namespace";

/** The `defaultLevel` config property every pss-* policy accepts. */
export const defaultLevelSchema: Record<string, unknown> = {
    type: "string",
    enum: [...podSecurityLevels],
    default: "restricted",
    description:
        "Pod Security Standards level for pods whose Namespace is not in the stack or has no " +
        "pod-security.kubernetes.io/enforce label.",
};

/** The level and version a pod is evaluated at, and where they came from (for messages). */
export interface LevelVersion {
    level: PodSecurityLevel;
    version: MinorVersion;
    /** `restricted:latest`, `baseline:v1.30`: PSA's own notation (plus the resolved version of `latest`). */
    label: string;
    /** `namespace` when the pod's Namespace in the stack set the level; `default` when `defaultLevel` did. */
    source: "namespace" | "default";
}

/**
 * Parses an enforce label value. An invalid value fails closed to `restricted` (as PSA's ParseLevel); an absent
 * one is undefined (the caller falls back to the default level).
 */
export function parseLevel(value: unknown): PodSecurityLevel | undefined {
    if (value === undefined || value === null) return undefined;
    return podSecurityLevels.includes(value as PodSecurityLevel) ? (value as PodSecurityLevel) : "restricted";
}

/**
 * Parses an enforce-version label value: `latest`, absent or invalid -> latest (`latest: true`; `version` is this
 * pack's newest, which the target cluster's version then replaces); `v1.N` -> N, clamped to latest (PSA evaluates
 * versions above its newest revision with its newest checks).
 */
export function parseVersion(value: unknown): { version: MinorVersion; text: string; latest: boolean } {
    const m = typeof value === "string" ? /^v1\.(0|[1-9][0-9]*)$/.exec(value) : null;
    if (!m) return { version: latestVersion, text: "latest", latest: true };
    const minor = Number(m[1]);
    return minor >= latestVersion
        ? { version: latestVersion, text: value as string, latest: false }
        : { version: minor, text: value as string, latest: false };
}

/** The `kubernetesVersion` config property of every pss-* policy (and of `pss-version-assumed`). */
export const kubernetesVersionSchema: Record<string, unknown> = {
    type: "string",
    pattern: "^(v?1\\.(0|[1-9][0-9]*))?$",
    default: "",
    description:
        "Kubernetes version of the target cluster (e.g. 1.34), used for `enforce-version: latest` when the stack " +
        "has no EKS cluster with a known version. Empty: the newest version this pack knows, reported by " +
        "pss-version-assumed.",
};

/** `1.34`, `v1.34`, `1.34.2` -> 34; anything else undefined. */
export function parseClusterVersion(value: unknown): MinorVersion | undefined {
    const m = typeof value === "string" ? /^v?1\.(0|[1-9][0-9]*)(?:\.\d+)?$/.exec(value.trim()) : null;
    return m ? Number(m[1]) : undefined;
}

/** The target cluster's version(s) and where they came from. */
export interface TargetVersions {
    /** Distinct minor versions, ascending (several when the stack holds EKS clusters of different versions). */
    versions: MinorVersion[];
    /** `eks`: the stack's aws:eks Cluster; `config`: `kubernetesVersion`; `assumed`: this pack's newest. */
    source: "eks" | "config" | "assumed";
}

const eksClusterType = "aws:eks/cluster:Cluster";

/**
 * Resolves what `latest` means for this stack: the version of the stack's EKS cluster(s) (a version unset or
 * unknown during preview counts as not given), then the config `kubernetesVersion`, then `latestVersion` (assumed).
 * A version newer than this pack knows is clamped to `latestVersion`.
 */
export function targetVersions(
    resources: PolicyResource[],
    config: PolicyConfig | undefined,
): TargetVersions {
    const clamp = (v: MinorVersion) => Math.min(v, latestVersion);
    const eks = new Set<MinorVersion>();
    // No closure over `r` in the loop (a context per resource of the stack): see eksVersionOf.
    for (const r of resources) {
        if (r.type !== eksClusterType) continue;
        const v = parseClusterVersion(eksVersionOf(r));
        if (v !== undefined) eks.add(clamp(v));
    }
    if (eks.size) return { versions: [...eks].sort((a, b) => a - b), source: "eks" };
    const configured = parseClusterVersion(config?.kubernetesVersion);
    if (configured !== undefined) return { versions: [clamp(configured)], source: "config" };
    return { versions: [latestVersion], source: "assumed" };
}

/** An EKS cluster's `version` (undefined when unknown during preview). */
function eksVersionOf(r: PolicyResource): unknown {
    return known(() => r.props?.version as unknown, undefined);
}

/** The configured default level; anything not a level (the schema prevents it) fails closed to `restricted`. */
export function defaultLevelOf(config: PolicyConfig | undefined): PodSecurityLevel {
    const v = config?.defaultLevel;
    return podSecurityLevels.includes(v) ? v : "restricted";
}

interface NamespaceEntry {
    level: PodSecurityLevel | undefined;
    version: MinorVersion;
    versionText: string;
    latest: boolean;
}

/** Marker for a pod namespace that is unknown during preview. */
export const unknownNamespace = Symbol("unknown namespace");

/** Index of the stack's Namespaces by name, built once; `resolve` is O(1). */
export class NamespaceLevels {
    private readonly byName = new Map<string, NamespaceEntry>();
    /** `resolve`'s answers, by namespace: pods share a few namespaces. */
    private readonly resolved = new Map<string | typeof unknownNamespace, LevelVersion[]>();

    constructor(
        resources: PolicyResource[],
        private readonly defaultLevel: PodSecurityLevel,
        private readonly target: TargetVersions = { versions: [latestVersion], source: "assumed" },
    ) {
        // The loop captures nothing: a closure over `r` in its body would allocate a context for every resource
        // of the stack, Namespace or not (this runs once per pss-* policy and evaluation).
        for (const r of resources) if (r.type === namespaceType) this.add(r);
    }

    private add(r: PolicyResource): void {
        // An auto-named Namespace has no known name during preview: no pod can be matched to it yet.
        const name = known(() => r.props?.metadata?.name as unknown, undefined);
        if (typeof name !== "string" || name === "") return;
        const labels = known(() => (r.props?.metadata?.labels ?? {}) as Record<string, unknown>, {});
        // A label value unknown during preview is treated as absent.
        const level = parseLevel(known(() => labels[enforceLabel], undefined));
        const v = parseVersion(known(() => labels[enforceVersionLabel], undefined));
        this.byName.set(name, { level, version: v.version, versionText: v.text, latest: v.latest });
    }

    /** True when a pod in `namespace` is evaluated at `latest` (no explicit enforce-version in the stack). */
    usesLatest(namespace: string | typeof unknownNamespace): boolean {
        const ns = typeof namespace === "string" ? this.byName.get(namespace) : undefined;
        return !ns || ns.latest;
    }

    /**
     * Level and version(s) for a pod in `namespace` (already defaulted to "default"; `unknownNamespace` when not
     * known yet): one entry per target cluster version, as PSA on that cluster would evaluate the pod.
     */
    resolve(namespace: string | typeof unknownNamespace): LevelVersion[] {
        let out = this.resolved.get(namespace);
        if (!out) {
            out = this.resolveUncached(namespace);
            this.resolved.set(namespace, out);
        }
        return out;
    }

    private resolveUncached(namespace: string | typeof unknownNamespace): LevelVersion[] {
        const ns = typeof namespace === "string" ? this.byName.get(namespace) : undefined;
        const level = ns?.level ?? this.defaultLevel;
        const source = ns?.level ? "namespace" : "default";
        const text = ns?.versionText ?? "latest";
        const out: LevelVersion[] = [];
        for (const cluster of this.target.versions) {
            // PSA evaluates `latest`, and any version newer than its own, as the API server's own version.
            const version = ns && !ns.latest ? Math.min(ns.version, cluster) : cluster;
            if (out.some((o) => o.version === version)) continue;
            const fromTarget =
                text === "latest" ? this.target.source !== "assumed" : version < (ns?.version ?? 0);
            const resolved = fromTarget
                ? ` (v1.${version}, the ${this.target.source === "eks" ? "EKS cluster's" : "configured kubernetesVersion"})`
                : "";
            out.push({ level, version, label: `${level}:${text}${resolved}`, source });
        }
        return out;
    }
}
