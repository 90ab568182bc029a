import * as pulumi from "@pulumi/pulumi";
import { vaultDefaults } from "../components/vault/values";
import { vaultArgsErrors } from "../components/vault/vault";
import { VaultApp } from "../components/vault/vaultConfig";
import { ConfigReader } from "./reader";
import { KeySpec } from "./spec";

/**
 * Stack config of Vault (issue 6). The Vault token is NOT a project key: it is the Vault provider's own key
 * `vault:token`, set once after `vault operator init` with `pulumi config set --secret vault:token <root token>`,
 * and read with {@link readVaultToken}.
 */
export const vaultKeys: KeySpec[] = [
    {
        key: "vault.enabled",
        type: "boolean",
        default: true,
        description: "Install HashiCorp Vault (HA Raft, TLS, agent injector).",
    },
    {
        key: "vault.replicas",
        type: "integer",
        default: vaultDefaults.replicas,
        description: "Vault Raft voters: 3, 5 or 7.",
    },
    {
        key: "vault.apps",
        type: "array",
        default: [],
        description:
            'Apps that read secrets through the agent injector, one string each: "name:namespace:serviceAccount:path[,path...]" (paths inside the KV v2 mount "apps", e.g. "payments:payments:payments-api:payments/db").',
    },
    {
        key: "vault.address",
        type: "string",
        default: "",
        description:
            "Vault API address used by pulumi to configure Vault (phase 2), e.g. https://127.0.0.1:8200 through `kubectl -n vault port-forward svc/vault 8200`. Empty: configuration pending.",
    },
];

/** Namespace and key of the Vault token (the @pulumi/vault provider's config key). */
export const vaultTokenKey = { namespace: "vault", key: "token" } as const;

/** Typed Vault settings. */
export interface VaultSettings {
    enabled: boolean;
    replicas: number;
    apps: VaultApp[];
    /** Empty string when unset. */
    address: string;
}

const appItem = /^[a-z0-9-]+:[a-z0-9-]+:[a-z0-9.-]+:[A-Za-z0-9_./-]+(,[A-Za-z0-9_./-]+)*$/;

/** Parses one `vault.apps` item (already matched against the item pattern). */
export function parseVaultApp(item: string): VaultApp {
    const [name, namespace, serviceAccount, paths] = item.split(":");
    return { name, namespace, serviceAccount, secretPaths: paths.split(",") };
}

/** Reads and validates the vault.* keys; problems go to the reader (call `reader.done()` afterwards). */
export function readVaultConfig(reader: ConfigReader): VaultSettings {
    const enabled = reader.boolean("vault.enabled");
    const replicas = reader.integer("vault.replicas");
    reader.validateWith(
        vaultArgsErrors({ namespace: "vault", replicas }),
        { replicas: "vault.replicas" },
        "VaultArgs",
    );
    const apps = reader
        .stringList("vault.apps", {
            pattern: appItem,
            what: 'an app like "name:namespace:serviceAccount:path[,path...]"',
        })
        .filter((i) => appItem.test(i))
        .map(parseVaultApp);
    const names = apps.map((a) => a.name);
    for (const dup of new Set(names.filter((n, i) => names.indexOf(n) !== i)))
        reader.problem("vault.apps", `app name "${dup}" appears twice; each app is one role and one policy`);
    const address = reader.string("vault.address");
    if (address !== "" && !/^https:\/\/[^\s/]+(:\d+)?\/?$/.test(address))
        reader.problem("vault.address", `"${address}" is not accepted; use https://host[:port] (TLS only)`);
    return { enabled, replicas, apps, address };
}

/** The Vault token (`vault:token`), a Pulumi secret, or undefined before `vault operator init`. */
export function readVaultToken(
    cfg: pulumi.Config = new pulumi.Config(vaultTokenKey.namespace),
): pulumi.Output<string> | undefined {
    return cfg.getSecret(vaultTokenKey.key);
}
