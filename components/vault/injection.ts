/**
 * Pod annotations for the Vault Agent injector: the agent logs in with the pod's service account, renders each
 * secret into a file under /vault/secrets, and runs with a restricted security context. The secret values never
 * pass through Pulumi state or a Kubernetes Secret.
 */
import { throwIfProblems } from "../lib/errors";
import { vaultDefaults } from "./values";

/** One secret rendered into a file. */
export interface VaultInjectedSecret {
    /** Vault API path of the secret, e.g. "apps/data/payments/db" (see kvDataPath). */
    path: string;
    /** File name under /vault/secrets; also the annotation suffix. */
    file: string;
    /** Consul-template for the file. Default: one `key=value` line per field of a KV v2 secret. */
    template?: string;
}

/** Arguments of {@link vaultInjection}. */
export interface VaultInjectionArgs {
    /** Kubernetes auth role the agent logs in with (VaultConfig creates one per app). */
    role: string;
    /** Secrets to render. At least one. */
    secrets: VaultInjectedSecret[];
    /** Secret in the pod's namespace holding Vault's CA as `ca.crt` (Vault's `caSecretNamespaces`). Default "vault-ca". */
    caSecretName?: string;
    /** UID of the agent containers; non-zero. Default 100 (the vault image's user). */
    runAsUser?: number;
    /** GID of the agent containers; non-zero. Default 1000. */
    runAsGroup?: number;
}

/** Prefix of every injector annotation. */
export const vaultAnnotationPrefix = "vault.hashicorp.com/";

/** Where the injector mounts the `tls-secret` Secret in the agent containers. */
export const agentTlsDir = "/vault/tls";

/**
 * JSON patch applied by the injector to each agent container: adds the RuntimeDefault seccomp profile, which
 * vault-k8s does not set itself, so the agent is restricted-compliant even in a pod without a pod-level profile.
 */
export const agentSeccompPatch = JSON.stringify([
    { op: "add", path: "/securityContext/seccompProfile", value: { type: "RuntimeDefault" } },
]);

const fileName = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const vaultPath = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+$/;

/** The default template: `key=value` lines from the `data` of a KV v2 secret. */
export function defaultTemplate(path: string): string {
    return [
        `{{- with secret ${JSON.stringify(path)} -}}`,
        "{{- range $k, $v := .Data.data }}",
        "{{ $k }}={{ $v }}",
        "{{- end }}",
        "{{- end }}",
    ].join("\n");
}

/** Returns the pod annotations that make the injector add a restricted Vault Agent rendering `secrets`. */
export function vaultInjection(args: VaultInjectionArgs): Record<string, string> {
    const p: string[] = [];
    if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(args.role ?? ""))
        p.push(`vaultInjection role: "${args.role}" is not a role name (DNS label)`);
    if (!args.secrets || args.secrets.length === 0)
        p.push("vaultInjection secrets: empty; list at least one { path, file }");
    const files = new Set<string>();
    for (const s of args.secrets ?? []) {
        if (!fileName.test(s.file))
            p.push(
                `vaultInjection secrets[${s.file}].file: not accepted; use letters, digits, '_', '.', '-' (at most 63)`,
            );
        if (files.has(s.file)) p.push(`vaultInjection secrets[${s.file}].file: duplicate file name`);
        files.add(s.file);
        if (!vaultPath.test(s.path) || s.path.split("/").some((seg) => seg === "." || seg === "..")) {
            p.push(
                `vaultInjection secrets[${s.file}].path: "${s.path}" is not a Vault path like apps/data/team/app`,
            );
        }
    }
    const uid = args.runAsUser ?? vaultDefaults.uid;
    const gid = args.runAsGroup ?? vaultDefaults.gid;
    if (!Number.isInteger(uid) || uid < 1)
        p.push(`vaultInjection runAsUser: ${uid} is not accepted; use a non-zero UID`);
    if (!Number.isInteger(gid) || gid < 1)
        p.push(`vaultInjection runAsGroup: ${gid} is not accepted; use a non-zero GID`);
    const ca = args.caSecretName ?? vaultDefaults.caSecretName;
    if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(ca))
        p.push(`vaultInjection caSecretName: "${ca}" is not a Secret name`);
    throwIfProblems(p);

    const a = (k: string) => `${vaultAnnotationPrefix}${k}`;
    const out: Record<string, string> = {
        [a("agent-inject")]: "true",
        [a("role")]: args.role,
        // TLS to Vault, verified against our CA (mounted from the Secret at /vault/tls).
        [a("tls-secret")]: ca,
        [a("ca-cert")]: `${agentTlsDir}/ca.crt`,
        [a("tls-skip-verify")]: "false",
        // Restricted agent containers: non-root UID/GID, no escalation, drop ALL, read-only root (vault-k8s), plus seccomp.
        [a("agent-set-security-context")]: "true",
        [a("agent-run-as-user")]: String(uid),
        [a("agent-run-as-group")]: String(gid),
        [a("agent-run-as-same-user")]: "false",
        [a("agent-json-patch")]: agentSeccompPatch,
        [a("agent-init-json-patch")]: agentSeccompPatch,
    };
    for (const s of args.secrets) {
        out[a(`agent-inject-secret-${s.file}`)] = s.path;
        out[a(`agent-inject-template-${s.file}`)] = s.template ?? defaultTemplate(s.path);
    }
    return out;
}
