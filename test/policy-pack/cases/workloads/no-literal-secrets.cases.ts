import { configMap, container, deployment, ephemeral, podSpec } from "../../coverage-helpers";
import { PolicyCases } from "../case";
import { hardenedDeployment } from "../fixtures/catalogue";
import { awsKeyId, jwt, pem, secretValues } from "../fixtures/secrets";

export const cases: PolicyCases = {
    policy: "no-literal-secrets",
    enforcementLevel: "advisory",
    pass: [
        hardenedDeployment(),
        { name: "the hardened pod of the coverage builders", resources: deployment() },
    ],
    fail: [
        {
            name: "a literal env value under a credential name (a non-secret and a secretKeyRef pass)",
            resources: deployment(
                podSpec({
                    containers: [
                        container({
                            env: [
                                { name: "DB_PASSWORD", value: "hunter22" },
                                { name: "LOG_LEVEL", value: "info" },
                                { name: "FROM_SECRET", valueFrom: { secretKeyRef: { name: "s", key: "k" } } },
                            ],
                        }),
                    ],
                }),
            ),
            messages: [
                'Deployment "web" containers[0] "app" env "DB_PASSWORD" holds a literal credential: its name says it holds a credential and its value is a literal (value not shown).',
            ],
            absent: secretValues,
        },
        {
            name: "a JWT in an init container",
            resources: deployment(
                podSpec({ initContainers: [container({ name: "init", env: [{ name: "X", value: jwt }] })] }),
            ),
            message: /initContainers\[0\] "init" env "X" .*looks like a JWT/,
            count: 1,
            absent: secretValues,
        },
        {
            name: "an AWS access key id in an ephemeral container",
            resources: deployment(
                podSpec({
                    ephemeralContainers: [
                        ephemeral({ env: [{ name: "AWS_ACCESS_KEY_ID", value: awsKeyId }] }),
                    ],
                }),
            ),
            message: /ephemeralContainers\[0\] "debug" env "AWS_ACCESS_KEY_ID" .*AWS access key id/,
            count: 1,
            absent: secretValues,
        },
        {
            name: "ConfigMap data: a PEM private key and a token-named literal",
            resources: configMap("cfg", { "tls.key": pem, "api-token": "abcd1234efgh", level: "info" }),
            messages: [
                'ConfigMap "cfg" data key "tls.key" holds a literal credential: its value looks like a PEM private key (value not shown).',
                'ConfigMap "cfg" data key "api-token" holds a literal credential: its name says it holds a credential and its value is a literal (value not shown).',
            ],
            absent: secretValues,
        },
    ],
};
