import { PolicyCases, res } from "../case";
import { container, deployment, hardenedDeployment } from "../fixtures/catalogue";

const cfg = { registries: ["harbor.example.com", "*.dkr.ecr.*.amazonaws.com"] };

export const cases: PolicyCases = {
    policy: "allowed-image-registries",
    pass: [
        hardenedDeployment(),
        {
            name: "docker.io/aquasec is allowed by default",
            resources: deployment(container({ image: "docker.io/aquasec/kube-bench:v0.10.6" })),
        },
        {
            name: "a short Docker Hub name resolves to docker.io",
            resources: deployment(container({ image: "aquasec/kube-bench:v0.10.6" })),
        },
        {
            name: "config `registries`: an exact registry",
            resources: deployment(container({ image: "harbor.example.com/team/app:1" })),
            config: cfg,
        },
        {
            name: "config `registries`: a wildcard ECR registry",
            resources: deployment(container({ image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1" })),
            config: cfg,
        },
    ],
    fail: [
        {
            name: "nginx:1.27 is docker.io/library/nginx, not allowed",
            resources: deployment(container({ image: "nginx:1.27" })),
            message: /docker.io\/library\/nginx.*not in/,
        },
        {
            name: "a registry path matches at a path boundary only",
            resources: deployment(container({ image: "docker.io/aquasecurity-evil/x:1" })),
            message: "docker.io/aquasecurity-evil/x",
            count: 1,
        },
        {
            name: "config `registries`: a longer host is another registry",
            resources: deployment(container({ image: "harbor.example.com.evil.io/app:1" })),
            config: cfg,
            message: "harbor.example.com.evil.io",
            count: 1,
        },
        {
            name: "init containers are checked",
            resources: deployment(container(), { initContainers: [container({ image: "evil.io/x:1" })] }),
            message: /initContainers\[0\]/,
        },
        {
            name: "a CronJob's job template is checked",
            resources: res("kubernetes:batch/v1:CronJob", {
                metadata: { name: "c", namespace: "apps" },
                spec: {
                    jobTemplate: {
                        spec: { template: { spec: { containers: [container({ image: "evil.io/x:1" })] } } },
                    },
                },
            }),
            message: "evil.io/x",
            count: 1,
        },
    ],
};
