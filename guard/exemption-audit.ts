/**
 * The exemptions of the reconciled policy config, as reports list them, and the ones to clean up: an exemption
 * whose selectors match no resource of the stack is reported as an ADVISORY finding of its policy (stale
 * exemptions hide the next resource that happens to match). When part of the stack was not analyzed (a Helm release
 * not rendered, a remote component), an exemption may well be meant for an object inside it: an exemption for
 * another namespace is still checked, but one without a namespace, or for the namespace of something not analyzed,
 * is not, and a warning says so instead of a false "unused". Expired exemptions are listed as expired; the pack
 * itself stops applying them and reports the violation they hid (policy-pack/lib/exemptions.ts).
 */
import { exemptionMatches, isExpired, today } from "../policy-pack/lib/exemptions";
import type { Exemption, PolicyResource } from "../policy-pack/lib/types";
import { GuardResource, isSecret } from "./model";
import type { PolicyConfigEntry } from "./policy-config";
import { notAnalyzedPolicy } from "./not-analyzed";
import type { ExemptionInEffect, Violation } from "./run";
import { rootStackType } from "./urn";

/** Wire-form values with secrets unwrapped (exemption selectors compare names and namespaces). */
function plain(v: unknown): unknown {
    if (isSecret(v)) return plain(v.value);
    if (Array.isArray(v)) return v.map(plain);
    if (typeof v === "object" && v !== null)
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
    return v;
}

/** `kind=X namespace=Y name=Z`, as reports show an exemption's selectors. */
export function selectorText(e: Pick<Exemption, "kind" | "namespace" | "name">): string {
    return [e.kind && `kind=${e.kind}`, e.namespace && `namespace=${e.namespace}`, e.name && `name=${e.name}`]
        .filter(Boolean)
        .join(" ");
}

export function auditExemptions(
    config: Record<string, PolicyConfigEntry>,
    resources: GuardResource[],
    findingsSoFar: Pick<Violation, "policy" | "urn">[],
    policyPack: string,
    on: string = today(),
): { exemptions: ExemptionInEffect[]; findings: Violation[]; warnings: string[] } {
    const notAnalyzed = findingsSoFar.filter((f) => f.policy === notAnalyzedPolicy);
    // Namespaces that hold what was not analyzed; undefined when one of them is not known.
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    let hidden: Set<string> | undefined = new Set<string>();
    for (const f of notAnalyzed) {
        const inputs = plain(byUrn.get(f.urn)?.inputs ?? {}) as {
            namespace?: unknown;
            metadata?: { namespace?: unknown };
        };
        const ns = inputs.namespace ?? inputs.metadata?.namespace;
        if (typeof ns === "string" && ns && hidden) hidden.add(ns);
        else hidden = undefined;
    }
    const undecidable = (e: Exemption) =>
        notAnalyzed.length > 0 && (!hidden || e.namespace === undefined || hidden.has(e.namespace));
    // Unwrapped copies of every resource's inputs: made only when there is an exemption to match them against.
    let candidatesOnce: PolicyResource[] | undefined;
    const candidates = (): PolicyResource[] =>
        (candidatesOnce ??= resources
            .filter((r) => r.custom && !r.synthesized)
            .map((r) => ({
                type: r.type,
                name: r.name,
                urn: r.urn,
                props: plain(r.inputs) as Record<string, unknown>,
            })));
    const root = resources.find((r) => r.type === rootStackType);
    const exemptions: ExemptionInEffect[] = [];
    const findings: Violation[] = [];
    let unchecked = 0;
    for (const [policy, c] of Object.entries(config)) {
        if (c.enforcementLevel === "disabled") continue;
        for (const e of (c.properties?.exemptions ?? []) as Exemption[]) {
            const expired = isExpired(e, on);
            exemptions.push({ policy, ...e, ...(expired ? { expired: true } : {}) });
            if (candidates().some((r) => exemptionMatches(e, r))) continue;
            if (undecidable(e)) {
                unchecked++;
                continue;
            }
            findings.push({
                policyPack,
                policy,
                level: "advisory",
                urn: root?.urn ?? "",
                type: root?.type ?? rootStackType,
                name: root?.name ?? "",
                message:
                    `Unused exemption\nexemption ${selectorText(e)} of ${policy} matches no resource in this stack: ` +
                    `remove it from the policy config (reason: ${e.reason}${e.owner ? `; owner: ${e.owner}` : ""})`,
                path: `exemptions[${selectorText(e)}]`,
            });
        }
    }
    const warnings = unchecked
        ? [
              `${unchecked} exemption(s) match no analyzed resource, but ${notAnalyzed.length} part(s) of the stack were not analyzed ` +
                  `(see the not-analyzed findings; render Helm releases with --helm/--chart-dir): unused exemptions not checked`,
          ]
        : [];
    return { exemptions, findings, warnings };
}
