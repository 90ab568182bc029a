/**
 * Differential check of the pack's pss-* policies against the real Pod Security admission: every pod of a corpus
 * (e.g. ../shared/conformance/pod-security) is created with dryRun=All in a namespace labelled with the level and
 * version in its path, and the pack's verdict (all pss-* stack policies, in-process, as
 * test/policy-pack/pss-conformance.test.ts runs them) must equal the server's.
 *
 * Version: a label version newer than the server (`v1.37` on a 1.34 server) is evaluated by the server as its
 * latest, and so is `latest`. The pack is evaluated the same way: its namespace is labelled with the server's own
 * version (`v1.<serverMinor>`), never with a version the server does not have.
 */
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { PodSecurityLevel, podSecurityLevels } from "../../lib/pss";
import { policies } from "../../policy-pack/pss";
import { PolicyResource, StackPolicy } from "../../policy-pack/lib/types";
import { ensureDefaultServiceAccount } from "./apply";
import { KubeClient, Obj, statusMessage } from "./kube";

export type Level = PodSecurityLevel;

export interface Fixture {
    /** Path relative to the corpus root. */
    file: string;
    level: Level;
    /** `v1.37` or `latest`, as in the path. */
    version: string;
    /** `pass`/`fail` when the path says so. */
    expected?: "pass" | "fail";
    pod: Obj;
}

export interface Unanalyzed {
    file: string;
    reason: string;
}

export interface Comparison {
    fixture: Fixture;
    server: "allowed" | "denied";
    pack: "allowed" | "denied";
    serverMessage: string;
    /** Refused by API validation (the fixture's version is newer than the server), before Pod Security. */
    byValidation: boolean;
    packFindings: string[];
    agree: boolean;
}

export interface DifferentialReport {
    comparisons: Comparison[];
    unanalyzed: Unanalyzed[];
    agree: number;
    disagree: number;
}

const levels: readonly Level[] = podSecurityLevels;

function walk(dir: string): string[] {
    const out: string[] = [];
    for (const e of fs
        .readdirSync(dir, { withFileTypes: true })
        .sort((a, b) => a.name.localeCompare(b.name))) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) out.push(...walk(p));
        else if (/\.(ya?ml|json)$/.test(e.name)) out.push(p);
    }
    return out;
}

/**
 * Reads a pod corpus: every YAML/JSON file under `dir`; the level and version come from the path
 * (`<level>/<v1.N|latest>/...`, a missing version meaning `latest`). Files without a level in their path, or without
 * exactly one Pod, are reported as not analyzed, never dropped.
 */
export function loadCorpus(dir: string): { fixtures: Fixture[]; unanalyzed: Unanalyzed[] } {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
        throw new Error(`--psa-differential: ${dir} is not a directory`);
    const fixtures: Fixture[] = [];
    const unanalyzed: Unanalyzed[] = [];
    for (const f of walk(dir)) {
        const rel = path.relative(dir, f);
        const parts = rel.split(path.sep);
        const level = parts.find((p) => (levels as readonly string[]).includes(p)) as Level | undefined;
        const version = parts.find((p) => /^v1\.(0|[1-9][0-9]*)$/.test(p) || p === "latest") ?? "latest";
        const expected = parts.find((p) => p === "pass" || p === "fail") as "pass" | "fail" | undefined;
        if (!level) {
            unanalyzed.push({
                file: rel,
                reason: "no level (privileged, baseline or restricted) in its path",
            });
            continue;
        }
        let docs: Obj[];
        try {
            docs = parseAllDocuments(fs.readFileSync(f, "utf8"))
                .map((d) => {
                    if (d.errors.length > 0) throw new Error(d.errors[0].message.split("\n")[0]);
                    return d.toJS() as Obj;
                })
                .filter((d) => d !== null && d !== undefined);
        } catch (e) {
            unanalyzed.push({ file: rel, reason: `unreadable: ${(e as Error).message}` });
            continue;
        }
        const pods = docs.filter((d) => d?.kind === "Pod");
        if (pods.length !== 1 || docs.length !== 1) {
            unanalyzed.push({
                file: rel,
                reason: `expected exactly one Pod, found ${docs.length} document(s)`,
            });
            continue;
        }
        fixtures.push({ file: rel, level, version, expected, pod: pods[0] });
    }
    return { fixtures, unanalyzed };
}

/** The version the server evaluates a label at: its own version for `latest` or anything newer. */
export function effectiveVersion(version: string, serverMinor: number): string {
    const m = /^v1\.([0-9]+)$/.exec(version);
    if (!m || Number(m[1]) > serverMinor) return `v1.${serverMinor}`;
    return version;
}

const pssPolicies = policies.filter((p): p is StackPolicy => p.name.startsWith("pss-") && p.kind === "stack");

/** The pack's pss-* findings for a fixture, in a namespace labelled with its level at the effective version. */
export function packFindings(fx: Fixture, serverMinor: number): string[] {
    const ns = "psa-differential";
    const namespace: PolicyResource = {
        type: "kubernetes:core/v1:Namespace",
        name: ns,
        urn: `urn:pulumi:e2e::psa::kubernetes:core/v1:Namespace::${ns}`,
        props: {
            apiVersion: "v1",
            kind: "Namespace",
            metadata: {
                name: ns,
                labels: {
                    "pod-security.kubernetes.io/enforce": fx.level,
                    "pod-security.kubernetes.io/enforce-version": effectiveVersion(fx.version, serverMinor),
                },
            },
        },
    };
    const name = String(fx.pod.metadata?.name ?? "pod");
    const pod: PolicyResource = {
        type: "kubernetes:core/v1:Pod",
        name,
        urn: `urn:pulumi:e2e::psa::kubernetes:core/v1:Pod::${name}`,
        props: { ...fx.pod, metadata: { ...(fx.pod.metadata ?? {}), namespace: ns } },
    };
    // The default level is the opposite of the fixture's, so only the namespace label can decide.
    const config = { defaultLevel: fx.level === "restricted" ? "baseline" : "restricted", exemptions: [] };
    return pssPolicies.flatMap((p) =>
        p.check([namespace, pod], config).map((f) => `${p.name}: ${f.message}`),
    );
}

/** Namespace name for a level and label version: `psa-restricted-v1-37`. */
export function namespaceFor(level: Level, version: string): string {
    return `psa-${level}-${version.replace(/\./g, "-")}`;
}

/** Runs the differential over a loaded corpus. */
export async function runDifferential(
    client: KubeClient,
    corpus: { fixtures: Fixture[]; unanalyzed: Unanalyzed[] },
    serverMinor: number,
): Promise<DifferentialReport> {
    const unanalyzed = [...corpus.unanalyzed];
    const made = new Set<string>();
    const comparisons: Comparison[] = [];
    for (const fx of corpus.fixtures) {
        const ns = namespaceFor(fx.level, fx.version);
        if (!made.has(ns)) {
            const r = await client.request("POST", "/api/v1/namespaces", {
                apiVersion: "v1",
                kind: "Namespace",
                metadata: {
                    name: ns,
                    labels: {
                        "pod-security.kubernetes.io/enforce": fx.level,
                        "pod-security.kubernetes.io/enforce-version": fx.version,
                    },
                },
            });
            if (r.status !== 201 && r.status !== 409)
                throw new Error(`namespace ${ns}: ${r.status}: ${statusMessage(r)}`);
            await ensureDefaultServiceAccount(client, ns);
            made.add(ns);
        }
        // Upstream's fixture names keep the check ID's underscore (`base_linux`), which is no valid object name; the
        // name has no part in Pod Security, so the server sees it with `-`.
        const name = String(fx.pod.metadata?.name ?? "pod")
            .toLowerCase()
            .replace(/[^a-z0-9.-]/g, "-");
        const pod = { ...fx.pod, metadata: { ...(fx.pod.metadata ?? {}), name, namespace: ns } };
        const r = await client.request("POST", `/api/v1/namespaces/${ns}/pods?dryRun=All`, pod);
        let server: "allowed" | "denied";
        let byValidation = false;
        if (r.status === 201 || r.status === 200) server = "allowed";
        else if (r.status === 403 && /violates PodSecurity/.test(statusMessage(r))) server = "denied";
        else if (
            r.status === 422 &&
            fx.version !== "latest" &&
            effectiveVersion(fx.version, serverMinor) !== fx.version
        ) {
            // The server validates before validating admission: a pod that only a newer API accepts (e.g. procMount
            // Unmasked without hostUsers: false before 1.35) is refused without PSA being asked. Counted as refused,
            // and reported as such.
            server = "denied";
            byValidation = true;
        } else {
            // Refused for another reason (validation, another plugin): PSA's verdict is not known.
            unanalyzed.push({ file: fx.file, reason: `server answered ${r.status}: ${statusMessage(r)}` });
            continue;
        }
        const findings = packFindings(fx, serverMinor);
        const pack = findings.length > 0 ? "denied" : "allowed";
        comparisons.push({
            fixture: fx,
            server,
            pack,
            serverMessage: server === "denied" ? statusMessage(r) : "",
            byValidation,
            packFindings: findings,
            agree: server === pack,
        });
    }
    const agree = comparisons.filter((c) => c.agree).length;
    return { comparisons, unanalyzed, agree, disagree: comparisons.length - agree };
}

/** The report's lines: one per fixture, `agree`/`DISAGREE`, then the not-analyzed files. */
export function differentialLines(rep: DifferentialReport, serverMinor: number): string[] {
    const lines: string[] = [];
    for (const c of rep.comparisons) {
        const fx = c.fixture;
        const at = `${fx.level}:${fx.version}` + (effectiveVersion(fx.version, serverMinor) !== fx.version ? ` (server: v1.${serverMinor})` : ""); // prettier-ignore
        const path = fx.expected && (fx.expected === "pass") !== (c.server === "allowed") ? `; path says ${fx.expected}` : ""; // prettier-ignore
        const how = c.byValidation ? " (server: by API validation, before PSA)" : "";
        if (c.agree) lines.push(`agree     ${fx.file}  ${at}  both ${c.server}${how}${path}`);
        else
            lines.push(
                `DISAGREE  ${fx.file}  ${at}  server ${c.server}${how}, pack ${c.pack}${path}` +
                    (c.serverMessage ? `\n          server: ${c.serverMessage}` : "") +
                    (c.packFindings.length ? `\n          pack: ${c.packFindings.join(" | ")}` : ""),
            );
    }
    for (const u of rep.unanalyzed) lines.push(`NOT ANALYZED  ${u.file}: ${u.reason}`);
    return lines;
}

/** `psa-differential: 148 agree, 0 disagree, 0 not analyzed (2 refused by API validation before PSA: ...)`. */
export function differentialSummary(rep: DifferentialReport): string {
    const v = rep.comparisons.filter((c) => c.byValidation).length;
    return (
        `psa-differential: ${rep.agree} agree, ${rep.disagree} disagree, ${rep.unanalyzed.length} not analyzed` +
        (v ? ` (${v} refused by API validation before PSA: their version is newer than the server)` : "")
    );
}
