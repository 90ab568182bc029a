import { falcoArgsErrors, falcoDefaults, FalcoPriority } from "../components/runtime/falco";
import { ConfigReader } from "./reader";
import { KeySpec } from "./spec";

/** Stack config of runtime security (issue 8): Falco and falcosidekick. */
export const runtimeKeys: KeySpec[] = [
    {
        key: "falco.enabled",
        type: "boolean",
        default: true,
        description:
            "Install Falco (modern eBPF, least privileged) with falcosidekick and the platform's rules.",
    },
    {
        key: "falco.airGapped",
        type: "boolean",
        default: falcoDefaults.airGapped,
        description:
            "Air-gapped clusters: turn off falcoctl artifact install/follow; Falco uses the rules and plugins in its image plus the platform's rules.",
    },
    {
        key: "falco.priority",
        type: "string",
        default: falcoDefaults.priority,
        description:
            "Minimum priority of the Falco rules loaded (falco.priority): emergency, alert, critical, error, warning, notice, informational or debug.",
    },
    {
        key: "falco.cloudwatch",
        type: "boolean",
        default: false,
        description:
            "Forensics: send Falco events to a KMS-encrypted CloudWatch Logs group through falcosidekick (IRSA, EKS only).",
    },
    {
        key: "falco.logRetentionDays",
        type: "integer",
        default: falcoDefaults.logRetentionDays,
        description:
            "Retention of the Falco CloudWatch Logs group, in days (a CloudWatch value, at least 365).",
    },
    {
        key: "falco.shellAllowedImages",
        type: "array",
        default: [...falcoDefaults.shellAllowedImages],
        description:
            "Image repositories allowed to start shells in platform namespaces (exact container.image.repository).",
    },
    {
        key: "falco.vaultAllowedPorts",
        type: "array",
        default: falcoDefaults.vaultAllowedPorts.map(String),
        description:
            "Ports Vault may connect to outside private networks (443 for AWS KMS/STS); [] when VPC endpoints are used.",
    },
];

/** Typed runtime-security settings. */
export interface RuntimeSettings {
    enabled: boolean;
    airGapped: boolean;
    priority: FalcoPriority;
    cloudwatch: boolean;
    logRetentionDays: number;
    shellAllowedImages: string[];
    vaultAllowedPorts: number[];
}

/** Maps FalcoArgs fields (validator paths) to the config keys that set them. */
export const FALCO_CONFIG_KEYS: Record<string, string> = {
    priority: "falco.priority",
    shellAllowedImages: "falco.shellAllowedImages",
    vaultAllowedPorts: "falco.vaultAllowedPorts",
    "cloudwatch.retentionInDays": "falco.logRetentionDays",
};

/** FalcoArgs the blueprint wires from the cluster (HardenedCluster, aws:region), not from falco.* keys. */
const WIRED = [
    "cloudwatch.region",
    "cloudwatch.oidcProviderArn",
    "cloudwatch.oidcIssuerUrl",
    "cloudwatch.kmsKeyArn",
];

/**
 * Reads the falco.* keys and validates them with Falco's own validator (problems name the config key); problems go
 * to the reader (call `reader.done()` afterwards).
 */
export function readRuntimeConfig(reader: ConfigReader): RuntimeSettings {
    const ports = reader.stringList("falco.vaultAllowedPorts", {
        pattern: /^[0-9]{1,5}$/,
        what: "a port number",
    });
    const settings: RuntimeSettings = {
        enabled: reader.boolean("falco.enabled"),
        airGapped: reader.boolean("falco.airGapped"),
        priority: reader.string("falco.priority") as FalcoPriority,
        cloudwatch: reader.boolean("falco.cloudwatch"),
        logRetentionDays: reader.integer("falco.logRetentionDays"),
        shellAllowedImages: reader.stringList("falco.shellAllowedImages"),
        vaultAllowedPorts: ports.filter((p) => /^[0-9]{1,5}$/.test(p)).map(Number),
    };
    reader.validateWith(
        falcoArgsErrors({
            namespace: "falco",
            priority: settings.priority,
            shellAllowedImages: settings.shellAllowedImages,
            vaultAllowedPorts: settings.vaultAllowedPorts,
            // Always checked, so that a bad retention fails before falco.cloudwatch is turned on.
            cloudwatch: {
                oidcProviderArn: "",
                oidcIssuerUrl: "",
                kmsKeyArn: "",
                region: "",
                retentionInDays: settings.logRetentionDays,
            },
        }).filter((e) => !WIRED.includes(e.path)),
        FALCO_CONFIG_KEYS,
        "FalcoArgs",
    );
    return settings;
}
