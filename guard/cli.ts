/**
 * `npm run guard -- [options]`: an offline `pulumi preview --policy-pack ./policy-pack`.
 * Exit codes: 0 no mandatory violation; 1 mandatory violations; 2 bad invocation or unreadable/invalid input.
 */
import { parseArgs } from "util";
import { GuardInputError } from "./model";
import * as path from "path";
import { exitOnSignals, killAllGroups } from "./processes";
import { GuardOptions, projectRoot, runGuard } from "./run";

/** The blueprint's reviewed exemptions, applied by default when the guard previews the blueprint itself. */
export const blueprintPolicyConfig = path.join(projectRoot, "policy-pack", "blueprint.policy-config.json");

export const usage = `usage: npm run guard -- [mode] [options]
modes (one at most; default: the blueprint program index.ts):
  --program PATH            run another Pulumi program in its own process: a directory with Pulumi.yaml (its main:
                            and runtime.options are honoured) or with index.ts, or a file
  --manifests PATH...       Kubernetes YAML/JSON files or directories
  --state FILE              a 'pulumi stack export' document (version 3)
options:
  --stack NAME              overlay Pulumi.NAME.yaml on Pulumi.yaml's config defaults (program mode)
  --config key=value        set a config value (repeatable)
  --policy-pack DIR         the policy pack (default ./policy-pack)
  --policy-config FILE      policy config, as for pulumi preview --policy-pack-config (alias --policy-pack-config);
                            default for the blueprint itself: policy-pack/blueprint.policy-config.json
  --chart-dir DIR           chart sources to render Helm releases with: DIR/<chart>-<version>/ or DIR/<chart>/
                            (as 'helm pull --untar' leaves it); releases whose chart is not there are reported
  --helm PATH               the helm binary that renders them (default: helm on PATH)
  --timeout SECONDS         bound the whole run (default 300); on timeout exit 2 and stop everything started
  --invokes FILE            JSON {"<invoke token>": {<result>}} replacing the offline invoke answers (program mode)
  --reachability            print the NetworkPolicy reachability matrix (text and json formats)
  --format FORMAT           text (default), json, sarif (SARIF 2.1.0, for code scanning) or junit (JUnit XML)
  --json                    alias of --format json: one JSON document on stdout and nothing else
  --output FILE             write the report to FILE instead of stdout (progress and errors stay on stderr)
  --fail-on LEVEL           exit 1 on violations of at least LEVEL: mandatory (default), advisory, or none
  --write-baseline FILE     record this run's violations (by fingerprint: policy, resource, field; no lines)
  --baseline FILE           report and fail on only the violations not in FILE; list entries no longer found`;

export const formats = ["text", "json", "sarif", "junit"] as const;
export type Format = (typeof formats)[number];
export const failOnLevels = ["mandatory", "advisory", "none"] as const;
export type FailOn = (typeof failOnLevels)[number];

export interface ParsedArgs {
    opts: GuardOptions;
    /** Report format; `--json` is `json`. */
    format: Format;
    /** Kept for callers of the `--json` era: format === "json". */
    json: boolean;
    output?: string;
    failOn: FailOn;
    baseline?: string;
    writeBaseline?: string;
    reachability: boolean;
    help: boolean;
    /** Bound of the whole run, in seconds. */
    timeout: number;
}

export const defaultTimeoutSeconds = 300;

export function parseCli(argv: string[]): ParsedArgs {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            allowPositionals: true,
            strict: true,
            options: {
                program: { type: "string" },
                manifests: { type: "boolean" },
                state: { type: "string" },
                stack: { type: "string" },
                config: { type: "string", multiple: true },
                "policy-pack": { type: "string" },
                "policy-config": { type: "string" },
                "policy-pack-config": { type: "string" },
                "chart-dir": { type: "string" },
                helm: { type: "string" },
                invokes: { type: "string" },
                reachability: { type: "boolean" },
                timeout: { type: "string" },
                json: { type: "boolean" },
                format: { type: "string" },
                output: { type: "string" },
                "fail-on": { type: "string" },
                baseline: { type: "string" },
                "write-baseline": { type: "string" },
                help: { type: "boolean", short: "h" },
            },
        });
    } catch (e) {
        throw new GuardInputError((e as Error).message.split("\n")[0]);
    }
    const v = parsed.values;
    const timeout = v.timeout === undefined ? defaultTimeoutSeconds : Number(v.timeout);
    if (!(timeout > 0) || !Number.isFinite(timeout))
        throw new GuardInputError(`--timeout ${v.timeout}: expected a positive number of seconds`);
    if (v.format !== undefined && !(formats as readonly string[]).includes(v.format))
        throw new GuardInputError(`--format ${v.format}: expected one of ${formats.join(", ")}`);
    if (v.json && v.format !== undefined && v.format !== "json")
        throw new GuardInputError(`--json is --format json; it cannot be combined with --format ${v.format}`);
    const format: Format = v.json ? "json" : ((v.format as Format | undefined) ?? "text");
    if (v["fail-on"] !== undefined && !(failOnLevels as readonly string[]).includes(v["fail-on"]))
        throw new GuardInputError(`--fail-on ${v["fail-on"]}: expected one of ${failOnLevels.join(", ")}`);
    if (v.reachability && (format === "sarif" || format === "junit"))
        throw new GuardInputError(
            `--reachability is printed in the text and json formats only, not ${format}`,
        );
    for (const k of ["output", "baseline", "write-baseline"] as const)
        if (v[k] === "") throw new GuardInputError(`--${k}: expected a file name`);
    const modes = [v.program !== undefined, !!v.manifests, v.state !== undefined].filter(Boolean).length;
    if (modes > 1) throw new GuardInputError("choose one input mode: --program, --manifests or --state");
    if (v.manifests && parsed.positionals.length === 0)
        throw new GuardInputError("--manifests needs at least one file or directory");
    if (v.invokes !== undefined && (v.manifests || v.state !== undefined))
        throw new GuardInputError("--invokes applies to program mode only (no --manifests or --state)");
    if (!v.manifests && parsed.positionals.length > 0)
        throw new GuardInputError(`unexpected argument ${parsed.positionals[0]}`);
    // The blueprint itself is previewed with its reviewed exemptions, as its README's `pulumi preview` command does.
    const blueprintDefault = !v.program && !v.manifests && v.state === undefined;
    const policyConfig =
        v["policy-config"] ??
        v["policy-pack-config"] ??
        (blueprintDefault && !v["policy-pack"] ? blueprintPolicyConfig : undefined);
    return {
        opts: {
            program: v.program,
            manifests: v.manifests ? parsed.positionals : undefined,
            state: v.state,
            stack: v.stack,
            config: v.config ?? [],
            policyPack: v["policy-pack"],
            policyConfig,
            chartDir: v["chart-dir"],
            helm: v.helm,
            invokes: v.invokes,
        },
        format,
        json: format === "json",
        ...(v.output !== undefined ? { output: v.output } : {}),
        failOn: (v["fail-on"] as FailOn | undefined) ?? "mandatory",
        ...(v.baseline !== undefined ? { baseline: v.baseline } : {}),
        ...(v["write-baseline"] !== undefined ? { writeBaseline: v["write-baseline"] } : {}),
        reachability: !!v.reachability,
        help: !!v.help,
        timeout,
    };
}

/** Message of an error that should reach the user as one or more plain lines (no stack). */
function userMessage(e: unknown): string | undefined {
    if (e instanceof GuardInputError) return e.message;
    const err = e as { __pulumiRunError?: boolean; message?: string; name?: string };
    if (err?.__pulumiRunError || err?.name === "ConfigError") return err.message;
    return undefined;
}

export async function main(argv: string[]): Promise<number> {
    // Everything but the report goes to stderr, so that `--json` leaves one document on stdout.
    console.log = (...a: unknown[]) => console.error(...a);
    console.info = console.log;
    // SIGINT/SIGTERM end everything the guard started, with one line and exit 2.
    const removeSignalHandlers = exitOnSignals((l) => process.stderr.write(`guard: ${l}\n`));
    try {
        const args = parseCli(argv);
        if (args.help) {
            process.stderr.write(`${usage}\n`);
            return 0;
        }
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
                killAllGroups();
                reject(
                    new GuardInputError(
                        `timed out after ${args.timeout} s (--timeout); stopped the program and the policy pack`,
                    ),
                );
            }, args.timeout * 1000);
        });
        const result = await Promise.race([
            runGuard({ ...args.opts, log: (l) => process.stderr.write(`${l}\n`) }),
            timedOut,
        ]).finally(() => clearTimeout(timer));
        // Fingerprints, baselines, the report in the chosen format and the exit code: guard/output.ts.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { finishRun } = require("./output") as typeof import("./output");
        return await finishRun(result, args);
    } catch (e) {
        const msg = userMessage(e);
        if (msg !== undefined) {
            process.stderr.write(
                `${msg
                    .split("\n")
                    .map((l) => `guard: ${l}`)
                    .join("\n")}\n`,
            );
        } else {
            const err = e as Error;
            process.stderr.write(`guard: ${err?.message?.split("\n")[0] ?? String(e)}\n`);
            if (process.env.GUARD_DEBUG) process.stderr.write(`${err?.stack}\n`);
        }
        return 2;
    } finally {
        killAllGroups();
        removeSignalHandlers();
    }
}
