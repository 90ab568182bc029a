import { PolicyCases, res } from "../case";
import { container, deployment, hardenedDeployment } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "container-probes",
    enforcementLevel: "advisory",
    pass: [
        hardenedDeployment(),
        {
            name: "run-to-completion kinds (Job) are skipped",
            resources: res("kubernetes:batch/v1:Job", {
                metadata: { name: "j", namespace: "a" },
                spec: { template: { spec: { containers: [{ name: "x" }] } } },
            }),
        },
    ],
    fail: [
        {
            name: "no livenessProbe",
            resources: deployment(container({ livenessProbe: undefined })),
            message: /livenessProbe/,
        },
    ],
};
