import { PolicyCases, res } from "../case";
import { container, deployment, hardenedDeployment } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "no-default-namespace",
    pass: [
        hardenedDeployment(),
        {
            name: "a Service in an app namespace",
            resources: res("kubernetes:core/v1:Service", { metadata: { name: "s", namespace: "apps" } }),
        },
    ],
    fail: [
        {
            name: "a Deployment in default",
            resources: deployment(container(), {}, "default"),
            message: "default",
            count: 1,
        },
        {
            name: "a Deployment without metadata.namespace",
            resources: deployment(container(), {}, null),
            message: /no metadata.namespace/,
        },
        {
            name: "a workload's object (Service) in default",
            resources: res("kubernetes:core/v1:Service", { metadata: { name: "s", namespace: "default" } }),
            message: "default",
            count: 1,
        },
    ],
};
