/**
 * `--format junit`: JUnit XML as CI systems read it. One <testsuite> per policy in effect, one <testcase> per
 * evaluated (resource, policy) pair, a <failure> per violation of that pair. The pack evaluates every custom
 * resource (Analyze) and the whole stack (AnalyzeStack); the guard does not know which policy skips which type,
 * so each policy gets a testcase for every custom resource, plus one for any other resource it reported on.
 */
import { relativeLocation } from "./locations";
import type { GuardResult, Violation } from "./run";
import { findingText } from "./sarif";

/** XML 1.0 text: escapes markup and drops characters XML cannot carry. */
export function xmlEscape(s: string): string {
    return (
        s
            // eslint-disable-next-line no-control-regex
            .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "\uFFFD")
            .replace(/&/g, "&amp;")
            .replace(/</g, "&lt;")
            .replace(/>/g, "&gt;")
            .replace(/"/g, "&quot;")
            .replace(/'/g, "&apos;")
    );
}

interface Case {
    urn: string;
    type: string;
    name: string;
    failures: Violation[];
}

export function toJunit(r: GuardResult): string {
    const evaluated = r.resources.filter((x) => x.custom);
    const suites = new Map<string, { level: string; cases: Map<string, Case> }>();
    for (const p of r.policies) {
        if (p.enforcementLevel === "disabled") continue;
        const cases = new Map<string, Case>();
        for (const x of evaluated) cases.set(x.urn, { urn: x.urn, type: x.type, name: x.name, failures: [] });
        suites.set(p.name, { level: p.enforcementLevel, cases });
    }
    for (const v of r.violations) {
        let suite = suites.get(v.policy);
        if (!suite) {
            suite = { level: v.level, cases: new Map() };
            suites.set(v.policy, suite);
        }
        let c = suite.cases.get(v.urn);
        if (!c) {
            c = { urn: v.urn, type: v.type, name: v.name, failures: [] };
            suite.cases.set(v.urn, c);
        }
        c.failures.push(v);
    }
    const lines: string[] = [];
    let tests = 0;
    let failures = 0;
    const body: string[] = [];
    for (const [policy, s] of [...suites].sort(([a], [b]) => a.localeCompare(b))) {
        const cases = [...s.cases.values()];
        const failed = cases.filter((c) => c.failures.length).length;
        tests += cases.length;
        failures += failed;
        body.push(
            `  <testsuite name="${xmlEscape(policy)}" tests="${cases.length}" failures="${failed}" errors="0" skipped="0">`,
        );
        body.push(
            `    <properties><property name="enforcementLevel" value="${xmlEscape(s.level)}"/></properties>`,
        );
        for (const c of cases) {
            const open = `    <testcase classname="${xmlEscape(policy)}" name="${xmlEscape(`${c.type} ${c.name || c.urn}`)}"`;
            if (!c.failures.length) {
                body.push(`${open}/>`);
                continue;
            }
            body.push(`${open}>`);
            for (const v of c.failures) {
                const at = v.location ? relativeLocation(v.location) : undefined;
                const detail = [
                    v.message,
                    `urn: ${v.urn}`,
                    v.path ? `field: ${v.path}` : undefined,
                    at ? `at: ${at.file}:${at.line}:${at.column}` : undefined,
                ]
                    .filter(Boolean)
                    .join("\n");
                body.push(
                    `      <failure type="${xmlEscape(v.level)}" message="${xmlEscape(findingText(v))}">${xmlEscape(detail)}</failure>`,
                );
            }
            body.push(`    </testcase>`);
        }
        body.push(`  </testsuite>`);
    }
    lines.push(`<?xml version="1.0" encoding="UTF-8"?>`);
    lines.push(
        `<testsuites name="${xmlEscape(`${r.policyPack.name}@${r.policyPack.version}`)}" tests="${tests}" failures="${failures}" errors="0">`,
    );
    lines.push(...body);
    lines.push(`</testsuites>`);
    return lines.join("\n");
}
