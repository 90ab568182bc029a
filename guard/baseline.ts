/**
 * Baselines, to adopt the pack on a legacy stack without fixing everything on day one:
 * `--write-baseline FILE` records the run's violations by fingerprint (policy, resource identity, field path; never
 * lines); `--baseline FILE` then reports, and fails on, only violations not in it, and lists the entries that no
 * longer occur so the file can shrink.
 */
import * as fs from "fs";
import { identityOf } from "./fingerprint";
import { GuardInputError } from "./model";
import type { GuardResult, Violation } from "./run";

export const baselineVersion = 1;

export interface BaselineEntry {
    fingerprint: string;
    policy: string;
    /** URN, or `file#type#name` in --manifests mode: for people reading the file; matching uses `fingerprint`. */
    resource: string;
    path?: string;
    level: string;
}

export interface BaselineFile {
    version: number;
    entries: BaselineEntry[];
}

export interface BaselineOutcome {
    file: string;
    /** Violations the baseline accepts (not reported, not failing). */
    suppressed: Violation[];
    /** Entries of the baseline that match no violation any more. */
    gone: BaselineEntry[];
}

export function baselineOf(r: GuardResult, cwd = process.cwd()): BaselineFile {
    const entries = r.violations.map((v) => {
        if (!v.fingerprint) throw new Error("internal: violations have no fingerprint");
        return {
            fingerprint: v.fingerprint,
            policy: v.policy,
            resource: identityOf(v, r.mode, cwd),
            ...(v.path ? { path: v.path } : {}),
            level: v.level,
        };
    });
    entries.sort(
        (a, b) =>
            a.policy.localeCompare(b.policy) ||
            a.resource.localeCompare(b.resource) ||
            a.fingerprint.localeCompare(b.fingerprint),
    );
    return { version: baselineVersion, entries };
}

export function writeBaseline(file: string, r: GuardResult, cwd = process.cwd()): void {
    try {
        fs.writeFileSync(file, `${JSON.stringify(baselineOf(r, cwd), null, 2)}\n`);
    } catch (e) {
        throw new GuardInputError(`--write-baseline ${file}: ${(e as Error).message.split("\n")[0]}`);
    }
}

export function loadBaseline(file: string): BaselineFile {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new GuardInputError(
            `--baseline ${file}: no such file (write one with --write-baseline ${file})`,
        );
    }
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (e) {
        throw new GuardInputError(
            `--baseline ${file}: invalid JSON (${(e as Error).message.split("\n")[0]})`,
        );
    }
    const d = doc as Partial<BaselineFile>;
    if (
        typeof d !== "object" ||
        d === null ||
        d.version !== baselineVersion ||
        !Array.isArray(d.entries) ||
        !d.entries.every(
            (e) =>
                typeof e === "object" &&
                e !== null &&
                typeof e.fingerprint === "string" &&
                typeof e.policy === "string",
        )
    )
        throw new GuardInputError(
            `--baseline ${file}: expected {"version": ${baselineVersion}, "entries": [{"fingerprint", "policy", ...}]} as --write-baseline writes it`,
        );
    return d as BaselineFile;
}

/** Removes the violations the baseline accepts from the run (in place); returns them and the stale entries. */
export function applyBaseline(r: GuardResult, baseline: BaselineFile, file: string): BaselineOutcome {
    const remaining = new Map<string, BaselineEntry[]>();
    for (const e of baseline.entries)
        remaining.set(e.fingerprint, [...(remaining.get(e.fingerprint) ?? []), e]);
    const suppressed: Violation[] = [];
    const kept: Violation[] = [];
    for (const v of r.violations) {
        const list = v.fingerprint ? remaining.get(v.fingerprint) : undefined;
        if (list?.length) {
            list.pop();
            suppressed.push(v);
        } else kept.push(v);
    }
    r.violations = kept;
    return { file, suppressed, gone: [...remaining.values()].flat() };
}
