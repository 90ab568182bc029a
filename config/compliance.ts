import { kubeBenchDefaults } from "../components/compliance/kubeBench";
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
        default: "0 3 * * 0",
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

const cron = /^\S+\s+\S+\s+\S+\s+\S+\s+\S+$/;

/** Reads and validates the kubeBench.* and kubeHunter.* keys; problems go to the reader. */
export function readComplianceConfig(reader: ConfigReader): ComplianceSettings {
    const digest = reader.string("kubeBench.imageDigest");
    if (digest !== "" && !/^sha256:[a-f0-9]{64}$/.test(digest))
        reader.problem("kubeBench.imageDigest", `"${digest}" is not sha256:<64 lowercase hex>`);
    return {
        kubeBenchEnabled: reader.boolean("kubeBench.enabled"),
        kubeBenchSchedule: reader.string("kubeBench.schedule", {
            pattern: cron,
            what: 'a 5-field cron expression such as "0 3 * * 0"',
        }),
        kubeBenchImageDigest: digest,
        kubeHunterEnabled: reader.boolean("kubeHunter.enabled"),
    };
}
