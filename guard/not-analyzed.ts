/**
 * What the guard could not look at is reported, never silently passed: an advisory finding
 * `not analyzed: <urn>: <why>` from the guard itself (policy pack "guard", policy "not-analyzed").
 * Used for resources whose children only exist in a real engine (Helm releases without helm or the chart source,
 * `helm.v4.Chart`, remote components) and for state resources whose inputs are encrypted secrets.
 */
import type { Violation } from "./run";

export const notAnalyzedPolicy = "not-analyzed";
export const guardPackName = "guard";

export function notAnalyzed(
    resource: { urn: string; type: string; name: string; source?: string },
    why: string,
): Violation {
    return {
        policyPack: guardPackName,
        policy: notAnalyzedPolicy,
        level: "advisory",
        urn: resource.urn,
        type: resource.type,
        name: resource.name,
        message: `not analyzed: ${resource.urn}: ${why}`,
        ...(resource.source ? { source: resource.source } : {}),
    };
}
