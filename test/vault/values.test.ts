import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";
import { buildVaultValues, vaultFreeFormValues, VaultValuesInput } from "../../components/vault/values";
import { chartDefaults, sharedDir, unknownKeys } from "../lib/chart-values";

const defaults = chartDefaults("vault");
// The chart declares draft-07 as "https://json-schema.org/draft-07/schema#"; ajv knows it as http://...: drop the
// $schema URI and let ajv use its default dialect, which is draft-07.
const schema = JSON.parse(
    fs.readFileSync(path.join(sharedDir, "charts", "vault", "values.schema.json"), "utf8"),
);
delete schema.$schema;
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

const base: VaultValuesInput = {
    namespace: "vault",
    replicas: 3,
    injectorReplicas: 2,
    storageClass: "gp3-encrypted",
    dataStorageSize: "10Gi",
    auditStorageSize: "10Gi",
    monitoring: true,
    serviceMonitorSelectors: { release: "kube-prometheus-stack" },
    seal: { region: "eu-west-1", kmsKeyId: "key-1", roleArn: "arn:aws:iam::123456789012:role/vault" },
    webhookExcludedNamespaces: ["kube-system", "vault"],
};
const variants: Array<[string, VaultValuesInput]> = [
    ["EKS + monitoring", base],
    [
        "no KMS, no monitoring",
        { ...base, seal: undefined, monitoring: false, serviceMonitorSelectors: undefined },
    ],
];

/* eslint-disable @typescript-eslint/no-explicit-any -- chart values are untyped JSON */
describe.each(variants)("vault chart values (%s)", (_label, input) => {
    const values = buildVaultValues(input) as any;

    test("every key exists in the chart's values.yaml (free-form maps exempt)", () => {
        expect(unknownKeys(values, defaults, vaultFreeFormValues)).toEqual([]);
    });

    test("the whole values object validates against values.schema.json", () => {
        const ok = validate(values);
        expect(validate.errors ?? []).toEqual([]);
        expect(ok).toBe(true);
    });

    test("TLS on: global.tlsDisable false (the listener files are asserted in hcl.test.ts)", () => {
        expect(values.global.tlsDisable).toBe(false);
        expect(values.server.extraEnvironmentVars.VAULT_CACERT).toBe("/vault/userconfig/vault-tls/ca.crt");
        expect(values.server.volumes).toContainEqual({
            name: "vault-tls",
            secret: { secretName: "vault-tls", defaultMode: 0o440 },
        });
        expect(values.server.volumeMounts).toContainEqual({
            name: "vault-tls",
            mountPath: "/vault/userconfig/vault-tls",
            readOnly: true,
        });
        expect(values.server.ha.raft.config).toContain(
            'tls_cert_file      = "/vault/userconfig/vault-tls/tls.crt"',
        );
    });

    test("HA Raft, 3 replicas, node ids from the pod name, api_addr on the certified pod DNS name", () => {
        expect(values.server.ha).toMatchObject({
            enabled: true,
            replicas: 3,
            raft: { enabled: true, setNodeId: true },
            disruptionBudget: { enabled: true },
        });
        expect(values.server.ha.apiAddr).toBe("https://$(VAULT_K8S_POD_NAME).vault-internal:8200");
    });

    test("anti-affinity stays the chart's (not overridden) and the PDB stays on", () => {
        expect(values.server.affinity).toBeUndefined();
        expect(values.injector.affinity).toBeUndefined();
        expect(String(defaults.server && (defaults.server as any).affinity)).toContain("podAntiAffinity");
        expect(values.server.ha.disruptionBudget.enabled).toBe(true);
        expect(values.injector.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    });

    test("data and audit volumes on the encrypted StorageClass, audit storage on", () => {
        expect(values.server.dataStorage).toMatchObject({ enabled: true, storageClass: "gp3-encrypted" });
        expect(values.server.auditStorage).toMatchObject({ enabled: true, storageClass: "gp3-encrypted" });
    });

    test("injector: enabled, 2 replicas, failurePolicy Fail (new and deprecated key), kube-system excluded", () => {
        expect(values.injector.enabled).toBe(true);
        expect(values.injector.replicas).toBe(2);
        expect(values.injector.webhook.failurePolicy).toBe("Fail");
        expect(values.injector.failurePolicy).toBe("Fail");
        // Opt-in (issue 13, item 6): only namespaces labelled as Vault clients, never kube-system or Vault's own.
        expect(values.injector.webhook.namespaceSelector.matchLabels).toEqual({
            "blueprint.io/vault-client": "true",
        });
        expect(values.injector.webhook.namespaceSelector.matchExpressions[0]).toEqual({
            key: "kubernetes.io/metadata.name",
            operator: "NotIn",
            values: ["kube-system", "vault"],
        });
    });

    test("injected agents run with a non-root security context (vault-k8s AGENT_INJECT_* settings)", () => {
        const env = values.injector.extraEnvironmentVars;
        expect(env.AGENT_INJECT_SET_SECURITY_CONTEXT).toBe("true");
        expect(Number(env.AGENT_INJECT_RUN_AS_USER)).toBeGreaterThan(0);
        expect(Number(env.AGENT_INJECT_RUN_AS_GROUP)).toBeGreaterThan(0);
        expect(env.AGENT_INJECT_RUN_AS_SAME_USER).toBe("false");
    });

    test.each([
        ["server", (v: any) => v.server.statefulSet.securityContext],
        ["injector", (v: any) => v.injector.securityContext],
    ])("%s pod and container security contexts are restricted", (_w, pick) => {
        const sc = pick(values);
        expect(sc.pod).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
        expect(sc.pod.runAsUser).toBeGreaterThan(0);
        expect(sc.container).toMatchObject({
            allowPrivilegeEscalation: false,
            privileged: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        });
    });

    test("read-only root filesystem keeps a writable /tmp for the chart's start script", () => {
        expect(values.server.volumes).toContainEqual({ name: "tmp", emptyDir: { sizeLimit: "16Mi" } });
        expect(values.server.volumeMounts).toContainEqual({ name: "tmp", mountPath: "/tmp" });
    });

    test("ServiceMonitor follows monitoring and verifies TLS against the CA (no insecureSkipVerify)", () => {
        expect(values.serverTelemetry.serviceMonitor.enabled).toBe(input.monitoring);
        expect(values.serverTelemetry.serviceMonitor.tlsConfig).toEqual({
            ca: { secret: { name: "vault-ca", key: "ca.crt" } },
            serverName: "vault-active.vault.svc",
        });
        expect(JSON.stringify(values)).not.toContain("insecureSkipVerify");
    });

    test("IRSA annotation and seal env only with KMS auto-unseal", () => {
        if (input.seal) {
            expect(values.server.serviceAccount.annotations).toEqual({
                "eks.amazonaws.com/role-arn": input.seal.roleArn,
            });
            expect(values.server.extraEnvironmentVars.AWS_REGION).toBe("eu-west-1");
        } else {
            expect(values.server.serviceAccount.annotations).toEqual({});
            expect(values.server.extraEnvironmentVars.AWS_REGION).toBeUndefined();
        }
    });
});

describe("the checks catch mistakes", () => {
    test("a misspelled key is reported by unknownKeys", () => {
        const values = buildVaultValues(base) as any;
        values.server.ha.raft.setNodeID = true;
        values.injector.webhook.failurPolicy = "Fail";
        expect(unknownKeys(values, defaults, vaultFreeFormValues).sort()).toEqual([
            "injector.webhook.failurPolicy",
            "server.ha.raft.setNodeID",
        ]);
    });

    test("a wrongly typed value fails the schema", () => {
        const values = buildVaultValues(base) as any;
        values.global.tlsDisable = "false";
        values.injector.replicas = "2";
        expect(validate(values)).toBe(false);
        const paths = (validate.errors ?? []).map((e) => e.instancePath);
        expect(paths).toEqual(expect.arrayContaining(["/global/tlsDisable", "/injector/replicas"]));
    });

    test("values are a pure function of the input", () => {
        expect(buildVaultValues(base)).toEqual(buildVaultValues(base));
        expect(buildVaultValues({ ...base, replicas: 5 })).not.toEqual(buildVaultValues(base));
    });
});
