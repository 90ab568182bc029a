/**
 * Which Pod Security Standards level and version apply to a pod, as Kubernetes decides it: the
 * `pod-security.kubernetes.io/enforce` (and `enforce-version`) labels of the pod's Namespace when that Namespace
 * is in the same stack; otherwise the policy config `defaultLevel` (default `restricted`).
 * The namespace index is built once per stack evaluation (O(n)); each pod then resolves in O(1).
 */
import { PolicyConfig, PolicyResource } from "../lib/types";
import { known } from "../lib/unknowns";
import { MinorVersion } from "./psa";

export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

export const podSecurityLevels: readonly PodSecurityLevel[] = ["privileged", "baseline", "restricted"];

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
    /** `restricted:latest`, `baseline:v1.30`: PSA's own notation. */
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
 * Parses an enforce-version label value: `latest`, absent or invalid -> latest (the newest, strictest checks);
 * `v1.N` -> N, clamped to latest (PSA evaluates versions above its newest revision with its newest checks).
 */
export function parseVersion(value: unknown): { version: MinorVersion; text: string } {
    const m = typeof value === "string" ? /^v1\.(0|[1-9][0-9]*)$/.exec(value) : null;
    if (!m) return { version: latestVersion, text: "latest" };
    const minor = Number(m[1]);
    return minor >= latestVersion
        ? { version: latestVersion, text: value as string }
        : { version: minor, text: value as string };
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
}

/** Marker for a pod namespace that is unknown during preview. */
export const unknownNamespace = Symbol("unknown namespace");

/** Index of the stack's Namespaces by name, built once; `resolve` is O(1). */
export class NamespaceLevels {
    private readonly byName = new Map<string, NamespaceEntry>();

    constructor(
        resources: PolicyResource[],
        private readonly defaultLevel: PodSecurityLevel,
    ) {
        for (const r of resources) {
            if (r.type !== namespaceType) continue;
            // An auto-named Namespace has no known name during preview: no pod can be matched to it yet.
            const name = known(() => r.props?.metadata?.name as unknown, undefined);
            if (typeof name !== "string" || name === "") continue;
            const labels = known(() => (r.props?.metadata?.labels ?? {}) as Record<string, unknown>, {});
            // A label value unknown during preview is treated as absent.
            const level = parseLevel(known(() => labels[enforceLabel], undefined));
            const v = parseVersion(known(() => labels[enforceVersionLabel], undefined));
            this.byName.set(name, { level, version: v.version, versionText: v.text });
        }
    }

    /** Level for a pod in `namespace` (already defaulted to "default"; `unknownNamespace` when not known yet). */
    resolve(namespace: string | typeof unknownNamespace): LevelVersion {
        const ns = typeof namespace === "string" ? this.byName.get(namespace) : undefined;
        if (ns?.level)
            return {
                level: ns.level,
                version: ns.version,
                label: `${ns.level}:${ns.versionText}`,
                source: "namespace",
            };
        const version = ns?.version ?? latestVersion;
        const text = ns?.versionText ?? "latest";
        return {
            level: this.defaultLevel,
            version,
            label: `${this.defaultLevel}:${text}`,
            source: "default",
        };
    }
}
