/**
 * The Pod Security Admission check model, after kubernetes/pod-security-admission `policy/checks.go`:
 * a check has an ID, a level and one or more versioned implementations; each implementation is a pure function
 * over the pod's metadata and spec that returns a forbidden reason, or nothing when the pod is allowed.
 * One check per file in ./checks; ./registry.ts lists them all.
 */
import { sharedContainers } from "../../lib/k8s";
import { cosmetic, isUnknownValueError } from "../../lib/unknowns";

/** Pod metadata, pod spec and their parts as the engine hands them over: plain, untyped JSON. */
export type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- untyped Kubernetes JSON from the engine

/** The two levels a check can belong to (`privileged` has no checks). */
export type CheckLevel = "baseline" | "restricted";

/**
 * A policy version, as the minor number of Kubernetes v1.x (`v1.25` is 25). PSA's versions never left major 1,
 * and comparing minors keeps the per-pod path allocation-free.
 */
export type MinorVersion = number;

/** What a failing check returns, as PSA's `CheckResult{ForbiddenReason, ForbiddenDetail}`. */
export interface Forbidden {
    /** Short reason, e.g. `privileged`. */
    reason: string;
    /** Which fields of which containers, e.g. `container "x" must not set securityContext.privileged=true`. */
    detail: string;
    /** The first violating field, from the pod spec, e.g. `containers[0].securityContext.privileged`. */
    field?: string;
}

/** A check implementation: pure, no I/O. Returns undefined when the pod is allowed. */
export type CheckPodFn = (metadata: Obj, spec: Obj) => Forbidden | undefined;

/** One revision of a check, in effect from `minimumVersion` up to the next revision. */
export interface VersionedCheck {
    /** First policy version (minor of v1.x) this revision applies to. */
    minimumVersion: MinorVersion;
    checkPod: CheckPodFn;
    /** Baseline check IDs this (restricted) revision replaces at the restricted level. */
    overrides?: string[];
}

/** A Pod Security Admission check. */
export interface Check {
    /** PSA's check ID, e.g. `capabilities_restricted`. */
    id: string;
    level: CheckLevel;
    /** Revisions, oldest first. */
    versions: VersionedCheck[];
}

/** The revision of `check` in effect at `version`, if any (the newest whose minimum version is not newer). */
export function versionAt(check: Check, version: MinorVersion): VersionedCheck | undefined {
    let found: VersionedCheck | undefined;
    for (const v of check.versions) if (v.minimumVersion <= version) found = v;
    return found;
}

/** `container` / `containers` after the count, as PSA's pluralize. */
export function pluralize(singular: string, plural: string, n: number): string {
    return n === 1 ? singular : plural;
}

/** `"a", "b"`. */
export function joinQuote(items: string[]): string {
    return items.map((i) => JSON.stringify(i)).join(", ");
}

/** Adds to a list once, keeping first-seen order (PSA uses sets). */
export function addOnce(list: string[], item: string): void {
    if (!list.includes(item)) list.push(item);
}

/** `container "a"` / `containers "a", "b"`. */
export function containersPhrase(names: string[]): string {
    return `${pluralize("container", "containers", names.length)} ${joinQuote(names)}`;
}

/** Calls `visit` for every container, init container and ephemeral container, with its name. */
export function visitContainers(
    spec: Obj,
    visit: (container: Obj, name: string, field: string) => void,
): void {
    // One container's unknown value leaves only that container undecided for the check (the adapter reports
    // it): the other containers are still checked.
    // Read once per pod spec for every check (lib/k8s.ts sharedContainers), with each container's name for
    // messages (`psaName`: its name, else its index; read as `cosmetic`). A plain loop and try/catch, not
    // `known` with a closure per container and check: ~30 checks run per pod.
    const list = sharedContainers(spec);
    for (let i = 0; i < list.length; i++) {
        const c = list[i];
        try {
            visit(c.container, c.psaName, c.field);
        } catch (e) {
            if (!isUnknownValueError(e)) throw e;
        }
    }
}

/** A volume's name for messages; an unknown name only labels the message and never hides the volume. */
export function volumeName(v: Obj, i: number): string {
    return cosmetic(() => String(v?.name ?? i), `(name unknown until apply, #${i})`);
}

/** True for pods that declare `spec.os.name: windows` (exempt from Linux-only restricted checks from v1.25). */
export function isWindowsPod(spec: Obj): boolean {
    return spec?.os?.name === "windows";
}

/** True for pods in a user namespace (`spec.hostUsers: false`), which v1.35 relaxes some checks for. */
export function inUserNamespace(spec: Obj): boolean {
    return spec?.hostUsers === false;
}

/**
 * From v1.35, PSA relaxes the root-related checks for pods in a user namespace (`hostUsers: false`): the same check,
 * skipped for those pods.
 */
export function unlessUserNamespace(check: CheckPodFn): CheckPodFn {
    return (metadata, spec) => (inUserNamespace(spec) ? undefined : check(metadata, spec));
}

/** The container's securityContext, or an empty object. */
export function sc(container: Obj): Obj {
    return container?.securityContext ?? {};
}

/** The pod's securityContext, or an empty object. */
export function podSc(spec: Obj): Obj {
    return spec?.securityContext ?? {};
}
