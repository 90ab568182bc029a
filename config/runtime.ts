import { FalcoPriority, falcoPriorityLevels } from "../components/runtime/falco";
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
        default: false,
        description:
            "Air-gapped clusters: turn off falcoctl artifact install/follow; Falco uses the rules and plugins in its image plus the platform's rules.",
    },
    {
        key: "falco.priority",
        type: "string",
        default: "notice",
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
        default: 365,
        description:
            "Retention of the Falco CloudWatch Logs group, in days (a CloudWatch value, at least 365).",
    },
    {
        key: "falco.shellAllowedImages",
        type: "array",
        default: [],
        description:
            "Image repositories allowed to start shells in platform namespaces (exact container.image.repository).",
    },
    {
        key: "falco.vaultAllowedPorts",
        type: "array",
        default: ["443"],
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

const retention = [365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Reads and validates the falco.* keys; problems go to the reader (call `reader.done()` afterwards). */
export function readRuntimeConfig(reader: ConfigReader): RuntimeSettings {
    return {
        enabled: reader.boolean("falco.enabled"),
        airGapped: reader.boolean("falco.airGapped"),
        priority: reader.string("falco.priority", { oneOf: falcoPriorityLevels }),
        cloudwatch: reader.boolean("falco.cloudwatch"),
        logRetentionDays: reader.integer("falco.logRetentionDays", { oneOf: retention }),
        shellAllowedImages: reader.stringList("falco.shellAllowedImages", {
            pattern: /^[a-z0-9][a-z0-9._\-/:]*$/,
            what: "an image repository",
        }),
        vaultAllowedPorts: reader
            .stringList("falco.vaultAllowedPorts", {
                pattern:
                    /^([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$/,
                what: "a port 1-65535",
            })
            .map(Number),
    };
}
