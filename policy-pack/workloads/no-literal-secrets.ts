/**
 * Credentials written as literals in env values or ConfigMap data end up in Pulumi state, etcd (ConfigMaps are
 * never encrypted as Secrets may be), `kubectl describe` and every reader of the namespace's ConfigMaps. Advisory
 * everywhere; `app-no-literal-secrets` makes it mandatory in app-tier namespaces.
 */
import { ResourcePolicy } from "../lib/types";
import { LITERAL_SECRET_TYPES, literalSecretsOf } from "./literal-secrets";
import { POD_TYPES } from "./pod";

/** Why the literal-secret policies stay preview-only (shared by no-literal-secrets and app-no-literal-secrets). */
export const literalSecretsPreviewOnly =
    "its detection runs about ten regular expressions (key names normalised across camelCase and separators, value shapes, and every `key: value` line of a config file held in one value) over every env value of every container and every ConfigMap value: nested comprehensions over unbounded lists with a regular expression at their core, estimated far above the per-expression cost bound every admission expression is held to (1,000,000), and able to exhaust the API server's runtime budget on a large pod, which failurePolicy Fail would turn into refusing a legitimate workload";

export const literalSecretsRemediation =
    "Remove the credential from the manifest and rotate it (it is in Pulumi state and history). Store it in Vault " +
    "and inject it with the Vault agent (vaultInjection annotations), or reference a Secret mounted as a file. " +
    "The finding never prints the value; look it up at the named key.";

export const noLiteralSecrets: ResourcePolicy = {
    kind: "resource",
    name: "no-literal-secrets",
    since: "0.1.0",
    description:
        "No container env value and no ConfigMap data holds a literal credential: a key named like a password, " +
        "token or API key, or a value that looks like a private key, an AWS access key, a JWT or a URL with a password.",
    enforcementLevel: "advisory",
    severity: "high",
    remediation: literalSecretsRemediation,
    previewOnly: literalSecretsPreviewOnly,
    frameworks: {
        cisEks: ["4.4.1"],
        nsa: "Protect secrets: never in plain text in manifests",
        brief: ["R3", "Q10", "Q11"],
    },
    types: [...POD_TYPES, ...LITERAL_SECRET_TYPES],
    check(r) {
        return literalSecretsOf(r).map((s) => ({
            message: `${s.where} holds a literal credential: ${s.reason} (value not shown).`,
        }));
    },
};
