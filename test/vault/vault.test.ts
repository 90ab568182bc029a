import { ConfigError } from "../../components/lib/errors";
import { Vault, VaultArgs } from "../../components/vault/vault";
import { installVaultMocks, isSecretInput, parseHcl, plain, Recorded, settle, valueOf } from "./helpers";

const resources: Recorded[] = installVaultMocks();
const byType = (t: string) => resources.filter((r) => r.type === t);
const one = (t: string, name?: string) => {
    const rs = byType(t).filter((r) => name === undefined || r.name === name);
    expect(rs).toHaveLength(1);
    return rs[0];
};

const eks: VaultArgs = {
    namespace: "vault",
    monitoring: true,
    caSecretNamespaces: ["demo"],
    awsKmsUnseal: {
        oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
        oidcIssuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
    },
};

describe("Vault on EKS (KMS auto-unseal)", () => {
    let vault: Vault;
    beforeAll(async () => {
        resources.length = 0;
        vault = new Vault("vault", eks);
        await settle();
    });

    test("installs the pinned chart into the given namespace without creating it, without waiting for sealed pods", () => {
        const rel = one("kubernetes:helm.sh/v3:Release");
        expect(rel.inputs).toMatchObject({
            name: "vault",
            chart: "vault",
            version: "0.34.1",
            repositoryOpts: { repo: "https://helm.releases.hashicorp.com" },
            namespace: "vault",
            createNamespace: false,
            skipAwait: true,
        });
        expect(byType("kubernetes:core/v1:Namespace")).toHaveLength(0);
    });

    test("TLS Secret: kubernetes.io/tls with ca.crt, the private key sent as a Pulumi secret", () => {
        const s = one("kubernetes:core/v1:Secret", "vault-tls");
        expect(s.inputs.type).toBe("kubernetes.io/tls");
        expect(s.inputs.metadata).toMatchObject({ name: "vault-tls", namespace: "vault" });
        const data = plain<Record<string, unknown>>(s.inputs.stringData);
        expect(Object.keys(data).sort()).toEqual(["ca.crt", "tls.crt", "tls.key"]);
        expect(isSecretInput(s.inputs.stringData) || isSecretInput(data["tls.key"])).toBe(true);
        expect(plain<string>(data["tls.key"])).toContain("PRIVATE KEY");
        expect(plain<string>(data["tls.crt"])).toContain("SERVER");
        expect(plain<string>(data["ca.crt"])).toContain("CA vault-ca");
    });

    test("two ECDSA P-256 keys: the CA's and the server's", () => {
        const keys = byType("tls:index/privateKey:PrivateKey");
        expect(keys.map((k) => k.name).sort()).toEqual(["vault-ca", "vault-server"]);
        for (const k of keys) expect(k.inputs).toMatchObject({ algorithm: "ECDSA", ecdsaCurve: "P256" });
    });

    test("server certificate SANs cover the services, the pod DNS names and loopback; signed by the CA", () => {
        const csr = one("tls:index/certRequest:CertRequest");
        const dns: string[] = csr.inputs.dnsNames;
        for (const n of [
            "vault",
            "vault.vault",
            "vault.vault.svc",
            "vault.vault.svc.cluster.local",
            "vault-active",
            "vault-active.vault.svc",
            "vault-active.vault.svc.cluster.local",
            "vault-standby.vault.svc",
            "vault-internal.vault.svc",
            "*.vault-internal",
            "*.vault-internal.vault.svc",
            "*.vault-internal.vault.svc.cluster.local",
        ])
            expect(dns).toContain(n);
        expect(csr.inputs.ipAddresses).toEqual(["127.0.0.1"]);
        const ca = one("tls:index/selfSignedCert:SelfSignedCert");
        expect(ca.inputs.isCaCertificate).toBe(true);
        expect(ca.inputs.allowedUses).toEqual(["cert_signing", "crl_signing"]);
        const cert = one("tls:index/locallySignedCert:LocallySignedCert");
        expect(cert.inputs.allowedUses).toContain("server_auth");
        expect(cert.inputs.caCertPem).toContain("CA vault-ca");
    });

    test("the CA certificate is an output, and a ca.crt-only Secret is published for clients", async () => {
        expect(await valueOf(vault.caCertPem)).toContain("CA vault-ca");
        expect(await valueOf(vault.address)).toBe("https://vault.vault.svc:8200");
        const cas = byType("kubernetes:core/v1:Secret").filter((s) => s.inputs.metadata.name === "vault-ca");
        expect(cas.map((s) => s.inputs.metadata.namespace).sort()).toEqual(["demo", "vault"]);
        for (const s of cas) {
            expect(Object.keys(plain<Record<string, string>>(s.inputs.stringData))).toEqual(["ca.crt"]);
        }
    });

    test("KMS key: dedicated, rotation on, 30-day deletion window, key policy keeps the account root as admin", () => {
        const key = one("aws:kms/key:Key");
        expect(key.inputs).toMatchObject({
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            keyUsage: "ENCRYPT_DECRYPT",
        });
        const policy = JSON.parse(key.inputs.policy);
        expect(policy.Statement).toEqual([
            expect.objectContaining({
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::123456789012:root" },
                Action: "kms:*",
            }),
        ]);
    });

    test("IRSA role: exactly kms:Encrypt/Decrypt/DescribeKey on exactly the unseal key", () => {
        const rp = one("aws:iam/rolePolicy:RolePolicy");
        const doc = JSON.parse(rp.inputs.policy);
        expect(doc.Statement).toHaveLength(1);
        const [st] = doc.Statement;
        expect(st.Effect).toBe("Allow");
        expect([...st.Action].sort()).toEqual(["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt"]);
        expect(st.Resource).toBe(
            "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        );
        expect(JSON.stringify(doc)).not.toContain("*");
    });

    test("IRSA trust policy is pinned to the vault service account in the vault namespace", () => {
        const role = one("aws:iam/role:Role");
        const trust = JSON.parse(role.inputs.assumeRolePolicy);
        const cond = trust.Statement[0].Condition.StringEquals;
        expect(cond["oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub"]).toBe("system:serviceaccount:vault:vault");
        expect(cond["oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud"]).toBe("sts.amazonaws.com");
    });

    test("the release annotates the named server SA with the role and seals with that key", async () => {
        const values = one("kubernetes:helm.sh/v3:Release").inputs.values;
        expect(values.server.serviceAccount).toEqual({
            create: true,
            name: "vault",
            annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/vault-unseal" },
        });
        const hcl = await parseHcl(values.server.ha.raft.config);
        expect(hcl.seal.awskms).toEqual([
            { region: "eu-west-1", kms_key_id: "1234abcd-12ab-34cd-56ef-1234567890ab" },
        ]);
        expect(values.serverTelemetry.serviceMonitor.enabled).toBe(true);
        expect(values.global.tlsDisable).toBe(false);
    });

    test("no secret material in the Helm values (which are therefore not a secret input)", () => {
        const raw = one("kubernetes:helm.sh/v3:Release").inputs.values;
        expect(isSecretInput(raw)).toBe(false);
        const values = JSON.stringify(raw);
        expect(values).not.toContain("PRIVATE KEY");
        expect(values).not.toContain("BEGIN CERTIFICATE");
    });
});

describe("Vault on a non-EKS cluster (no awsKmsUnseal)", () => {
    beforeAll(async () => {
        resources.length = 0;
        new Vault("plain", { namespace: "secrets", storageClass: "encrypted-local" });
        await settle();
    });

    test("creates no AWS resources, no seal stanza, no IRSA annotation", async () => {
        expect(resources.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
        const values = one("kubernetes:helm.sh/v3:Release").inputs.values;
        expect(values.server.serviceAccount.annotations).toEqual({});
        const hcl = await parseHcl(values.server.ha.raft.config);
        expect(hcl.seal).toBeUndefined();
        expect(values.server.dataStorage.storageClass).toBe("encrypted-local");
        expect(values.serverTelemetry.serviceMonitor.enabled).toBe(false);
        expect(one("kubernetes:helm.sh/v3:Release").inputs.namespace).toBe("secrets");
    });
});

describe("bad Args", () => {
    test("throw one ConfigError listing every problem, before any resource", async () => {
        resources.length = 0;
        let err: unknown;
        try {
            new Vault("bad", {
                namespace: "Bad_NS",
                replicas: 2,
                injectorReplicas: 1,
                storageClass: "",
                dataStorageSize: "10GB",
                caSecretNamespaces: ["x y"],
            });
        } catch (e) {
            err = e;
        }
        await settle();
        expect(err).toBeInstanceOf(ConfigError);
        const problems = (err as ConfigError).problems;
        expect(problems).toHaveLength(6);
        expect(problems.join("\n")).toMatch(/namespace.*Bad_NS/);
        expect(problems.join("\n")).toMatch(/replicas: Unsupported value: 2: .*3, 5, 7/);
        expect(problems.join("\n")).toMatch(/injectorReplicas: Invalid value: 1: /);
        expect(resources).toEqual([]);
    });

    test("accepts the defaults", () => {
        expect(() => new Vault("ok", { namespace: "vault" })).not.toThrow();
    });
});
