import { vaultClientLabel } from "../../../../components/namespace/secureNamespace";
import { buildVaultValues } from "../../../../components/vault/values";
import { Obj, PolicyCases, res } from "../case";
import { injectorWebhook, namespace, vaultInput } from "../fixtures/issue13";

const stack = () => [
    namespace("vault"),
    namespace("monitoring"),
    namespace("harbor"),
    namespace("example", { [vaultClientLabel]: "true" }),
];
const oldValues = () => {
    const old = buildVaultValues(vaultInput) as Obj;
    old.injector.webhook.namespaceSelector = {
        matchExpressions: [
            { key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["kube-system", "vault"] },
        ],
    };
    return old;
};
const hook = (w: Obj, type = "kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration") =>
    res(type, {
        metadata: { name: "h" },
        webhooks: [{ name: "h.example.com", clientConfig: { service: { namespace: "policy" } }, ...w }],
    });

export const cases: PolicyCases = {
    policy: "admission-webhook-fail-closed-scope",
    enforcementLevel: "advisory",
    pass: [
        {
            name: "today's values: only namespaces labelled as Vault clients",
            resources: [...stack(), injectorWebhook(buildVaultValues(vaultInput) as Obj)],
        },
        {
            name: "a platform namespace wrongly labelled as a client stays excluded (vault)",
            resources: [
                namespace("vault", { [vaultClientLabel]: "true" }),
                injectorWebhook(buildVaultValues(vaultInput) as Obj),
            ],
        },
        { name: "failurePolicy Ignore is not fail-closed", resources: [hook({ failurePolicy: "Ignore" })] },
        {
            name: "v1beta1's default failurePolicy (Ignore) is not fail-closed",
            resources: [
                hook({}, "kubernetes:admissionregistration.k8s.io/v1beta1:ValidatingWebhookConfiguration"),
            ],
        },
    ],
    fail: [
        {
            name: "the old injector selector (every namespace but kube-system and vault)",
            resources: [...stack(), injectorWebhook(oldValues())],
            message: /fails closed.*selects harbor, falco, monitoring/,
            count: 1,
            absent: ["kube-system"],
        },
        {
            name: "an absent selector selects everything",
            resources: [hook({})],
            message: /selects kube-system, policy, vault/,
            count: 1,
        },
        {
            name: "config platformNamespaces replaces the platform list",
            resources: [hook({})],
            config: { platformNamespaces: [] },
            message: /selects kube-system, policy:/,
        },
    ],
};
