/**
 * The blueprint's default stack under the guard, with its reviewed policy config (what `npm run guard` reports), run
 * in process once per Jest run and shared by the test files that inspect it (test/lib/shared-runs.ts): the
 * GuardResult as JSON, which is how its parts reach the guard anyway (the program's resources over IPC, the
 * diagnostics over gRPC). Each caller gets its own copy.
 */
import { blueprintPolicyConfig, parseCli } from "../../guard/cli";
import { assignFingerprints } from "../../guard/fingerprint";
import { exitCodeFor, render } from "../../guard/output";
import { GuardResult, runGuard } from "../../guard/run";
import { CliRun, shared } from "../lib/shared-runs";

interface Run {
    result: GuardResult;
    /** What the run logged (the CLI writes these lines to stderr). */
    log: string[];
}

function run(): Promise<Run> {
    return shared(["runGuard", "blueprint", "default", "blueprint policy config", "with log"], async () => {
        const log: string[] = [];
        const result = await runGuard({ policyConfig: blueprintPolicyConfig, log: (l) => log.push(l) });
        return { result, log };
    });
}

export async function defaultBlueprintRun(): Promise<GuardResult> {
    return (await run()).result;
}

/**
 * `guard --json` on the default stack, as the CLI answers it (exit code, stdout, stderr) but from the same shared
 * run, for the tests that read the graph it captured rather than the CLI process: the CLI's own steps after the run
 * (guard/cli.ts main -> guard/output.ts finishRun: fingerprints, the JSON report, the exit code for --fail-on
 * mandatory). The CLI process itself is tested by test/guard/cli.test.ts and hostile.test.ts.
 */
export async function defaultBlueprintJson(): Promise<CliRun> {
    const { result, log } = await run();
    const args = parseCli(["--json"]);
    assignFingerprints(result);
    return {
        code: exitCodeFor(result, args.failOn),
        stdout: render(result, args),
        stderr: log.map((l) => `${l}\n`).join(""),
    };
}
