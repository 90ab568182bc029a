import { TrivySeverity, trivySeverities } from "../components/scanning/trivyOperatorValues";
import { ConfigReader } from "./reader";
import { KeySpec } from "./spec";

/** Stack config of in-cluster scanning with trivy-operator (issue 7). */
export const scanningKeys: KeySpec[] = [
    {
        key: "trivy.enabled",
        type: "boolean",
        default: true,
        description:
            "Install trivy-operator: continuous vulnerability, config-audit, RBAC, exposed-secret and infra-assessment scans of the running cluster.",
    },
    {
        key: "trivy.severities",
        type: "array",
        default: ["HIGH", "CRITICAL"],
        description:
            "Severities written into VulnerabilityReports: any of UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL.",
    },
    {
        key: "trivy.airGapped",
        type: "boolean",
        default: false,
        description:
            "Pull the Trivy DBs, policy bundle and scanner images from Harbor proxy-cache projects (needs harbor.host).",
    },
    {
        key: "trivy.airGapMirrorGcrProject",
        type: "string",
        default: "mirror-gcr",
        description: "Harbor proxy-cache project whose upstream is mirror.gcr.io (trivy.airGapped).",
    },
    {
        key: "trivy.airGapGhcrProject",
        type: "string",
        default: "ghcr",
        description:
            "Harbor proxy-cache project whose upstream is ghcr.io (trivy.airGapped; node-collector).",
    },
];

/** Typed scanning settings. */
export interface ScanningSettings {
    enabled: boolean;
    severities: TrivySeverity[];
    /** Set when trivy.airGapped is true. */
    airGap?: { registryHost: string; mirrorGcrProject: string; ghcrProject: string };
}

const project = { pattern: /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/, what: "a Harbor project name" };

/**
 * Reads and validates the trivy.* keys; problems go to the reader (call `reader.done()` afterwards). `harborHost`
 * is harbor.host (empty when Harbor is off), needed by the air-gapped mode.
 */
export function readScanningConfig(reader: ConfigReader, harborHost: string): ScanningSettings {
    const enabled = reader.boolean("trivy.enabled");
    const severities = reader.stringList("trivy.severities", {
        pattern: new RegExp(`^(${trivySeverities.join("|")})$`),
        what: `a severity (one of ${trivySeverities.join(", ")})`,
    }) as TrivySeverity[];
    if (severities.length === 0)
        reader.problem("trivy.severities", `empty; use some of: ${trivySeverities.join(", ")}`);
    const airGapped = reader.boolean("trivy.airGapped");
    const mirrorGcrProject = reader.string("trivy.airGapMirrorGcrProject", project);
    const ghcrProject = reader.string("trivy.airGapGhcrProject", project);
    if (airGapped && !harborHost)
        reader.problem("trivy.airGapped", "true needs Harbor: set harbor.enabled and harbor.host");
    return {
        enabled,
        severities,
        airGap: airGapped ? { registryHost: harborHost, mirrorGcrProject, ghcrProject } : undefined,
    };
}
