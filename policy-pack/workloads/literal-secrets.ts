/**
 * Detection of credentials written as literals: in a container's env `value`s and in ConfigMap data. Two signals,
 * as the secret scanners of Kyverno, Polaris and kubescape use them:
 * - a key NAMED like a credential (password, token, API key, private key, ...) with a literal value that is not a
 *   reference (a file path, a `$(VAR)` expansion, a boolean); also `key: value` / `key=value` lines inside a
 *   ConfigMap value that holds a config file;
 * - a value that LOOKS like a credential whatever its key: a PEM private key, an AWS access key id, a JWT, a URL
 *   with a password, a GitHub or Slack token.
 * Findings describe where and why, never the value itself. Pure; values unknown during preview are skipped.
 */
import { PolicyResource } from "../lib/types";
import { known } from "../../lib/unknowns";
import { containersOf, label, podOf } from "./pod";

/** Words that make a key name a credential's name. */
const secretWords =
    /(?:^|_)(?:password|passwd|passphrase|pwd|pass|secret|secretkey|token|apikey|api_key|accesskey|access_key|privatekey|private_key|clientsecret|client_secret|credentials?|auth_?token)(?:_|$)/;

/** A last word that makes the name describe the credential rather than hold it (`PASSWORD_FILE`, `TOKEN_URL`). */
const describingSuffix =
    /_(?:file|files|path|dir|url|uri|endpoint|host|name|names|ref|length|len|ttl|expiry|env|header|type|mount|location|policy|enabled|key_name|secret_name|min|max|count|format)$/;

/** Values that are references or settings, not credentials. */
function isReference(value: string): boolean {
    const v = value.trim();
    return (
        v.length < 4 ||
        v.startsWith("/") ||
        v.startsWith("./") ||
        /^\$[({]/.test(v) ||
        /^(?:file|vault|env|secret|ssm|secretsmanager):/i.test(v) ||
        /^arn:aws[a-z-]*:(?:secretsmanager|ssm|kms):/.test(v) ||
        /^(?:true|false|yes|no|on|off|none|null|nil|required|optional|enabled|disabled)$/i.test(v) ||
        /^<[^>]*>$/.test(v)
    );
}

/** `DB_PASSWORD`, `dbPassword`, `db.password` -> `db_password` (camelCase split, separators unified). */
function normalizeName(name: string): string {
    return name
        .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "_")
        .replace(/^_+|_+$/g, "");
}

/** True when a key name looks like it holds a credential. */
export function isSecretName(name: string): boolean {
    const n = normalizeName(name);
    return secretWords.test(n) && !describingSuffix.test(n);
}

/** Value shapes that are credentials whatever their key. Each entry: what it is, and its pattern. */
const valuePatterns: Array<{ what: string; re: RegExp }> = [
    { what: "a PEM private key", re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/ },
    { what: "an AWS access key id", re: /(?:^|[^A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/ },
    {
        what: "a JWT",
        re: /(?:^|[^A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/,
    },
    { what: "a URL with a password", re: /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@$]{3,}@[^/\s@]+/i },
    { what: "a GitHub token", re: /(?:^|[^A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,}/ },
    { what: "a Slack token", re: /(?:^|[^A-Za-z0-9])xox[abprs]-[A-Za-z0-9-]{10,}/ },
];

/** What a value looks like, when it looks like a credential; undefined otherwise. */
export function credentialShape(value: string): string | undefined {
    return valuePatterns.find((p) => p.re.test(value))?.what;
}

/** `password: x`, `api_key = "x"`, `"token": "x"` lines inside a config file held in one value. */
const assignment = /^\s*["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*["']?([^"'\s,#;]+)/;

/** Why a key/value pair holds a literal credential, or undefined. Never returns or includes the value. */
export function literalSecretReason(key: string, value: string): string | undefined {
    const shape = credentialShape(value);
    if (shape) return `its value looks like ${shape}`;
    if (isSecretName(key) && !isReference(value) && !value.includes("\n"))
        return "its name says it holds a credential and its value is a literal";
    if (value.includes("\n")) {
        for (const line of value.split("\n")) {
            const m = assignment.exec(line);
            if (m && isSecretName(m[1]) && !isReference(m[2]))
                return `it holds a config file that sets "${m[1]}" to a literal`;
        }
    }
    return undefined;
}

/** One literal credential found: where, and why (never the value). */
export interface LiteralSecret {
    where: string;
    reason: string;
}

const CONFIGMAP_TYPE = "kubernetes:core/v1:ConfigMap";
export const LITERAL_SECRET_TYPES = [CONFIGMAP_TYPE];

/** Literal credentials in a ConfigMap's data, or in the env values of a pod-bearing resource's containers. */
export function literalSecretsOf(r: PolicyResource): LiteralSecret[] {
    const out: LiteralSecret[] = [];
    if (r.type === CONFIGMAP_TYPE) {
        const name = known(() => r.props.metadata?.name as string | undefined, undefined) ?? r.name;
        const data = known(() => (r.props.data ?? {}) as Record<string, unknown>, {});
        for (const key of known(() => Object.keys(data), [] as string[])) {
            const value = known(() => data[key], undefined);
            if (typeof value !== "string") continue;
            const reason = literalSecretReason(key, value);
            if (reason) out.push({ where: `ConfigMap "${name}" data key "${key}"`, reason });
        }
        return out;
    }
    const pod = podOf(r);
    if (!pod) return out;
    for (const { path, container } of containersOf(pod)) {
        const env = known(() => (Array.isArray(container.env) ? [...container.env] : []), [] as unknown[]);
        env.forEach((e, i) => {
            const entry = known(
                () => ({
                    name: (e as { name?: unknown }).name,
                    value: (e as { value?: unknown }).value,
                }),
                undefined,
            );
            if (!entry || typeof entry.value !== "string") return;
            const name = typeof entry.name === "string" ? entry.name : `env[${i}]`;
            const reason = literalSecretReason(name, entry.value);
            if (reason) out.push({ where: `${label(pod)} ${path} env "${name}"`, reason });
        });
    }
    return out;
}
