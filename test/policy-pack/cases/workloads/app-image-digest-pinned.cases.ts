import { FailCase, PolicyCases, res } from "../case";
import { hardenedDeployment } from "../fixtures/catalogue";
import { deployment, digest, harborImage, namespace } from "../fixtures/images";

const app = namespace("apps", "app");
const cron = res("kubernetes:batch/v1:CronJob", {
    metadata: { name: "c", namespace: "apps" },
    spec: {
        jobTemplate: {
            spec: { template: { spec: { containers: [{ name: "c", image: "harbor.example.com/a/b:1" }] } } },
        },
    },
});
const notSha256: FailCase[] = [
    "harbor.example.com/apps/web:1.0",
    "harbor.example.com/apps/web",
    "harbor.example.com/apps/web:1.0@sha256:abc",
    `harbor.example.com/apps/web:1.0@sha512:${"a".repeat(128)}`,
    `harbor.example.com/apps/web:1.0@sha256:${"A".repeat(64)}`,
].map((bad) => ({
    name: `app namespace: ${bad}`,
    resources: [app, deployment("apps", [bad])],
    message: /app-tier namespace "apps".*not pinned by a sha256 digest/,
    count: 1,
}));

export const cases: PolicyCases = {
    policy: "app-image-digest-pinned",
    enforcementLevel: "mandatory",
    pass: [
        hardenedDeployment(),
        {
            name: "app namespace: every container list pinned by sha256",
            resources: [app, deployment("apps", [harborImage], [harborImage])],
        },
        {
            name: "app namespace: a digest without a tag",
            resources: [app, deployment("apps", [`harbor.example.com/apps/web${digest}`])],
        },
        ...[
            { label: "a platform namespace", stack: [namespace("apps", "platform")] },
            { label: "an untiered namespace", stack: [namespace("apps")] },
            { label: "a namespace outside the stack", stack: [] },
        ].map(({ label, stack }) => ({
            name: `${label} is left to the advisory image-digest-pinned`,
            resources: [...stack, deployment("apps", ["registry.k8s.io/pause:3.10"])],
        })),
    ],
    fail: [
        ...notSha256,
        {
            name: "app namespace: init containers",
            resources: [app, deployment("apps", [harborImage], ["harbor.example.com/tools/init:1"])],
            message: /initContainers\[0\]/,
        },
        {
            name: "app namespace: a CronJob's job template",
            resources: [app, cron],
            message: "not pinned by a sha256 digest",
            count: 1,
            blame: cron,
        },
    ],
};
