/**
 * The policies issue 13 adds: what does not fit the per-policy tables (launch-template-tag-spec-not-empty,
 * log-group-kms-key-grant, admission-webhook-fail-closed-scope, evidence-protected in cases/): preview-time unknowns,
 * and the pure helpers the policies decide with (key-policy grants, label selectors).
 */
import { vaultClientLabel } from "../../components/namespace/secureNamespace";
import { buildVaultValues, vaultDefaults } from "../../components/vault/values";
import { keyGrantsLogGroup } from "../../policy-pack/aws/log-group-kms-key-grant";
import { selectorMatches } from "../../lib/labels";
import { Obj, res, run } from "./cases/case";
import { acct, keyPolicy, vaultInput } from "./cases/fixtures/issue13";
import { preview, unknownString } from "./coverage-helpers";

describe("launch-template-tag-spec-not-empty (item 2)", () => {
    test("tags unknown during preview pass", () => {
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
    test("preview: the key is found through the property dependency of kmsKeyId", () => {
        const k = res(
            "aws:kms/key:Key",
            preview({ policy: keyPolicy(["/aws/eks/b/cluster"]), arn: unknownString }),
        );
        const g = {
            ...res(
                "aws:cloudwatch/logGroup:LogGroup",
                preview({ name: "/blueprint/falco/events", kmsKeyId: unknownString }),
            ),
            propertyDependencies: { kmsKeyId: [k.urn] },
        };
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

    test("key-policy grants: an unconditioned grant, a wildcard ArnLike grant, another region, not JSON", () => {
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
});

describe("admission-webhook-fail-closed-scope (item 6)", () => {
    test("today's injector selector matches only namespaces labelled as Vault clients", () => {
        const values = buildVaultValues(vaultInput) as Obj;
        expect(vaultDefaults.clientNamespaceLabel).toBe(vaultClientLabel);
        const sel = values.injector.webhook.namespaceSelector;
        expect(
            selectorMatches(sel, { "kubernetes.io/metadata.name": "example", [vaultClientLabel]: "true" }),
        ).toBe(true);
        expect(selectorMatches(sel, { "kubernetes.io/metadata.name": "monitoring" })).toBe(false);
    });

    test("an unknown selector during preview is not judged", () => {
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
