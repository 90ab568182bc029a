/**
 * IMDSv2 with a hop limit of 1 keeps the node's instance-profile credentials away from pods: a pod's request
 * crosses one more hop and its token response is dropped (the brief's R2: unrestricted cloud metadata).
 */
import { ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { who } from "./common";
import { previewOnlyReasons } from "../lib/admission";

export const launchTemplateImdsv2: ResourcePolicy = {
    kind: "resource",
    name: "launch-template-imdsv2",
    since: "0.1.0",
    description:
        "Launch templates require IMDSv2 tokens (httpTokens: required) with httpPutResponseHopLimit 1.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        'Set metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 } ' +
        '(or httpEndpoint: "disabled" when nothing on the node needs IMDS).',
    previewOnly: previewOnlyReasons.aws,
    frameworks: { nsa: "Block pod access to cloud instance metadata", brief: ["R2", "C1"] },
    types: ["aws:ec2/launchTemplate:LaunchTemplate"],
    check(r) {
        const md = known<{ endpoint: unknown; tokens: unknown; hops: unknown } | undefined | "(computed)">(
            () => {
                const m = r.props.metadataOptions;
                return m
                    ? {
                          endpoint: m.httpEndpoint as unknown,
                          tokens: m.httpTokens as unknown,
                          hops: m.httpPutResponseHopLimit as unknown,
                      }
                    : undefined;
            },
            "(computed)" as const,
        );
        if (md === "(computed)") return [];
        if (md?.endpoint === "disabled") return [];
        const out = [];
        if (md?.tokens !== "required")
            out.push({
                message: `${who(r)} does not require IMDSv2 (metadataOptions.httpTokens is ${String(md?.tokens ?? "unset")}).`,
            });
        if (md?.hops !== 1)
            out.push({
                message: `${who(r)} lets pods reach IMDS (metadataOptions.httpPutResponseHopLimit is ${String(md?.hops ?? "unset")}, need 1).`,
            });
        return out;
    },
};
