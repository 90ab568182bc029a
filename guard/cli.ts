/**
 * `npm run guard -- [options]`: an offline `pulumi preview --policy-pack ./policy-pack`.
 * Exit codes: 0 no mandatory violation; 1 mandatory violations; 2 bad invocation or unreadable/invalid input.
 */
import { parseArgs } from "util";
import { GuardInputError } from "./model";
import { toJson, toText } from "./report";
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
  --reachability            print the NetworkPolicy reachability matrix
  --json                    print one JSON document on stdout and nothing else`;

export interface ParsedArgs {
    opts: GuardOptions;
    json: boolean;
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
                reachability: { type: "boolean" },
                timeout: { type: "string" },
                json: { type: "boolean" },
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
    const modes = [v.program !== undefined, !!v.manifests, v.state !== undefined].filter(Boolean).length;
    if (modes > 1) throw new GuardInputError("choose one input mode: --program, --manifests or --state");
    if (v.manifests && parsed.positionals.length === 0)
        throw new GuardInputError("--manifests needs at least one file or directory");
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
        },
        json: !!v.json,
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
        const doc: Record<string, unknown> = { ...toJson(result) };
        let text = toText(result);
        if (args.reachability) {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const reach = require("./reachability") as typeof import("./reachability");
            const r = reach.reachabilityOf(result.resources);
            doc.reachability = r.json;
            text = `${r.text}\n\n${text}`;
        }
        // Wait for the write to drain: the process exits right after, and a pipe would otherwise be cut short.
        await new Promise<void>((resolve) =>
            process.stdout.write(args.json ? `${JSON.stringify(doc, null, 2)}\n` : `${text}\n`, () =>
                resolve(),
            ),
        );
        return result.violations.some((v) => v.level === "mandatory") ? 1 : 0;
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
