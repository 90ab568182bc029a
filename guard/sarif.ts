/**
 * `--format sarif`: SARIF 2.1.0 (OASIS), one run. Rules come from the pack's catalogue metadata (GetAnalyzerInfo):
 * id, short and full description, help with the remediation, `properties.tags` with the CIS/PSS/brief references,
 * `defaultConfiguration.level`. Each violation is a result with its rule, level (mandatory -> error, advisory ->
 * warning), message, locations (see locations.ts) and `partialFingerprints` that do not depend on lines.
 */
import { fingerprints } from "./fingerprint";
import { ReportLocation, relativeLocation } from "./locations";
import type { PolicyInfo } from "./policy-config";
import type { GuardResult, Violation } from "./run";
import type { BaselineOutcome } from "./baseline";

export const sarifSchemaUri =
    "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json";
export const toolName = "hardened-cluster-blueprint guard";
/** Key of our fingerprint in `partialFingerprints` (versioned, as SARIF recommends). */
export const fingerprintKey = "blueprintGuardFingerprint/v1";

type Json = Record<string, unknown>;

/** mandatory -> error, advisory -> warning; disabled -> none. */
export function sarifLevel(level: string): "error" | "warning" | "note" | "none" {
    if (level === "mandatory" || level === "remediate") return "error";
    if (level === "advisory") return "warning";
    if (level === "disabled") return "none";
    return "note";
}

/** GitHub code scanning ranks security results by `security-severity` (0-10). */
const securitySeverity: Record<string, string> = { low: "3.0", medium: "5.5", high: "8.0", critical: "9.5" };

function rule(p: PolicyInfo): Json {
    const description = p.description ?? p.name;
    const facts = [
        p.severity ? `Severity: ${p.severity}.` : undefined,
        `Enforcement: ${p.enforcementLevel}.`,
        p.tags?.length ? `References: ${p.tags.join("; ")}.` : undefined,
    ].filter(Boolean);
    const help = p.remediation ? `Remediation: ${p.remediation}` : description;
    return {
        id: p.name,
        name: p.name,
        shortDescription: { text: description },
        fullDescription: { text: `${description} ${facts.join(" ")}` },
        help: { text: help, markdown: `**Remediation.** ${p.remediation ?? description}` },
        ...(p.url ? { helpUri: p.url } : {}),
        defaultConfiguration: {
            level: p.enforcementLevel === "disabled" ? "none" : sarifLevel(p.enforcementLevel),
            enabled: p.enforcementLevel !== "disabled",
        },
        properties: {
            tags: ["security", ...(p.tags ?? [])],
            ...(p.severity ? { "security-severity": securitySeverity[p.severity] } : {}),
        },
    };
}

function physical(l: ReportLocation): Json {
    return {
        artifactLocation: { uri: encodeURI(l.file) },
        region: { startLine: l.line, startColumn: l.column },
    };
}

/** The finding part of a CrossGuard message ("<description>\n<what was found>"). */
export function findingText(v: Violation): string {
    const [description, ...found] = v.message.split("\n");
    const text = found.join(" ").trim() || description;
    return v.path ? `${text} (field ${v.path})` : text;
}

function result(v: Violation, fingerprint: string, ruleIndex: Map<string, number>, cwd: string): Json {
    const location: Json = {
        ...(v.location ? { physicalLocation: physical(relativeLocation(v.location, cwd)) } : {}),
        logicalLocations: [{ fullyQualifiedName: v.urn || "(stack)", kind: "resource" }],
    };
    return {
        ruleId: v.policy,
        ...(ruleIndex.has(v.policy) ? { ruleIndex: ruleIndex.get(v.policy) } : {}),
        level: sarifLevel(v.level),
        message: { text: findingText(v) },
        locations: [location],
        ...(v.related
            ? {
                  relatedLocations: [
                      {
                          id: 1,
                          physicalLocation: physical(relativeLocation(v.related, cwd)),
                          message: { text: `${v.type} "${v.name}" is declared here` },
                      },
                  ],
              }
            : {}),
        partialFingerprints: { [fingerprintKey]: fingerprint },
        properties: {
            policyPack: v.policyPack,
            enforcementLevel: v.level,
            urn: v.urn,
            type: v.type,
            name: v.name,
            ...(v.path ? { path: v.path } : {}),
            ...(v.source ? { source: v.source } : {}),
        },
    };
}

export function toSarif(
    r: GuardResult,
    opts: { version: string; baseline?: BaselineOutcome; cwd?: string } = { version: "0.0.0" },
): Json {
    const cwd = opts.cwd ?? process.cwd();
    const policies: PolicyInfo[] = [...r.policies];
    const known = new Set(policies.map((p) => p.name));
    for (const v of r.violations) {
        if (known.has(v.policy)) continue;
        known.add(v.policy);
        policies.push({
            name: v.policy,
            enforcementLevel: "advisory",
            description:
                v.policy === "not-analyzed"
                    ? "The guard reports what it could not analyze instead of passing it silently."
                    : `Findings of ${v.policyPack}/${v.policy}.`,
        });
    }
    const ruleIndex = new Map(policies.map((p, i) => [p.name, i]));
    // Fingerprints are assigned over the whole run (before a baseline filters it), so they do not shift.
    const computed = fingerprints(r.violations, r.mode, cwd);
    const fps = r.violations.map((v, i) => v.fingerprint ?? computed[i]);
    const notifications = (opts.baseline?.gone ?? []).map((e) => ({
        level: "note",
        message: {
            text: `baseline entry no longer occurs (remove it from the baseline): ${e.policy} on ${e.resource}${e.path ? ` at ${e.path}` : ""}`,
        },
    }));
    return {
        $schema: sarifSchemaUri,
        version: "2.1.0",
        runs: [
            {
                tool: {
                    driver: {
                        name: toolName,
                        version: opts.version,
                        rules: policies.map(rule),
                    },
                },
                invocations: [
                    {
                        executionSuccessful: true,
                        ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
                    },
                ],
                results: r.violations.map((v, i) => result(v, fps[i], ruleIndex, cwd)),
                properties: {
                    mode: r.mode,
                    policyPack: r.policyPack,
                    resources: r.resources.length,
                    ...(opts.baseline ? { baselineSuppressed: opts.baseline.suppressed.length } : {}),
                },
            },
        ],
    };
}
