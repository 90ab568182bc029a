import { kubeBenchArgsErrors, kubeBenchDefaults } from "../components/compliance/kubeBench";
import { ConfigReader } from "./reader";
import { KeySpec } from "./spec";

/** Stack config of compliance jobs (issue 8): kube-bench and kube-hunter. */
export const complianceKeys: KeySpec[] = [
    {
        key: "kubeBench.enabled",
        type: "boolean",
        default: true,
        description: "Run kube-bench (CIS EKS 1.8.0) weekly and once at deployment; results in the Job logs.",
    },
    {
        key: "kubeBench.schedule",
        type: "string",
        default: kubeBenchDefaults.schedule,
        description: "Cron schedule of the weekly kube-bench CronJob.",
    },
    {
        key: "kubeBench.imageDigest",
        type: "string",
        default: kubeBenchDefaults.imageDigest,
        description:
            "sha256 digest of docker.io/aquasec/kube-bench:v0.15.6 (or of your mirror), pinned as image@digest; verify with crane digest. Empty: tag only.",
    },
    {
        key: "kubeHunter.enabled",
        type: "boolean",
        default: false,
        description: "Run kube-hunter once in pod mode (upstream is archived; optional penetration test).",
    },
];

/** Typed compliance settings. */
export interface ComplianceSettings {
    kubeBenchEnabled: boolean;
    kubeBenchSchedule: string;
    /** Empty string when unset. */
    kubeBenchImageDigest: string;
    kubeHunterEnabled: boolean;
}

/** Maps KubeBenchArgs fields (validator paths) to the config keys that set them. */
export const KUBE_BENCH_CONFIG_KEYS: Record<string, string> = {
    schedule: "kubeBench.schedule",
    imageDigest: "kubeBench.imageDigest",
};

/**
 * Reads the kubeBench.* and kubeHunter.* keys and validates them with KubeBench's own validator (problems name the
 * config key); problems go to the reader.
 */
export function readComplianceConfig(reader: ConfigReader): ComplianceSettings {
    const settings: ComplianceSettings = {
        kubeBenchEnabled: reader.boolean("kubeBench.enabled"),
        kubeBenchSchedule: reader.string("kubeBench.schedule"),
        kubeBenchImageDigest: reader.string("kubeBench.imageDigest"),
        kubeHunterEnabled: reader.boolean("kubeHunter.enabled"),
    };
    reader.validateWith(
        kubeBenchArgsErrors({
            namespace: "kube-bench",
            schedule: settings.kubeBenchSchedule,
            imageDigest: settings.kubeBenchImageDigest,
        }),
        KUBE_BENCH_CONFIG_KEYS,
        "KubeBenchArgs",
    );
    return settings;
}
