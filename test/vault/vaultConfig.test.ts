import * as fs from "fs";
import { ConfigError } from "../../components/lib/errors";
import {
    VaultApp,
    VaultConfig,
    VaultConfigArgs,
    vaultConfigPending,
} from "../../components/vault/vaultConfig";
import { installVaultMocks, isSecretInput, parseHcl, plain, Recorded, settle } from "./helpers";

/* eslint-disable @typescript-eslint/no-explicit-any -- mocked inputs are untyped JSON */
const resources: Recorded[] = installVaultMocks();
const byType = (t: string) => resources.filter((r) => r.type === t);

const apps: VaultApp[] = [
    {
        name: "payments",
        namespace: "payments",
        serviceAccount: "payments-api",
        secretPaths: ["payments/db", "payments/stripe"],
    },
    { name: "demo", namespace: "demo", serviceAccount: "demo-app", secretPaths: ["demo/config"] },
];
const args: VaultConfigArgs = {
    address: "https://127.0.0.1:8200",
    token: "hvs.root-token-from-init",
    caCertPem: "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n",
    apps,
};

describe("VaultConfig", () => {
    beforeAll(async () => {
        resources.length = 0;
        new VaultConfig("vault-config", args);
        await settle();
    });

    test("explicit provider: address, token as a Pulumi secret, TLS verified against the CA file", () => {
        const [p] = byType("pulumi:providers:vault");
        expect(p).toBeDefined();
        expect(p.inputs.address).toBe("https://127.0.0.1:8200");
        expect(isSecretInput(p.inputs.token)).toBe(true);
        expect(plain(p.inputs.token)).toBe("hvs.root-token-from-init");
        expect(String(p.inputs.skipTlsVerify)).toBe("false");
        const file = plain<string>(p.inputs.caCertFile);
        expect(fs.readFileSync(file, "utf8")).toBe(args.caCertPem);
        expect(isSecretInput(p.inputs.address)).toBe(false);
    });

    test("file audit device on the audit volume", () => {
        const audit = byType("vault:index/audit:Audit").find((a) => a.inputs.path === "file")!;
        expect(audit.inputs).toMatchObject({
            type: "file",
            options: { file_path: "/vault/audit/vault_audit.log" },
        });
        expect(audit.inputs.options.file_path.startsWith("/vault/audit/")).toBe(true);
    });

    test("Kubernetes auth bound to the in-cluster API server", () => {
        const [auth] = byType("vault:index/authBackend:AuthBackend");
        expect(auth.inputs).toMatchObject({ type: "kubernetes", path: "kubernetes" });
        const [cfg] = byType("vault:kubernetes/authBackendConfig:AuthBackendConfig");
        expect(cfg.inputs.kubernetesHost).toBe("https://kubernetes.default.svc");
    });

    test("KV v2 mount for application secrets", () => {
        const [kv] = byType("vault:index/mount:Mount");
        expect(kv.inputs).toMatchObject({ path: "apps", type: "kv", options: { version: "2" } });
    });

    test("one policy per app: read only, on exactly its own paths", async () => {
        const policies = byType("vault:index/policy:Policy");
        expect(policies.map((p) => p.inputs.name).sort()).toEqual(["app-demo", "app-payments"]);
        for (const app of apps) {
            const p = policies.find((x) => x.inputs.name === `app-${app.name}`)!;
            const parsed = await parseHcl(p.inputs.policy);
            expect(Object.keys(parsed)).toEqual(["path"]);
            expect(Object.keys(parsed.path).sort()).toEqual(
                app.secretPaths.map((s) => `apps/data/${s}`).sort(),
            );
            for (const rules of Object.values<any[]>(parsed.path))
                expect(rules).toEqual([{ capabilities: ["read"] }]);
        }
    });

    test("one role per app: bound to exactly its service account and namespace, its own policy, short TTLs", () => {
        const roles = byType("vault:kubernetes/authBackendRole:AuthBackendRole");
        expect(roles).toHaveLength(2);
        for (const app of apps) {
            const r = roles.find((x) => x.inputs.roleName === app.name)!;
            expect(r.inputs.boundServiceAccountNames).toEqual([app.serviceAccount]);
            expect(r.inputs.boundServiceAccountNamespaces).toEqual([app.namespace]);
            expect(r.inputs.tokenPolicies).toEqual([`app-${app.name}`]);
            expect(r.inputs.tokenTtl).toBe(900);
            expect(r.inputs.tokenMaxTtl).toBe(3600);
            expect(r.inputs.backend).toBe("kubernetes");
            // Only tokens minted for Vault log in (issue 13, item 11); SecureWorkload projects exactly that audience.
            expect(r.inputs.audience).toBe("vault");
        }
    });

    test("a second audit device on stdout, so a full audit volume does not stop Vault (issue 13, item 9)", () => {
        const devices = byType("vault:index/audit:Audit")
            .map((a) => ({ type: a.inputs.type, path: a.inputs.path, file: a.inputs.options.file_path }))
            .sort((a, b) => a.path.localeCompare(b.path));
        expect(devices).toEqual([
            { type: "file", path: "file", file: "/vault/audit/vault_audit.log" },
            { type: "file", path: "stdout", file: "stdout" },
        ]);
    });
});

describe("VaultConfig validation", () => {
    const bad = (over: Partial<VaultConfigArgs>) => () => new VaultConfig("bad", { ...args, ...over });
    test.each<[string, Partial<VaultConfigArgs>, RegExp]>([
        ["wildcard service account", { apps: [{ ...apps[0], serviceAccount: "*" }] }, /serviceAccount: "\*"/],
        ["wildcard namespace", { apps: [{ ...apps[0], namespace: "*" }] }, /namespace: "\*"/],
        [
            "wildcard secret path",
            { apps: [{ ...apps[0], secretPaths: ["payments/*"] }] },
            /secretPaths: "payments\/\*"/,
        ],
        ["no secret paths", { apps: [{ ...apps[0], secretPaths: [] }] }, /secretPaths: empty/],
        ["duplicate app", { apps: [apps[0], apps[0]] }, /duplicate/],
        ["long TTL", { tokenTtlSeconds: 86400 }, /tokenTtlSeconds: 86400/],
        ["max below TTL", { tokenTtlSeconds: 900, tokenMaxTtlSeconds: 600 }, /tokenMaxTtlSeconds: 600/],
        ["no CA", { caCertPem: undefined }, /caCertPem\/caCertFile/],
    ])("%s is a ConfigError before any resource", async (_l, over, msg) => {
        resources.length = 0;
        expect(bad(over)).toThrow(ConfigError);
        expect(bad(over)).toThrow(msg);
        await settle();
        expect(resources).toEqual([]);
    });
});

describe("vaultConfigPending", () => {
    test("one line naming what is missing when the token is not set", () => {
        const msg = vaultConfigPending({ address: "https://127.0.0.1:8200", token: undefined })!;
        expect(msg).toMatch(/^Vault configuration pending: run vault operator init/);
        expect(msg).toContain("pulumi config set --secret vault:token");
        expect(msg).not.toContain("vault.address");
        expect(msg.split("\n")).toHaveLength(1);
    });
    test("names both when neither is set", () => {
        const msg = vaultConfigPending({})!;
        expect(msg).toContain("pulumi config set vault.address");
        expect(msg).toContain("pulumi config set --secret vault:token");
    });
    test("undefined when address and token are set", () => {
        expect(vaultConfigPending({ address: "https://127.0.0.1:8200", token: {} })).toBeUndefined();
    });
});
