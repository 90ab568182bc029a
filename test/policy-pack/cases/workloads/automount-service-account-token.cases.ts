import { PolicyCases } from "../case";
import { container, deployment, hardenedDeployment } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "automount-service-account-token",
    pass: [hardenedDeployment()],
    fail: [
        {
            name: "automountServiceAccountToken true",
            resources: deployment(container(), { automountServiceAccountToken: true }),
            message: "automountServiceAccountToken",
            count: 1,
        },
    ],
};
