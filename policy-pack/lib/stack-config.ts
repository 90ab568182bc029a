/**
 * The stack config the engine hands to the policy pack process: `PULUMI_CONFIG` holds a JSON object of
 * fully-qualified keys (`project:key`) to string values, as the language host receives it. The pack reads only
 * the few keys a policy needs, once at module load. `readStackConfig` is pure (the environment is a parameter),
 * so tests inject their own.
 */

/** The project whose config keys the pack reads (Pulumi.yaml `name`). */
export const blueprintProject = "hardened-cluster";

/** What the policies read from the stack config. */
export interface PackStackConfig {
    /** Harbor's host (`harbor.host`) when `harbor.enabled` is "true" and the host is a DNS name; else undefined. */
    harborHost?: string;
}

const dnsName =
    /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/;

/**
 * Reads the pack's view of the stack config from an environment (`process.env` in the pack). Malformed JSON,
 * a missing key, a non-string value or a host that is not a DNS name yields no value: the policies then fall
 * back to their own config, never to something looser.
 */
export function readStackConfig(
    env: Record<string, string | undefined>,
    project = blueprintProject,
): PackStackConfig {
    const raw = env.PULUMI_CONFIG;
    if (!raw) return {};
    let config: unknown;
    try {
        config = JSON.parse(raw);
    } catch {
        return {};
    }
    if (!config || typeof config !== "object" || Array.isArray(config)) return {};
    const get = (key: string): string | undefined => {
        const v = (config as Record<string, unknown>)[`${project}:${key}`];
        return typeof v === "string" ? v : undefined;
    };
    if (get("harbor.enabled")?.trim() !== "true") return {};
    const host = get("harbor.host")?.trim().toLowerCase();
    return host && dnsName.test(host) ? { harborHost: host } : {};
}

/** The stack config of this pack process, read once when the pack loads. */
export const stackConfig: PackStackConfig = readStackConfig(process.env);
