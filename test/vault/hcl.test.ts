import {
    appPolicyHcl,
    chartPlaceholders,
    hclString,
    kvDataPath,
    serverConfigHcl,
} from "../../components/vault/hcl";
import { buildVaultValues } from "../../components/vault/values";
import { parseHcl } from "./helpers";

/* eslint-disable @typescript-eslint/no-explicit-any -- parsed HCL is untyped JSON */
const seal = { region: "eu-west-1", kmsKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" };

describe("server config HCL (parsed with HashiCorp's parser)", () => {
    let cfg: any;
    beforeAll(async () => {
        cfg = await parseHcl(serverConfigHcl({ releaseName: "vault", replicas: 3, seal, telemetry: true }));
    });

    test("the TCP listener serves TLS with the mounted cert, key and client CA; tls_disable is false", () => {
        const [listener] = cfg.listener.tcp;
        expect(listener.tls_disable === undefined || listener.tls_disable === false).toBe(true);
        expect(listener).toMatchObject({
            address: "[::]:8200",
            tls_cert_file: "/vault/userconfig/vault-tls/tls.crt",
            tls_key_file: "/vault/userconfig/vault-tls/tls.key",
            tls_client_ca_file: "/vault/userconfig/vault-tls/ca.crt",
            tls_min_version: "tls12",
        });
        expect(cfg.listener.tcp).toHaveLength(1);
    });

    test("Raft storage joins exactly the 3 pods over TLS, trusting our CA", () => {
        const [raft] = cfg.storage.raft;
        expect(raft.path).toBe("/vault/data");
        expect(raft.node_id).toBeUndefined(); // from VAULT_RAFT_NODE_ID (server.ha.raft.setNodeId)
        expect(raft.retry_join).toEqual(
            [0, 1, 2].map((i) => ({
                leader_api_addr: `https://vault-${i}.vault-internal:8200`,
                leader_ca_cert_file: "/vault/userconfig/vault-tls/ca.crt",
            })),
        );
        expect(Object.keys(cfg.storage)).toEqual(["raft"]);
    });

    test("awskms seal names the key and region; service registration and UI on; mlock disabled (no IPC_LOCK)", () => {
        expect(cfg.seal.awskms).toEqual([{ region: "eu-west-1", kms_key_id: seal.kmsKeyId }]);
        expect(cfg.service_registration.kubernetes).toBeDefined();
        expect(cfg.ui).toBe(true);
        expect(cfg.disable_mlock).toBe(true);
    });

    test("telemetry for Prometheus when monitoring is on", () => {
        expect(cfg.telemetry).toEqual([{ prometheus_retention_time: "30s", disable_hostname: true }]);
        expect(cfg.listener.tcp[0].telemetry).toEqual([{ unauthenticated_metrics_access: true }]);
    });

    test("without KMS and monitoring: no seal stanza (Shamir, manual unseal) and no telemetry", async () => {
        const plain = await parseHcl(
            serverConfigHcl({ releaseName: "vault", replicas: 5, telemetry: false }),
        );
        expect(plain.seal).toBeUndefined();
        expect(plain.telemetry).toBeUndefined();
        expect(plain.listener.tcp[0].telemetry).toBeUndefined();
        expect(plain.storage.raft[0].retry_join).toHaveLength(5);
        expect(plain.listener.tcp[0].tls_cert_file).toBe("/vault/userconfig/vault-tls/tls.crt");
    });

    test("the config in the chart values is this HCL and has none of the words the chart's start script rewrites", () => {
        const values = buildVaultValues({
            namespace: "vault",
            replicas: 3,
            injectorReplicas: 2,
            storageClass: "gp3-encrypted",
            dataStorageSize: "10Gi",
            auditStorageSize: "10Gi",
            monitoring: false,
            seal: { ...seal, roleArn: "arn:aws:iam::1:role/r" },
            webhookExcludedNamespaces: [],
        }) as any;
        const text: string = values.server.ha.raft.config;
        expect(text).toBe(serverConfigHcl({ releaseName: "vault", replicas: 3, seal, telemetry: false }));
        for (const word of chartPlaceholders) expect(text).not.toContain(word);
    });
});

describe("app policy HCL", () => {
    test("grants exactly read on the app's KV v2 data paths and nothing else", async () => {
        const text = appPolicyHcl(
            { name: "payments", secretPaths: ["payments/db", "payments/api-key", "payments/db"] },
            "apps",
        );
        const parsed = await parseHcl(text);
        expect(Object.keys(parsed)).toEqual(["path"]);
        expect(parsed.path).toEqual({
            "apps/data/payments/db": [{ capabilities: ["read"] }],
            "apps/data/payments/api-key": [{ capabilities: ["read"] }],
        });
        for (const p of Object.keys(parsed.path)) expect(p).not.toMatch(/[*+]/);
    });

    test.each([["payments/*"], ["payments/+/db"], ["../other"], ["/abs"], ["a//b"], ["a b"], ["x/.."]])(
        "rejects secret path %s",
        (bad) => {
            expect(() => appPolicyHcl({ name: "x", secretPaths: [bad] }, "apps")).toThrow(
                /invalid secret paths/,
            );
        },
    );

    test("kvDataPath targets the v2 data endpoint", () => {
        expect(kvDataPath("apps", "team/app")).toBe("apps/data/team/app");
    });

    test("hclString keeps quotes and braces inside the string (no injected stanza)", async () => {
        const evil = 'x" } path "sys/*" { capabilities = ["sudo"] } # \\ \n';
        const parsed = await parseHcl(`v = ${hclString(evil)}\n`);
        expect(parsed).toEqual({ v: evil });
    });

    test.each([["${foo}"], ["%{ if x }"]])("hclString refuses interpolation sequence %s", (bad) => {
        expect(() => hclString(`a${bad}b`)).toThrow(/interpolation/);
    });
});
