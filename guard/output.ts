/**
 * After a run: fingerprints, `--write-baseline` / `--baseline`, the report in the chosen `--format` (to stdout or
 * `--output FILE`), and the exit code from `--fail-on`.
 */
import * as fs from "fs";
import * as path from "path";
import { applyBaseline, BaselineOutcome, loadBaseline, writeBaseline } from "./baseline";
import type { ParsedArgs } from "./cli";
import { assignFingerprints } from "./fingerprint";
import { toJunit } from "./junit";
import { GuardInputError } from "./model";
import { toText } from "./report";
import { jsonReportPieces } from "./report-json";
import { GuardResult, projectRoot } from "./run";
import { toSarif } from "./sarif";

/** The exit code `--fail-on` asks for: 1 when a (non-baselined) violation is at or above the threshold. */
export function exitCodeFor(result: Pick<GuardResult, "violations">, failOn: ParsedArgs["failOn"]): number {
    if (failOn === "none") return 0;
    const levels =
        failOn === "advisory" ? ["mandatory", "remediate", "advisory"] : ["mandatory", "remediate"];
    return result.violations.some((v) => levels.includes(v.level)) ? 1 : 0;
}

function version(): string {
    try {
        return (
            JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")) as { version: string }
        ).version;
    } catch {
        return "0.0.0";
    }
}

function baselineText(b: BaselineOutcome): string {
    const out = [
        `Baseline ${b.file}: ${b.suppressed.length} known violation(s) accepted; ${b.gone.length} entr${b.gone.length === 1 ? "y" : "ies"} no longer occur${b.gone.length === 1 ? "s" : ""}${b.gone.length ? " (remove them from the baseline):" : ""}`,
    ];
    for (const e of b.gone)
        out.push(`  ${e.policy}: ${e.resource}${e.path ? ` at ${e.path}` : ""}  [${e.fingerprint}]`);
    return out.join("\n");
}

/** Renders the report; returns the text to write. */
export function render(
    result: GuardResult,
    args: Pick<ParsedArgs, "format" | "reachability">,
    baseline?: BaselineOutcome,
): string {
    return [...renderPieces(result, args, baseline)].join("");
}

/** The report as pieces of text, in order (the `--json` document one resource at a time: guard/report-json.ts). */
export function* renderPieces(
    result: GuardResult,
    args: Pick<ParsedArgs, "format" | "reachability">,
    baseline?: BaselineOutcome,
): Generator<string> {
    if (args.format === "sarif") {
        yield `${JSON.stringify(toSarif(result, { version: version(), baseline }), null, 2)}\n`;
        return;
    }
    if (args.format === "junit") {
        yield `${toJunit(result)}\n`;
        return;
    }
    const json = args.format === "json";
    const extra: Record<string, unknown> = {};
    let text = json ? "" : toText(result);
    if (baseline) {
        extra.baseline = {
            file: baseline.file,
            accepted: baseline.suppressed.length,
            noLongerOccur: baseline.gone,
        };
        if (!json) text = `${text}\n${baselineText(baseline)}`;
    }
    if (args.reachability) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const reach = require("./reachability") as typeof import("./reachability");
        const r = reach.reachabilityOf(result.resources);
        extra.reachability = r.json;
        if (!json) text = `${r.text}\n\n${text}`;
    }
    if (!json) {
        yield `${text}\n`;
        return;
    }
    yield* jsonReportPieces(result, extra);
    yield "\n";
}

/** Pieces joined into writes of about a megabyte. */
function* batches(pieces: Iterable<string>): Generator<string> {
    let buf: string[] = [];
    let size = 0;
    for (const p of pieces) {
        buf.push(p);
        size += p.length;
        if (size >= 1 << 20) {
            yield buf.join("");
            buf = [];
            size = 0;
        }
    }
    if (buf.length) yield buf.join("");
}

export async function finishRun(result: GuardResult, args: ParsedArgs): Promise<number> {
    assignFingerprints(result);
    if (args.writeBaseline) {
        writeBaseline(args.writeBaseline, result);
        process.stderr.write(
            `guard: wrote ${result.violations.length} violation(s) to the baseline ${args.writeBaseline}\n`,
        );
    }
    const baseline = args.baseline
        ? applyBaseline(result, loadBaseline(args.baseline), args.baseline)
        : undefined;
    // Written as it is rendered, a megabyte at a time: the report of 10,000 objects is never one string.
    const report = batches(renderPieces(result, args, baseline));
    if (args.output) {
        const output = args.output;
        const io = <T>(f: () => T): T => {
            try {
                return f();
            } catch (e) {
                throw new GuardInputError(`--output ${output}: ${(e as Error).message.split("\n")[0]}`);
            }
        };
        const fd = io(() => fs.openSync(output, "w"));
        try {
            for (const b of report) io(() => fs.writeSync(fd, b));
        } finally {
            fs.closeSync(fd);
        }
        process.stderr.write(`guard: ${args.format} report written to ${args.output}\n`);
    } else {
        // Wait for the last write to drain: the process exits right after, and a pipe would otherwise be cut short.
        let last: string | undefined;
        for (const b of report) {
            if (last !== undefined) process.stdout.write(last);
            last = b;
        }
        await new Promise<void>((resolve) => process.stdout.write(last ?? "", () => resolve()));
    }
    // The violations just written to a new baseline are accepted by it.
    if (args.writeBaseline && !args.baseline) return 0;
    return exitCodeFor(result, args.failOn);
}
