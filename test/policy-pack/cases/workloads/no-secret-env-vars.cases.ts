import { PolicyCases } from "../case";
import { container, deployment, hardenedDeployment } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "no-secret-env-vars",
    pass: [
        hardenedDeployment(),
        {
            name: "a literal env value",
            resources: deployment(container({ env: [{ name: "A", value: "b" }] })),
        },
    ],
    fail: [
        {
            name: "a secretKeyRef env var and a secretRef envFrom (the configMapRef is fine)",
            resources: deployment(
                container({
                    env: [
                        { name: "PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "pw" } } },
                        { name: "MODE", value: "x" },
                    ],
                    envFrom: [{ secretRef: { name: "all" } }, { configMapRef: { name: "cm" } }],
                }),
            ),
            message: /Secret "db".*PASSWORD/,
            count: 2,
        },
    ],
};
