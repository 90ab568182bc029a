import { PolicyCases } from "../case";
import { container, deployment, hardenedDeployment } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "read-only-root-filesystem",
    pass: [hardenedDeployment()],
    fail: [
        {
            name: "readOnlyRootFilesystem unset",
            resources: deployment(container({ securityContext: {} })),
            message: "readOnlyRootFilesystem",
            count: 1,
        },
        {
            name: "readOnlyRootFilesystem false",
            resources: deployment(container({ securityContext: { readOnlyRootFilesystem: false } })),
            message: "readOnlyRootFilesystem",
            count: 1,
        },
    ],
};
