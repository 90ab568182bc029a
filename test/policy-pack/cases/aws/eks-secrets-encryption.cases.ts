import { PolicyCases } from "../case";
import { cluster, hardenedCluster } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "eks-secrets-encryption",
    pass: [hardenedCluster()],
    fail: [
        {
            name: "no encryptionConfig",
            resources: cluster({ encryptionConfig: undefined }),
            message: "encryption",
            count: 1,
        },
    ],
};
