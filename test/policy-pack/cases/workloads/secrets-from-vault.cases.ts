import { Obj, PolicyCases, res } from "../case";
import { hardenedDeployment } from "../fixtures/catalogue";

const secret = (over: Obj) =>
    res("kubernetes:core/v1:Secret", { metadata: { name: "s", namespace: "apps" }, ...over });

export const cases: PolicyCases = {
    policy: "secrets-from-vault",
    enforcementLevel: "advisory",
    pass: [
        hardenedDeployment(),
        {
            name: "a TLS Secret",
            resources: secret({ type: "kubernetes.io/tls", data: { "tls.crt": "x", "tls.key": "y" } }),
        },
        { name: "a Secret without data", resources: secret({}) },
        {
            name: "a Secret in a system namespace",
            resources: res("kubernetes:core/v1:Secret", {
                metadata: { name: "s", namespace: "kube-system" },
                data: { a: "b" },
            }),
        },
    ],
    fail: [
        {
            name: "literal stringData",
            resources: secret({ stringData: { password: "x" } }),
            message: /Vault/,
        },
        { name: "literal data", resources: secret({ data: { a: "eA==" } }), message: /Vault/, count: 1 },
    ],
};
