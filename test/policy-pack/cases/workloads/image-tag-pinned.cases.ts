import { PolicyCases } from "../case";
import { container, deployment, hardenedDeployment } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "image-tag-pinned",
    pass: [
        hardenedDeployment(),
        { name: "a version tag", resources: deployment(container({ image: "registry.k8s.io/pause:3.10" })) },
        {
            name: "a digest without a tag",
            resources: deployment(container({ image: `registry.k8s.io/pause@sha256:${"b".repeat(64)}` })),
        },
    ],
    fail: [
        {
            name: "no tag",
            resources: deployment(container({ image: "registry.k8s.io/pause" })),
            message: /no tag/,
        },
        {
            name: "the latest tag",
            resources: deployment(container({ image: "registry.k8s.io/pause:latest" })),
            message: /latest/,
        },
    ],
};
