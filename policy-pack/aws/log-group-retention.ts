/**
 * Audit and runtime logs are evidence (the brief's F5 forensics, F6 audit): they are kept at least a year by
 * default, and retention is set so the storage is bounded and the retention policy is explicit.
 */
import { ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { who } from "./common";
import { previewOnlyReasons } from "../lib/admission";

export const logGroupRetention: ResourcePolicy = {
    kind: "resource",
    name: "log-group-retention",
    since: "0.1.0",
    description:
        "CloudWatch log groups set retentionInDays to at least the configured minimum (default 365).",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediation:
        "Set retentionInDays to one of CloudWatch's values at or above the minimum (365, 400, 545, 731, ...).",
    previewOnly: previewOnlyReasons.aws,
    frameworks: { cisEks: ["2.1.2"], nsa: "Audit logging: retain logs", brief: ["F5", "F6", "Q9"] },
    configSchema: {
        minimumRetentionDays: {
            type: "integer",
            minimum: 1,
            default: 365,
            description: "Smallest acceptable retentionInDays.",
        },
    },
    types: ["aws:cloudwatch/logGroup:LogGroup"],
    check(r, config) {
        const min: number = config.minimumRetentionDays ?? 365;
        const days = known(() => r.props.retentionInDays as unknown, min);
        if (days === undefined || days === null || days === 0)
            return [
                {
                    message: `${who(r)} sets no retentionInDays: logs are kept forever with no explicit retention policy.`,
                },
            ];
        if (typeof days !== "number" || days < min)
            return [{ message: `${who(r)} keeps logs ${String(days)} days; the minimum is ${min}.` }];
        return [];
    },
};
