/**
 * The policies issue 13 adds, called in-process as pure checks, each with passing and failing input, preview-time
 * unknowns, and the blueprint's own objects as they were before the fix (each fails) and after it (each passes):
 * launch-template-tag-spec-not-empty (item 2), log-group-kms-key-grant (item 4),
 * admission-webhook-fail-closed-scope (item 6), evidence-protected (item 7).
 */
import * as policyProxyModule from "@pulumi/policy/proxy";
import { logsVolumeKeyPolicy } from "../../components/cluster/policies";
import { nodeTagSpecifications } from "../../components/cluster/hardenedCluster";
import { vaultClientLabel } from "../../components/namespace/secureNamespace";
import { buildVaultValues, vaultDefaults } from "../../components/vault/values";
import { policies as awsPolicies } from "../../policy-pack/aws";
import { keyGrantsLogGroup } from "../../policy-pack/aws/log-group-kms-key-grant";
import { BlueprintPolicy, Finding, PolicyConfig, PolicyResource } from "../../policy-pack/lib/types";
import { policies as namespacePolicies } from "../../policy-pack/namespaces";
import { selectorMatches } from "../../policy-pack/namespaces/admission-webhook-fail-closed-scope";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- resource props in tests

const policyProxy = policyProxyModule as unknown as {
    unknownCheckingProxy(o: object): object;
    unknownStringValue: unknown;
};
const preview = (props: Obj): Obj => policyProxy.unknownCheckingProxy(props) as Obj;
const unknownString = policyProxy.unknownStringValue;

const byName = new Map<string, BlueprintPolicy>(
    [...awsPolicies, ...namespacePolicies].map((p) => [p.name, p]),
);
let seq = 0;
function res(type: string, props: Obj, extra: Partial<PolicyResource> = {}): PolicyResource {
    const name = `r${++seq}`;
    return { type, name, urn: `urn:pulumi:test::bp::${type}::${name}`, props, ...extra };
}
function run(name: string, input: PolicyResource | PolicyResource[], config: PolicyConfig = {}): Finding[] {
    const p = byName.get(name);
    if (!p) throw new Error(`no policy ${name}`);
    const list = Array.isArray(input) ? input : [input];
    if (p.kind === "stack") return p.check(list, config);
    return list.flatMap((r) => (p.types && !p.types.includes(r.type) ? [] : p.check(r, config)));
}

describe("launch-template-tag-spec-not-empty (item 2)", () => {
    const lt = (tagSpecifications: unknown) =>
        res("aws:ec2/launchTemplate:LaunchTemplate", { tagSpecifications });

    test("fails on the blueprint's old template: a volume tag specification with tags {}", () => {
        const old = [
            { resourceType: "instance", tags: { Name: "blueprint-node" } },
            { resourceType: "volume", tags: {} },
        ];
        const f = run("launch-template-tag-spec-not-empty", lt(old));
        expect(f).toHaveLength(1);
        expect(f[0].message).toMatch(
            /tagSpecifications\[1\] \(volume\) without tags.*InvalidTagSpecification/,
        );
        expect(run("launch-template-tag-spec-not-empty", lt([{ resourceType: "volume" }]))).toHaveLength(1);
    });

    test("passes on today's template (with and without cluster.tags), none, and unknown tags", () => {
        expect(run("launch-template-tag-spec-not-empty", lt(nodeTagSpecifications("b", {})))).toEqual([]);
        expect(
            run("launch-template-tag-spec-not-empty", lt(nodeTagSpecifications("b", { team: "x" }))),
        ).toEqual([]);
        expect(run("launch-template-tag-spec-not-empty", lt(undefined))).toEqual([]);
        expect(
            run(
                "launch-template-tag-spec-not-empty",
                res(
                    "aws:ec2/launchTemplate:LaunchTemplate",
                    preview({ tagSpecifications: [{ resourceType: "volume", tags: unknownString }] }),
                ),
            ),
        ).toEqual([]);
    });
});

describe("log-group-kms-key-grant (item 4)", () => {
    const acct = "123456789012";
    const arnOf = (n: string) => `arn:aws:logs:eu-west-1:${acct}:log-group:${n}`;
    const keyPolicy = (groups: string[]) =>
        JSON.stringify(
            logsVolumeKeyPolicy({
                partition: "aws",
                accountId: acct,
                adminArns: [`arn:aws:iam::${acct}:role/admin`],
                region: "eu-west-1",
                dnsSuffix: "amazonaws.com",
                logGroupArns: groups.map(arnOf),
            }),
        );
    const key = (policy: unknown, arn = "arn:aws:kms:eu-west-1:123456789012:key/k1") =>
        res("aws:kms/key:Key", { policy, arn });
    const group = (name: string, kmsKeyId: unknown, deps: string[] = []) =>
        res(
            "aws:cloudwatch/logGroup:LogGroup",
            { name, kmsKeyId, retentionInDays: 365 },
            { propertyDependencies: { kmsKeyId: deps } },
        );

    test("fails: Falco's group on the key whose policy grants only the EKS group (the old blueprint)", () => {
        const k = key(keyPolicy(["/aws/eks/blueprint/cluster"]));
        const f = run("log-group-kms-key-grant", [
            k,
            group("/aws/eks/blueprint/cluster", "arn:aws:kms:eu-west-1:123456789012:key/k1"),
            group("/blueprint/falco/events", "arn:aws:kms:eu-west-1:123456789012:key/k1"),
        ]);
        expect(f).toHaveLength(1);
        expect(f[0].message).toMatch(/falco\/events.*no use for this group's ARN/);
    });

    test("preview: the key is found through the property dependency of kmsKeyId", () => {
        const k = res(
            "aws:kms/key:Key",
            preview({ policy: keyPolicy(["/aws/eks/b/cluster"]), arn: unknownString }),
        );
        const g = res(
            "aws:cloudwatch/logGroup:LogGroup",
            preview({ name: "/blueprint/falco/events", kmsKeyId: unknownString }),
            { propertyDependencies: { kmsKeyId: [k.urn] } },
        );
        expect(run("log-group-kms-key-grant", [k, g])).toHaveLength(1);
        const fixed = res(
            "aws:kms/key:Key",
            preview({
                policy: keyPolicy(["/aws/eks/b/cluster", "/blueprint/falco/events"]),
                arn: unknownString,
            }),
        );
        const g2 = { ...g, propertyDependencies: { kmsKeyId: [fixed.urn] } };
        expect(run("log-group-kms-key-grant", [fixed, g2])).toEqual([]);
    });

    test("passes: one grant per group, an unconditioned grant, a wildcard ArnLike grant", () => {
        const both = key(keyPolicy(["/aws/eks/b/cluster", "/blueprint/falco/events"]));
        expect(
            run("log-group-kms-key-grant", [
                both,
                group("/aws/eks/b/cluster", "arn:aws:kms:eu-west-1:123456789012:key/k1"),
                group("/blueprint/falco/events", "arn:aws:kms:eu-west-1:123456789012:key/k1"),
            ]),
        ).toEqual([]);
        const stmt = (Condition?: Obj) =>
            JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "logs.eu-west-1.amazonaws.com" },
                        Action: ["kms:Encrypt*", "kms:GenerateDataKey*"],
                        Resource: "*",
                        ...(Condition ? { Condition } : {}),
                    },
                ],
            });
        expect(keyGrantsLogGroup(stmt(), "/any")).toBe(true);
        expect(
            keyGrantsLogGroup(
                stmt({
                    ArnLike: {
                        "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:eu-west-1:${acct}:log-group:/blueprint/*`,
                    },
                }),
                "/blueprint/falco/events",
            ),
        ).toBe(true);
        expect(
            keyGrantsLogGroup(
                stmt({
                    ArnEquals: {
                        "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${acct}:log-group:/x`,
                    },
                }),
                "/x",
            ),
        ).toBe(false); // another region's CloudWatch Logs
        expect(keyGrantsLogGroup("{not json", "/x")).toBeUndefined();
    });

    test("not judged: key outside the stack, unknown policy, no key", () => {
        expect(
            run("log-group-kms-key-grant", [group("/x", "arn:aws:kms:eu-west-1:1:key/elsewhere")]),
        ).toEqual([]);
        expect(
            run("log-group-kms-key-grant", [
                key(undefined),
                group("/x", "arn:aws:kms:eu-west-1:123456789012:key/k1"),
            ]),
        ).toEqual([]);
        expect(run("log-group-kms-key-grant", [group("/x", undefined)])).toEqual([]);
    });
});

describe("admission-webhook-fail-closed-scope (item 6)", () => {
    const ns = (name: string, labels: Obj = {}) =>
        res("kubernetes:core/v1:Namespace", { metadata: { name, labels } });
    /** The injector's MutatingWebhookConfiguration as the vault chart (0.34.1) renders it from our values. */
    const injectorWebhook = (values: Obj) =>
        res("kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration", {
            metadata: { name: "vault-agent-injector-cfg" },
            webhooks: [
                {
                    name: "vault.hashicorp.com",
                    failurePolicy: values.injector.webhook.failurePolicy ?? values.injector.failurePolicy,
                    clientConfig: {
                        service: { name: "vault-agent-injector-svc", namespace: "vault", path: "/mutate" },
                    },
                    namespaceSelector:
                        values.injector.webhook.namespaceSelector ?? values.injector.namespaceSelector,
                },
            ],
        });
    const input = {
        namespace: "vault",
        replicas: 3,
        injectorReplicas: 2,
        storageClass: "gp3-encrypted-retain",
        dataStorageSize: "10Gi",
        auditStorageSize: "10Gi",
        monitoring: true,
        webhookExcludedNamespaces: ["kube-system", "vault"],
    };
    const stack = [
        ns("vault"),
        ns("monitoring"),
        ns("harbor"),
        ns("example", { [vaultClientLabel]: "true" }),
    ];

    test("fails on the old injector selector (every namespace but kube-system and vault)", () => {
        const old = buildVaultValues(input) as Obj;
        old.injector.webhook.namespaceSelector = {
            matchExpressions: [
                { key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["kube-system", "vault"] },
            ],
        };
        const f = run("admission-webhook-fail-closed-scope", [...stack, injectorWebhook(old)]);
        expect(f).toHaveLength(1);
        expect(f[0].message).toMatch(/fails closed.*selects harbor, falco, monitoring/);
        expect(f[0].message).not.toMatch(/kube-system/);
    });

    test("passes on today's values: only namespaces labelled as Vault clients", () => {
        const values = buildVaultValues(input) as Obj;
        expect(vaultDefaults.clientNamespaceLabel).toBe(vaultClientLabel);
        const sel = values.injector.webhook.namespaceSelector;
        expect(
            selectorMatches(sel, { "kubernetes.io/metadata.name": "example", [vaultClientLabel]: "true" }),
        ).toBe(true);
        expect(selectorMatches(sel, { "kubernetes.io/metadata.name": "monitoring" })).toBe(false);
        expect(run("admission-webhook-fail-closed-scope", [...stack, injectorWebhook(values)])).toEqual([]);
        // Even a platform namespace wrongly labelled as a client stays excluded for kube-system and vault.
        const labelled = [ns("vault", { [vaultClientLabel]: "true" })];
        expect(run("admission-webhook-fail-closed-scope", [...labelled, injectorWebhook(values)])).toEqual(
            [],
        );
    });

    test("an absent selector selects everything; failurePolicy Ignore and v1beta1's default are not fail-closed", () => {
        const hook = (
            w: Obj,
            type = "kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration",
        ) =>
            res(type, {
                metadata: { name: "h" },
                webhooks: [
                    { name: "h.example.com", clientConfig: { service: { namespace: "policy" } }, ...w },
                ],
            });
        const f = run("admission-webhook-fail-closed-scope", [hook({})]);
        expect(f).toHaveLength(1);
        expect(f[0].message).toMatch(/selects kube-system, policy, vault/);
        expect(run("admission-webhook-fail-closed-scope", [hook({ failurePolicy: "Ignore" })])).toEqual([]);
        expect(
            run("admission-webhook-fail-closed-scope", [
                hook({}, "kubernetes:admissionregistration.k8s.io/v1beta1:ValidatingWebhookConfiguration"),
            ]),
        ).toEqual([]);
        // Config: the platform list is replaceable.
        const g = run("admission-webhook-fail-closed-scope", [hook({})], { platformNamespaces: [] });
        expect(g[0].message).toMatch(/selects kube-system, policy:/);
        // Unknown selector during preview: not judged.
        expect(
            run("admission-webhook-fail-closed-scope", [
                res(
                    "kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration",
                    preview({ webhooks: [{ name: "x", namespaceSelector: unknownString }] }),
                ),
            ]),
        ).toEqual([]);
    });

    test("selector semantics: In, NotIn, Exists, DoesNotExist, matchLabels", () => {
        const l = { a: "1", b: "2" };
        expect(selectorMatches({ matchLabels: { a: "1" } }, l)).toBe(true);
        expect(selectorMatches({ matchLabels: { a: "2" } }, l)).toBe(false);
        expect(selectorMatches({ matchExpressions: [{ key: "a", operator: "In", values: ["1"] }] }, l)).toBe(
            true,
        );
        expect(
            selectorMatches({ matchExpressions: [{ key: "c", operator: "NotIn", values: ["1"] }] }, l),
        ).toBe(true);
        expect(selectorMatches({ matchExpressions: [{ key: "c", operator: "Exists" }] }, l)).toBe(false);
        expect(selectorMatches({ matchExpressions: [{ key: "c", operator: "DoesNotExist" }] }, l)).toBe(true);
        expect(selectorMatches({}, l)).toBe(true);
    });
});

describe("evidence-protected (item 7)", () => {
    const lg = (protect: boolean) =>
        res("aws:cloudwatch/logGroup:LogGroup", { name: "/aws/eks/b/cluster" }, { opts: { protect } });
    const key = (protect: boolean) => res("aws:kms/key:Key", { description: "k" }, { opts: { protect } });

    test("fails: the old blueprint's unprotected audit log group and keys", () => {
        const f = run("evidence-protected", [
            lg(false),
            key(false),
            res("aws:ebs/volume:Volume", {}, { opts: { protect: false } }),
        ]);
        expect(f).toHaveLength(3);
        expect(f[0].message).toMatch(/not protected.*retainOnDelete alone is invisible/);
    });

    test("passes: protected log group, key, volume", () => {
        expect(run("evidence-protected", [lg(true), key(true)])).toEqual([]);
        // Other resources are not evidence.
        expect(
            run("evidence-protected", [res("aws:iam/role:Role", {}, { opts: { protect: false } })]),
        ).toEqual([]);
    });

    test("volumes: Retain reclaim policy (PV, or the claim's StorageClass) or protect", () => {
        const sc = (name: string, reclaimPolicy?: string) =>
            res("kubernetes:storage.k8s.io/v1:StorageClass", {
                metadata: { name },
                ...(reclaimPolicy ? { reclaimPolicy } : {}),
            });
        const pvc = (storageClassName: unknown, protect = false) =>
            res(
                "kubernetes:core/v1:PersistentVolumeClaim",
                { metadata: { name: "data" }, spec: { storageClassName } },
                { opts: { protect } },
            );
        const pv = (persistentVolumeReclaimPolicy: string) =>
            res("kubernetes:core/v1:PersistentVolume", {
                metadata: { name: "pv" },
                spec: { persistentVolumeReclaimPolicy },
            });
        const stack = [sc("gp3-encrypted"), sc("gp3-encrypted-retain", "Retain")];
        expect(run("evidence-protected", [...stack, pvc("gp3-encrypted")])).toHaveLength(1);
        expect(run("evidence-protected", [...stack, pvc("gp3-encrypted", true)])).toEqual([]);
        expect(run("evidence-protected", [...stack, pvc("gp3-encrypted-retain")])).toEqual([]);
        expect(run("evidence-protected", [...stack, pvc("outside-the-stack")])).toEqual([]);
        expect(run("evidence-protected", [...stack, pvc(undefined)])).toEqual([]);
        expect(run("evidence-protected", [pv("Delete")])).toHaveLength(1);
        expect(run("evidence-protected", [pv("Retain")])).toEqual([]);
    });
});
