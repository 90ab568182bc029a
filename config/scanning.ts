import {
    trivyOperatorDefaults,
    trivyOperatorValuesErrors,
    TrivySeverity,
} from "../components/scanning/trivyOperatorValues";
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
        default: [...trivyOperatorDefaults.severities],
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

/** Maps TrivyOperatorArgs fields (validator paths) to the config keys that set them. */
export const SCANNING_CONFIG_KEYS: Record<string, string> = {
    severities: "trivy.severities",
    "airGap.mirrorGcrProject": "trivy.airGapMirrorGcrProject",
    "airGap.ghcrProject": "trivy.airGapGhcrProject",
    "airGap.registryHost": "harbor.host",
};

/**
 * Reads the trivy.* keys and validates them with trivy-operator's own validator (problems name the config key);
 * problems go to the reader (call `reader.done()` afterwards). `harborHost` is harbor.host (empty when Harbor is
 * off), needed by the air-gapped mode.
 */
export function readScanningConfig(reader: ConfigReader, harborHost: string): ScanningSettings {
    const enabled = reader.boolean("trivy.enabled");
    const severities = reader.stringList("trivy.severities") as TrivySeverity[];
    const airGapped = reader.boolean("trivy.airGapped");
    const mirrorGcrProject = reader.string("trivy.airGapMirrorGcrProject");
    const ghcrProject = reader.string("trivy.airGapGhcrProject");
    if (airGapped && !harborHost)
        reader.problem("trivy.airGapped", "true needs Harbor: set harbor.enabled and harbor.host");
    reader.validateWith(
        trivyOperatorValuesErrors({
            severities,
            monitoring: false,
            storageClass: trivyOperatorDefaults.storageClass,
            // The project names are checked whether or not the air-gapped mode is on.
            airGap: { registryHost: harborHost || "harbor.invalid", mirrorGcrProject, ghcrProject },
        }),
        SCANNING_CONFIG_KEYS,
        "TrivyOperatorArgs",
    );
    return {
        enabled,
        severities,
        airGap: airGapped ? { registryHost: harborHost, mirrorGcrProject, ghcrProject } : undefined,
    };
}
