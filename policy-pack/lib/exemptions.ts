/**
 * Exemptions live in policy config only (never in annotations on the resource: whoever deploys would exempt
 * themselves). Every exemption names at least one selector and a non-empty reason; the schema enforces both.
 */
import { k8sIdentity } from "./k8s";
import { Exemption, PolicyResource } from "./types";

/** JSON schema of the `exemptions` config property every policy accepts. */
export const exemptionsSchema = {
    type: "array",
    default: [],
    description: "Resources this policy does not apply to. Each entry needs a reason.",
    items: {
        type: "object",
        additionalProperties: false,
        required: ["reason"],
        minProperties: 2,
        properties: {
            namespace: { type: "string", minLength: 1 },
            name: { type: "string", minLength: 1 },
            kind: { type: "string", minLength: 1 },
            reason: { type: "string", minLength: 1, pattern: "\\S" },
        },
    },
};

/** True when every selector the exemption sets matches the resource. */
export function exemptionMatches(e: Exemption, r: PolicyResource): boolean {
    const id = k8sIdentity(r);
    if (
        e.namespace !== undefined &&
        e.namespace !== id.namespace &&
        !(id.kind === "Namespace" && e.namespace === id.name)
    )
        return false;
    if (e.name !== undefined && e.name !== id.name && e.name !== r.name) return false;
    if (e.kind !== undefined && e.kind !== id.kind && e.kind !== r.type) return false;
    return true;
}

/** The first exemption that covers the resource, if any. */
export function findExemption(exemptions: Exemption[] | undefined, r: PolicyResource): Exemption | undefined {
    return (exemptions ?? []).find((e) => exemptionMatches(e, r));
}
