import { PolicyCases } from "../case";
import { container, deployment, hardenedDeployment } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "image-digest-pinned",
    pass: [hardenedDeployment()],
    fail: [
        {
            name: "a tag without a digest",
            resources: deployment(container({ image: "registry.k8s.io/pause:3.10" })),
            message: "registry.k8s.io/pause:3.10",
            count: 1,
        },
    ],
};
