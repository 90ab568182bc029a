/**
 * The `--json` document as pieces of text, exactly `JSON.stringify(doc, null, 2)` of report.ts `toJson` plus the
 * extra sections, without building the document: each resource is written from its inputs as they are (they are
 * redacted first only when their text shows a secret or unknown marker, which is what `redact` changes), one at a
 * time, so that the report of 10,000 objects is neither a second copy of every object nor one string of it all.
 */
import { GuardResource, secretSig, unknownValue } from "./model";
import { jsonResource, jsonViolations, summarize } from "./report";
import type { GuardResult } from "./run";

/** JSON.stringify(value, null, 2) as it appears `indent` deep in a document written with 2 spaces. */
function nested(value: unknown, indent: string): string {
    return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}

/** Resources written per batch: one JSON.stringify call for many entries, already at their indentation. */
const batchSize = 100;

/**
 * Resources `from`..`to` as they appear in the document's `resources` array: `JSON.stringify({ r: batch }, null, 2)`
 * writes each entry four spaces deep, as in the document, between a fixed head and tail. `redact` changes nothing but
 * secrets and unknowns, whose markers then appear in the text: a text without them is the redacted one (anything
 * else is written from redacted copies).
 */
function resourcesText(resources: GuardResource[], from: number, to: number): string {
    const batch = resources.slice(from, to);
    let text = JSON.stringify({ r: batch.map((r) => jsonResource(r, r.inputs)) }, null, 2);
    if (text.includes(secretSig) || text.includes(unknownValue))
        text = JSON.stringify({ r: batch.map((r) => jsonResource(r)) }, null, 2);
    return text.slice(head.length, text.length - tail.length);
}
const head = '{\n  "r": [\n    ';
const tail = "\n  ]\n}";

/** The pieces of the `--json` document; `extra` sections (baseline, reachability) follow in their order. */
export function* jsonReportPieces(
    result: GuardResult,
    extra: Record<string, unknown> = {},
): Generator<string> {
    yield '{\n  "resources": ';
    if (result.resources.length === 0) yield "[]";
    else {
        yield "[\n    ";
        for (let i = 0; i < result.resources.length; i += batchSize) {
            if (i) yield ",\n    ";
            yield resourcesText(result.resources, i, i + batchSize);
        }
        yield "\n  ]";
    }
    const rest: Record<string, unknown> = {
        violations: jsonViolations(result),
        summary: summarize(result),
        exemptions: result.exemptions,
        ...extra,
    };
    for (const [k, v] of Object.entries(rest)) {
        if (v === undefined) continue;
        yield `,\n  ${JSON.stringify(k)}: ${nested(v, "  ")}`;
    }
    yield "\n}";
}
