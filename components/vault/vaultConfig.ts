import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { throwIfProblems } from "../lib/errors";
import { appPolicyHcl, secretPathPattern } from "./hcl";
import { vaultDefaults } from "./values";

/** An application that reads secrets from Vault through the agent injector. */
export interface VaultApp {
    /** App name: the Kubernetes auth role name and the policy name suffix (`app-<name>`). DNS label, unique. */
    name: string;
    /** Namespace of the app's pods: the only namespace the role accepts. */
    namespace: string;
    /** Service account of the app's pods: the only service account the role accepts. */
    serviceAccount: string;
    /** Secret paths inside the KV v2 mount, e.g. "payments/db" (read at `<mount>/data/payments/db`). No wildcards. */
    secretPaths: string[];
}

/** Defaults of {@link VaultConfig}. */
export const vaultConfigDefaults = {
    kvMount: "apps",
    authPath: "kubernetes",
    /** The API server as seen from the Vault pods. */
    kubernetesHost: "https://kubernetes.default.svc",
    /** Short-lived tokens: the agent renews them and logs in again at the max TTL. */
    tokenTtlSeconds: 900,
    tokenMaxTtlSeconds: 3600,
    /** On the chart's audit volume (server.auditStorage). */
    auditFilePath: "/vault/audit/vault_audit.log",
    /** Mount path of the second audit device, which writes to the container's stdout. */
    stdoutAuditPath: "stdout",
} as const;

/** Arguments of {@link VaultConfig}. */
export interface VaultConfigArgs {
    /** Vault API address reachable from where `pulumi up` runs, e.g. https://127.0.0.1:8200 through a port-forward. */
    address: pulumi.Input<string>;
    /** A Vault token allowed to manage audit devices, auth methods, mounts and policies (the root token after init). Kept secret. */
    token: pulumi.Input<string>;
    /** PEM of the CA to trust (Vault's `caCertPem` output); written to a temporary file for the provider. */
    caCertPem?: pulumi.Input<string>;
    /** Path of a CA file to trust instead of `caCertPem`. */
    caCertFile?: string;
    /** Applications and the secrets each may read. */
    apps: VaultApp[];
    /** Path of the KV v2 mount for application secrets. Default "apps". */
    kvMount?: string;
    /** Kubernetes auth token TTL in seconds, 60..3600. Default 900. */
    tokenTtlSeconds?: number;
    /** Kubernetes auth token max TTL in seconds, from tokenTtlSeconds to 86400. Default 3600. */
    tokenMaxTtlSeconds?: number;
}

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Validates Args; one line per problem. */
export function vaultConfigProblems(args: VaultConfigArgs): string[] {
    const p: string[] = [];
    const mount = args.kvMount ?? vaultConfigDefaults.kvMount;
    if (!dnsLabel.test(mount))
        p.push(`VaultConfig kvMount: "${mount}" is not accepted; use lowercase letters, digits and '-'`);
    const ttl = args.tokenTtlSeconds ?? vaultConfigDefaults.tokenTtlSeconds;
    const maxTtl = args.tokenMaxTtlSeconds ?? vaultConfigDefaults.tokenMaxTtlSeconds;
    if (!Number.isInteger(ttl) || ttl < 60 || ttl > 3600)
        p.push(`VaultConfig tokenTtlSeconds: ${ttl} is not accepted; use an integer from 60 to 3600`);
    if (!Number.isInteger(maxTtl) || maxTtl < ttl || maxTtl > 86400) {
        p.push(
            `VaultConfig tokenMaxTtlSeconds: ${maxTtl} is not accepted; use an integer from tokenTtlSeconds (${ttl}) to 86400`,
        );
    }
    if (args.caCertPem === undefined && args.caCertFile === undefined)
        p.push(
            "VaultConfig caCertPem/caCertFile: one is required; the provider verifies Vault's certificate",
        );
    const seen = new Set<string>();
    for (const app of args.apps) {
        const who = `VaultConfig apps[${app.name}]`;
        if (!dnsLabel.test(app.name)) p.push(`${who}.name: "${app.name}" is not a DNS label`);
        if (seen.has(app.name)) p.push(`${who}.name: duplicate; each app name is one role and one policy`);
        seen.add(app.name);
        if (!dnsLabel.test(app.namespace))
            p.push(`${who}.namespace: "${app.namespace}" is not a namespace name (DNS label, no wildcards)`);
        if (!dnsSubdomain.test(app.serviceAccount))
            p.push(
                `${who}.serviceAccount: "${app.serviceAccount}" is not a service account name (no wildcards)`,
            );
        if (app.secretPaths.length === 0)
            p.push(`${who}.secretPaths: empty; list the secret paths the app reads`);
        for (const s of app.secretPaths) {
            if (!secretPathPattern.test(s))
                p.push(
                    `${who}.secretPaths: "${s}" is not accepted; use a relative path like team/app/db (no wildcards, no '..')`,
                );
        }
    }
    return p;
}

/**
 * Why VaultConfig cannot be created yet, in one line, or undefined when the address and token are both set.
 * index.ts logs this line instead of creating VaultConfig.
 */
export function vaultConfigPending(input: { address?: string; token?: unknown }): string | undefined {
    const missing: string[] = [];
    if (!input.address) missing.push("pulumi config set vault.address https://127.0.0.1:8200");
    if (input.token === undefined || input.token === null || input.token === "")
        missing.push("pulumi config set --secret vault:token <root token>");
    if (missing.length === 0) return undefined;
    return `Vault configuration pending: run vault operator init (README: Vault bootstrap), then ${missing.join(" and ")}, then pulumi up again.`;
}

/** Writes a CA PEM to a content-addressed file under the OS temp dir and returns its path (for the provider's caCertFile). */
export function writeCaFile(pem: string): string {
    const digest = crypto.createHash("sha256").update(pem).digest("hex").slice(0, 16);
    const file = path.join(os.tmpdir(), `vault-ca-${digest}.pem`);
    fs.writeFileSync(file, pem, { mode: 0o644 });
    return file;
}

/**
 * Vault's configuration as code (phase 2 of the bootstrap): a file audit device on the audit volume, the
 * Kubernetes auth method bound to the in-cluster API server, a KV v2 mount for application secrets, and per app a
 * read-only policy on exactly its secret paths plus a role bound to exactly its service account and namespace with
 * short token TTLs. Uses its own `vault.Provider` (address + secret token + CA).
 */
export class VaultConfig extends pulumi.ComponentResource {
    /** The explicit Vault provider, for further resources. */
    public readonly provider: vault.Provider;
    /** Role name per app name. */
    public readonly roles: Record<string, pulumi.Output<string>>;
    /** Policy name per app name. */
    public readonly policies: Record<string, pulumi.Output<string>>;
    /** Path of the KV v2 mount. */
    public readonly kvMount: string;

    constructor(name: string, args: VaultConfigArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems(vaultConfigProblems(args));
        super("blueprint:vault:VaultConfig", name, {}, opts);

        const mountPath = args.kvMount ?? vaultConfigDefaults.kvMount;
        this.kvMount = mountPath;
        const caCertFile =
            args.caCertFile ?? pulumi.output(args.caCertPem as pulumi.Input<string>).apply(writeCaFile);
        this.provider = new vault.Provider(
            `${name}-provider`,
            {
                address: args.address,
                token: pulumi.secret(args.token),
                caCertFile,
                skipTlsVerify: false,
                // The provider works with a short-lived child token, not the token itself.
                skipChildToken: false,
                maxLeaseTtlSeconds: 1200,
            },
            { parent: this },
        );
        const o: pulumi.CustomResourceOptions = { parent: this, provider: this.provider };

        new vault.Audit(
            `${name}-audit-file`,
            {
                type: "file",
                path: "file",
                description: "File audit device on the audit volume",
                options: { file_path: vaultConfigDefaults.auditFilePath, mode: "0600" },
            },
            o,
        );
        // A second device: Vault refuses a request only when EVERY audit device fails, so a full audit volume no
        // longer stops Vault; the container log (stdout) keeps the trail and is shipped off the node. The
        // VaultAuditVolumeFilling alert fires well before the file device fails.
        new vault.Audit(
            `${name}-audit-stdout`,
            {
                type: "file",
                path: vaultConfigDefaults.stdoutAuditPath,
                description: "Second audit device: the container's stdout",
                options: { file_path: "stdout" },
            },
            o,
        );

        const auth = new vault.AuthBackend(
            `${name}-kubernetes`,
            {
                type: "kubernetes",
                path: vaultConfigDefaults.authPath,
                description: "Kubernetes service accounts of this cluster",
            },
            o,
        );
        new vault.kubernetes.AuthBackendConfig(
            `${name}-kubernetes`,
            // Vault runs in the cluster: it reviews tokens with its own service account (system:auth-delegator).
            { backend: auth.path, kubernetesHost: vaultConfigDefaults.kubernetesHost },
            o,
        );
        const kv = new vault.Mount(
            `${name}-kv`,
            {
                path: mountPath,
                type: "kv",
                options: { version: "2" },
                description: "Application secrets (KV v2)",
            },
            o,
        );

        this.roles = {};
        this.policies = {};
        for (const app of args.apps) {
            const policy = new vault.Policy(
                `${name}-app-${app.name}`,
                { name: `app-${app.name}`, policy: appPolicyHcl(app, mountPath) },
                { ...o, dependsOn: [kv] },
            );
            const role = new vault.kubernetes.AuthBackendRole(
                `${name}-app-${app.name}`,
                {
                    backend: auth.path,
                    roleName: app.name,
                    boundServiceAccountNames: [app.serviceAccount],
                    boundServiceAccountNamespaces: [app.namespace],
                    tokenPolicies: [policy.name],
                    tokenTtl: args.tokenTtlSeconds ?? vaultConfigDefaults.tokenTtlSeconds,
                    tokenMaxTtl: args.tokenMaxTtlSeconds ?? vaultConfigDefaults.tokenMaxTtlSeconds,
                    tokenType: "service",
                    // Only tokens minted for Vault (the agents' projected token) log in; an API-server token does not.
                    audience: vaultDefaults.tokenAudience,
                },
                o,
            );
            this.roles[app.name] = role.roleName;
            this.policies[app.name] = policy.name;
        }

        this.registerOutputs({ kvMount: mountPath, roles: this.roles, policies: this.policies });
    }
}
