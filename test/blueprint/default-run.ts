/**
 * The blueprint's default stack under the guard, with its reviewed policy config (what `npm run guard` reports), run
 * in process once per Jest run and shared by the test files that inspect it (test/lib/shared-runs.ts): the
 * GuardResult as JSON, which is how its parts reach the guard anyway (the program's resources over IPC, the
 * diagnostics over gRPC). Each caller gets its own copy.
 */
import { blueprintPolicyConfig } from "../../guard/cli";
import { GuardResult, runGuard } from "../../guard/run";
import { shared } from "../lib/shared-runs";

export function defaultBlueprintRun(): Promise<GuardResult> {
    return shared(["runGuard", "blueprint", "default", "blueprint policy config"], () =>
        runGuard({ policyConfig: blueprintPolicyConfig, log: () => undefined }),
    );
}
