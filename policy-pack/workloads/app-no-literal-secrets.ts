/**
 * In app-tier namespaces (`blueprint.io/tier: app`), a literal credential in an env value or in ConfigMap data is
 * a violation, not a note: teams' workloads take their secrets from Vault. The detection is `no-literal-secrets`'
 * (advisory everywhere); this stack policy reads the tier from the Namespace in the stack (index built once, O(n)).
 * A resource whose namespace is unknown during preview or not in the stack is left to the advisory policy.
 */
import { Finding, PolicyResource, StackPolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { LITERAL_SECRET_TYPES, literalSecretsOf } from "./literal-secrets";
import { literalSecretsPreviewOnly, literalSecretsRemediation } from "./no-literal-secrets";
import { POD_TYPES } from "./pod";
import { TIER_LABEL, TierIndex, tierIndex } from "./tiers";

const types = new Set([...POD_TYPES, ...LITERAL_SECRET_TYPES]);

/** True when the resource's namespace (default `default`) is known and labelled tier=app in the stack. */
export function inAppTier(r: PolicyResource, tiers: TierIndex): boolean {
    const UNKNOWN = "\u0000unknown";
    const ns = known(() => (r.props.metadata?.namespace as string | undefined) || "default", UNKNOWN);
    return ns !== UNKNOWN && tiers.get(ns) === "app";
}

export const appNoLiteralSecrets: StackPolicy = {
    kind: "stack",
    name: "app-no-literal-secrets",
    since: "0.1.0",
    description: `In app-tier namespaces (\`${TIER_LABEL}: app\`), no container env value and no ConfigMap data holds a literal credential.`,
    enforcementLevel: "mandatory",
    severity: "high",
    remediation: literalSecretsRemediation,
    previewOnly: literalSecretsPreviewOnly,
    frameworks: {
        cisEks: ["4.4.1"],
        nsa: "Protect secrets: never in plain text in manifests",
        brief: ["R3", "Q10", "Q11"],
    },
    check(resources) {
        const tiers = tierIndex(resources);
        const out: Finding[] = [];
        for (const r of resources) {
            if (!types.has(r.type) || !inAppTier(r, tiers)) continue;
            for (const s of literalSecretsOf(r))
                out.push({
                    message: `${s.where} in an app-tier namespace holds a literal credential: ${s.reason} (value not shown).`,
                    urn: r.urn,
                });
        }
        return out;
    },
};
