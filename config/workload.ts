/** Config keys of the example workload (issue 5): off by default; when on, index.ts deploys one SecureWorkload. */
import { ConfigReader } from "./reader";
import { KeySpec } from "./spec";

export const workloadKeys: KeySpec[] = [
    {
        key: "example.enabled",
        type: "boolean",
        description: "Deploy one example SecureWorkload (restricted, digest-pinned, default-deny namespace).",
        default: false,
    },
    {
        key: "example.namespace",
        type: "string",
        description: "Namespace of the example workload (created as a SecureNamespace, Vault client).",
        default: "example",
    },
    {
        key: "example.image",
        type: "string",
        description:
            "Digest-pinned image of the example workload: <registry>/<repo>[:tag]@sha256:<64 hex>. Required when example.enabled.",
        default: "",
    },
    {
        key: "example.allowedRegistries",
        type: "array",
        description:
            "Registries (host or host/path prefix) the example image may come from; default: the Harbor host.",
        default: [],
    },
    {
        key: "example.port",
        type: "integer",
        description: "Port the example container listens on (1024-65535).",
        default: 8080,
    },
    {
        key: "example.replicas",
        type: "integer",
        description: "Replicas of the example workload.",
        default: 2,
    },
];

/** The example workload's settings. */
export interface ExampleWorkloadConfig {
    enabled: boolean;
    namespace: string;
    image: string;
    allowedRegistries: string[];
    port: number;
    replicas: number;
}

/** Reads and validates the example keys; problems land in `r` (call `r.done()` before registering anything). */
export function readExampleWorkload(r: ConfigReader): ExampleWorkloadConfig {
    const enabled = r.boolean("example.enabled");
    const cfg: ExampleWorkloadConfig = {
        enabled,
        namespace: r.string("example.namespace", {
            pattern: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
            what: "a namespace name",
        }),
        image: r.string("example.image"),
        allowedRegistries: r.stringList("example.allowedRegistries"),
        port: r.integer("example.port", { min: 1024, max: 65535 }),
        replicas: r.integer("example.replicas", { min: 1, max: 20 }),
    };
    if (enabled && !/@sha256:[a-f0-9]{64}$/.test(cfg.image))
        r.problem(
            "example.image",
            `"${cfg.image}" is not a digest-pinned image; use <registry>/<repo>[:tag]@sha256:<64 hex>`,
        );
    return cfg;
}
