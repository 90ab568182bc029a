/**
 * Stable fingerprints of findings, for baselines and SARIF `partialFingerprints`: the policy, the resource's
 * identity (its URN; in `--manifests` mode the file and the object's type and name) and the violating field's path.
 * Never a line number or a message: moving unrelated lines or rewording a message keeps the fingerprint.
 */
import { createHash } from "crypto";
import * as path from "path";
import type { GuardResult, Violation } from "./run";

/** The identity of the resource a finding is about. */
export function identityOf(v: Violation, mode: GuardResult["mode"], cwd = process.cwd()): string {
    if (mode === "manifests" && v.source && !v.source.includes("@")) {
        const rel = path.relative(cwd, path.resolve(cwd, v.source)).split(path.sep).join("/");
        return `${rel}#${v.type}#${v.name}`;
    }
    return v.urn;
}

export function fingerprintOf(v: Violation, mode: GuardResult["mode"], cwd = process.cwd()): string {
    return createHash("sha256")
        .update([v.policy, identityOf(v, mode, cwd), v.path ?? ""].join("\u0000"))
        .digest("hex")
        .slice(0, 32);
}

/**
 * Fingerprints of every violation, in order. Findings that share policy, resource and path (a policy that reports
 * twice on one resource without naming fields) are told apart by their rank among those, ordered by message.
 */
export function fingerprints(
    violations: Violation[],
    mode: GuardResult["mode"],
    cwd = process.cwd(),
): string[] {
    const base = violations.map((v) => fingerprintOf(v, mode, cwd));
    const groups = new Map<string, number[]>();
    base.forEach((f, i) => groups.set(f, [...(groups.get(f) ?? []), i]));
    const out = [...base];
    for (const [f, idx] of groups) {
        if (idx.length < 2) continue;
        const sorted = [...idx].sort(
            (a, b) => violations[a].message.localeCompare(violations[b].message) || a - b,
        );
        sorted.forEach((i, rank) => (out[i] = rank === 0 ? f : `${f}:${rank + 1}`));
    }
    return out;
}

/** Sets `fingerprint` on every violation of the run. */
export function assignFingerprints(r: GuardResult, cwd = process.cwd()): void {
    const fps = fingerprints(r.violations, r.mode, cwd);
    r.violations.forEach((v, i) => (v.fingerprint = fps[i]));
}
