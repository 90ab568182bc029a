/** Catalogue metadata of a policy as GetAnalyzerInfo carries it (@pulumi/policy sends what the pack declares). */
import type { PolicyInfo } from "./policy-config";

/* eslint-disable @typescript-eslint/no-explicit-any -- generated protobuf message */

const severities: Record<number, PolicyInfo["severity"]> = {
    1: "low",
    2: "medium",
    3: "high",
    4: "critical",
};

export function policyMetadata(
    p: any,
): Pick<PolicyInfo, "description" | "severity" | "remediation" | "tags" | "url"> {
    const out: Pick<PolicyInfo, "description" | "severity" | "remediation" | "tags" | "url"> = {};
    const description = p.getDescription?.();
    if (description) out.description = description;
    const severity = severities[p.getSeverity?.() ?? 0];
    if (severity) out.severity = severity;
    const remediation = p.getRemediationSteps?.();
    if (remediation) out.remediation = remediation;
    const tags: string[] = p.getTagsList?.() ?? [];
    if (tags.length) out.tags = tags;
    const url = p.getUrl?.();
    if (url) out.url = url;
    return out;
}
