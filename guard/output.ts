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
import { toJson, toText } from "./report";
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
    if (args.format === "sarif")
        return `${JSON.stringify(toSarif(result, { version: version(), baseline }), null, 2)}\n`;
    if (args.format === "junit") return `${toJunit(result)}\n`;
    const doc: Record<string, unknown> = { ...toJson(result) };
    let text = toText(result);
    if (baseline) {
        doc.baseline = {
            file: baseline.file,
            accepted: baseline.suppressed.length,
            noLongerOccur: baseline.gone,
        };
        text = `${text}\n${baselineText(baseline)}`;
    }
    if (args.reachability) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const reach = require("./reachability") as typeof import("./reachability");
        const r = reach.reachabilityOf(result.resources);
        doc.reachability = r.json;
        text = `${r.text}\n\n${text}`;
    }
    return args.format === "json" ? `${JSON.stringify(doc, null, 2)}\n` : `${text}\n`;
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
    const report = render(result, args, baseline);
    if (args.output) {
        try {
            fs.writeFileSync(args.output, report);
        } catch (e) {
            throw new GuardInputError(`--output ${args.output}: ${(e as Error).message.split("\n")[0]}`);
        }
        process.stderr.write(`guard: ${args.format} report written to ${args.output}\n`);
    } else {
        // Wait for the write to drain: the process exits right after, and a pipe would otherwise be cut short.
        await new Promise<void>((resolve) => process.stdout.write(report, () => resolve()));
    }
    // The violations just written to a new baseline are accepted by it.
    if (args.writeBaseline && !args.baseline) return 0;
    return exitCodeFor(result, args.failOn);
}
