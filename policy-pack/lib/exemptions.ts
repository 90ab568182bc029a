/**
 * Exemptions live in policy config only (never in annotations on the resource: whoever deploys would exempt
 * themselves). Every exemption names at least one selector and a non-empty reason; the schema enforces both.
 * An exemption may name its `owner` and an `expires` date (ISO, inclusive, UTC): once expired it stops exempting,
 * and the violation it hid comes back saying when it expired and who owns it.
 */
import { k8sIdentity } from "../../lib/k8s";
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
        // At least one selector: an owner or a date does not narrow what is exempted.
        anyOf: [{ required: ["namespace"] }, { required: ["name"] }, { required: ["kind"] }],
        properties: {
            namespace: { type: "string", minLength: 1 },
            name: { type: "string", minLength: 1 },
            kind: { type: "string", minLength: 1 },
            reason: { type: "string", minLength: 1, pattern: "\\S" },
            owner: { type: "string", minLength: 1, pattern: "\\S" },
            expires: {
                type: "string",
                description: "ISO date (YYYY-MM-DD), the last day the exemption applies.",
                pattern: "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
            },
        },
    },
};

/** Today as an ISO date (UTC). */
export function today(now: Date = new Date()): string {
    return now.toISOString().slice(0, 10);
}

/** True when the exemption has an `expires` date before `on` (the date itself still exempts). */
export function isExpired(e: Exemption, on: string = today()): boolean {
    return e.expires !== undefined && e.expires < on;
}

/** What a violation that an expired exemption no longer hides says about it. */
export function expiredNote(e: Exemption): string {
    return `exemption expired on ${e.expires}, owned by ${e.owner ?? "(no owner set)"} (reason was: ${e.reason})`;
}

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

/** The first exemption in effect (not expired) that covers the resource, if any. */
export function findExemption(
    exemptions: Exemption[] | undefined,
    r: PolicyResource,
    on?: string,
): Exemption | undefined {
    // Asked for every resource by every policy: with no exemptions (the usual case), not even the date is made.
    if (!exemptions?.length) return undefined;
    const day = on ?? today();
    return exemptions.find((e) => !isExpired(e, day) && exemptionMatches(e, r));
}

/** An expired exemption that would cover the resource, if no exemption in effect does. */
export function findExpiredExemption(
    exemptions: Exemption[] | undefined,
    r: PolicyResource,
    on?: string,
): Exemption | undefined {
    if (!exemptions?.length) return undefined;
    const day = on ?? today();
    return exemptions.find((e) => isExpired(e, day) && exemptionMatches(e, r));
}
