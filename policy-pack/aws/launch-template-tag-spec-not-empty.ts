/**
 * EC2 rejects a launch template whose tag specification has no tags (`InvalidTagSpecification.Malformed`), so a
 * `{ resourceType: "volume", tags: {} }` left by an empty tag map stops the first `pulumi up` (issue 13, item 2).
 * Values unknown during preview never cause a finding.
 */
import { Finding, ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { who } from "./common";
import { previewOnlyReasons } from "../lib/admission";

export const launchTemplateTagSpecNotEmpty: ResourcePolicy = {
    kind: "resource",
    name: "launch-template-tag-spec-not-empty",
    since: "0.1.0",
    description: "Launch templates have no tag specification without tags (EC2 rejects it at create).",
    enforcementLevel: "advisory",
    severity: "medium",
    remediation:
        "Emit a tagSpecifications entry only when its tags map is non-empty, e.g. " +
        '`...(Object.keys(tags).length ? [{ resourceType: "volume", tags }] : [])`.',
    previewOnly: previewOnlyReasons.aws,
    frameworks: { nsa: "Harden the worker nodes", brief: ["C1", "Q6"] },
    types: ["aws:ec2/launchTemplate:LaunchTemplate"],
    check(r) {
        const specs = known<unknown>(() => r.props.tagSpecifications, undefined);
        if (!Array.isArray(specs)) return [];
        const out: Finding[] = [];
        specs.forEach((spec, i) => {
            const tags = known<unknown>(() => (spec as { tags?: unknown } | null)?.tags, "(computed)");
            if (tags === "(computed)") return;
            const kind = known(() => String((spec as { resourceType?: unknown }).resourceType ?? "?"), "?");
            if (
                tags === undefined ||
                tags === null ||
                (typeof tags === "object" && Object.keys(tags).length === 0)
            )
                out.push({
                    message: `${who(r)} has tagSpecifications[${i}] (${kind}) without tags; EC2 rejects it with InvalidTagSpecification.Malformed.`,
                });
        });
        return out;
    },
};
