/** Config keys of the example workload (issue 5): off by default; when on, index.ts deploys one SecureWorkload. */
import { secureWorkloadArgsErrors } from "../components/workload/secureWorkload";
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

/** Maps SecureWorkloadArgs fields (validator paths) to the config keys that set them. */
export const EXAMPLE_CONFIG_KEYS: Record<string, string> = {
    namespace: "example.namespace",
    image: "example.image",
    allowedRegistries: "example.allowedRegistries",
    "ports[0].port": "example.port",
    replicas: "example.replicas",
};

/**
 * Reads the example keys and validates them with SecureWorkload's own validator (problems name the config key);
 * problems land in `r` (call `r.done()` before registering anything). `harborHost` is harbor.host when Harbor is
 * on (the default allowed registry), else "".
 */
export function readExampleWorkload(r: ConfigReader, harborHost = ""): ExampleWorkloadConfig {
    const cfg: ExampleWorkloadConfig = {
        enabled: r.boolean("example.enabled"),
        namespace: r.string("example.namespace"),
        image: r.string("example.image"),
        allowedRegistries: r.stringList("example.allowedRegistries"),
        port: r.integer("example.port"),
        replicas: r.integer("example.replicas"),
    };
    const allowed = cfg.allowedRegistries.length ? cfg.allowedRegistries : harborHost ? [harborHost] : [];
    const errors = secureWorkloadArgsErrors({
        name: "example",
        namespace: cfg.namespace,
        image: cfg.enabled ? cfg.image : `${allowed[0] ?? "registry.invalid"}/x@sha256:${"0".repeat(64)}`,
        allowedRegistries: cfg.enabled ? allowed : ["registry.invalid"],
        ports: [{ name: "http", port: cfg.port }],
        replicas: cfg.replicas,
    });
    // Image and registries matter only when the example is deployed; its namespace, port and replicas always.
    r.validateWith(
        errors.filter((e) => cfg.enabled || !["image", "allowedRegistries"].includes(e.path)),
        EXAMPLE_CONFIG_KEYS,
        "SecureWorkloadArgs",
    );
    return cfg;
}
