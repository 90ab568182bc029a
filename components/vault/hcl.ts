/**
 * Pure generators of the HCL that Vault reads: the server configuration (listener, Raft storage, seal, telemetry)
 * and the per-application ACL policies. Tests parse both with HashiCorp's own parser (@cdktf/hcl2json) and assert
 * what they grant, so every string here is built from validated input and quoted with {@link hclString}.
 */

/** Where the chart mounts the `vault-tls` Secret in the server pods (see values.ts). */
export const tlsMountPath = "/vault/userconfig/vault-tls";

/** Files of the mounted TLS Secret, as Vault and the CLI see them. */
export const tlsFiles = {
    cert: `${tlsMountPath}/tls.crt`,
    key: `${tlsMountPath}/tls.key`,
    ca: `${tlsMountPath}/ca.crt`,
} as const;

/** Raft data directory: the chart's `server.dataStorage.mountPath`. */
export const raftDataPath = "/vault/data";

/**
 * Words the chart's start script replaces with `sed` in the config before Vault reads it (HOST_IP, POD_IP, ...).
 * The generated HCL must not contain them, or Vault would read a different config than the one we tested.
 */
export const chartPlaceholders = [
    "HOST_IP",
    "POD_IP",
    "HOSTNAME",
    "API_ADDR",
    "TRANSIT_ADDR",
    "RAFT_ADDR",
] as const;

/**
 * Quotes a string for HCL: JSON escapes are valid HCL escapes. `${` and `%{` are refused: Vault reads HCL 1, where
 * they are literal, while HCL 2 (our test parser) interpolates them, so no escaping means the same in both.
 */
export function hclString(s: string): string {
    if (/[$%]\{/.test(s))
        throw new Error(`HCL string ${JSON.stringify(s)} contains an interpolation sequence`);
    return JSON.stringify(s);
}

/** Input of {@link serverConfigHcl}. */
export interface ServerConfigInput {
    /** Helm release name, which is also the chart's fullname ("vault"): pods are `<name>-N.<name>-internal`. */
    releaseName: string;
    /** Number of Raft voters: one `retry_join` block per pod. */
    replicas: number;
    /** AWS KMS auto-unseal; omitted means Shamir keys and a manual `vault operator unseal` after every restart. */
    seal?: { region: string; kmsKeyId: string };
    /** Adds the `telemetry` stanza and lets Prometheus scrape `/v1/sys/metrics` without a Vault token. */
    telemetry: boolean;
}

/** Pod addresses that `retry_join` dials: `https://<release>-N.<release>-internal:8200`. */
export function raftPeerAddresses(releaseName: string, replicas: number): string[] {
    return Array.from(
        { length: replicas },
        (_, i) => `https://${releaseName}-${i}.${releaseName}-internal:8200`,
    );
}

/**
 * The server configuration for `server.ha.raft.config`. TLS is on for the API listener (cert, key and client CA
 * files from the mounted Secret; `tls_disable = false` is written explicitly), Raft joins every peer over TLS
 * trusting only our CA, the node id comes from `VAULT_RAFT_NODE_ID` (chart: `server.ha.raft.setNodeId`), and
 * `disable_mlock` is set because the container drops every capability, IPC_LOCK included (HashiCorp's
 * recommendation for integrated storage).
 */
export function serverConfigHcl(input: ServerConfigInput): string {
    const lines: string[] = [
        "ui            = true",
        "disable_mlock = true",
        "",
        'listener "tcp" {',
        `  address            = ${hclString("[::]:8200")}`,
        `  cluster_address    = ${hclString("[::]:8201")}`,
        "  tls_disable        = false",
        `  tls_cert_file      = ${hclString(tlsFiles.cert)}`,
        `  tls_key_file       = ${hclString(tlsFiles.key)}`,
        `  tls_client_ca_file = ${hclString(tlsFiles.ca)}`,
        `  tls_min_version    = ${hclString("tls12")}`,
    ];
    if (input.telemetry) {
        lines.push("  telemetry {", "    unauthenticated_metrics_access = true", "  }");
    }
    lines.push("}", "", 'storage "raft" {', `  path = ${hclString(raftDataPath)}`);
    for (const addr of raftPeerAddresses(input.releaseName, input.replicas)) {
        lines.push(
            "  retry_join {",
            `    leader_api_addr     = ${hclString(addr)}`,
            `    leader_ca_cert_file = ${hclString(tlsFiles.ca)}`,
            "  }",
        );
    }
    lines.push("}", "", 'service_registration "kubernetes" {}');
    if (input.seal) {
        lines.push(
            "",
            'seal "awskms" {',
            `  region     = ${hclString(input.seal.region)}`,
            `  kms_key_id = ${hclString(input.seal.kmsKeyId)}`,
            "}",
        );
    }
    if (input.telemetry) {
        lines.push(
            "",
            "telemetry {",
            `  prometheus_retention_time = ${hclString("30s")}`,
            "  disable_hostname          = true",
            "}",
        );
    }
    return lines.join("\n") + "\n";
}

/** A secret path inside a KV mount: relative, slash-separated segments, no wildcards, no `..`. */
export const secretPathPattern = /^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

/** The API path of a KV v2 secret: `<mount>/data/<path>`. */
export function kvDataPath(mount: string, path: string): string {
    return `${mount}/data/${path}`;
}

/**
 * The ACL policy of one application: `read` on exactly the KV v2 data path of each of its secrets, nothing else
 * (no list, no metadata, no wildcards). Paths must match {@link secretPathPattern}; callers validate first.
 */
export function appPolicyHcl(app: { name: string; secretPaths: string[] }, mount: string): string {
    const bad = app.secretPaths.filter((p) => !secretPathPattern.test(p));
    if (bad.length > 0) throw new Error(`app ${app.name}: invalid secret paths ${bad.join(", ")}`);
    const lines = [`# Policy of app ${JSON.stringify(app.name)}: read-only on its own secrets in ${mount}/.`];
    for (const p of [...new Set(app.secretPaths)]) {
        lines.push(`path ${hclString(kvDataPath(mount, p))} {`, '  capabilities = ["read"]', "}");
    }
    return lines.join("\n") + "\n";
}
