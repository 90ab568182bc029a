import { PolicyCases } from "../case";
import { container, deployment, hardenedDeployment } from "../fixtures/catalogue";

const requestsOnly = () => container({ resources: { requests: { cpu: "1", memory: "1Gi" } } });

export const cases: PolicyCases = {
    policy: "container-resources",
    pass: [
        hardenedDeployment(),
        {
            name: "config `required` narrows the check to requests",
            resources: deployment(requestsOnly()),
            config: { required: ["requests.cpu", "requests.memory"] },
        },
    ],
    fail: [
        {
            name: "all four are required by default: limits missing",
            resources: deployment(requestsOnly()),
            message: /limits.cpu, limits.memory/,
        },
    ],
};
