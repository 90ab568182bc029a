import { PolicyCases } from "../case";
import { cluster, hardenedCluster } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "eks-private-endpoint",
    pass: [hardenedCluster()],
    fail: [
        {
            name: "the private endpoint off",
            resources: cluster({ vpcConfig: { endpointPrivateAccess: false } }),
            message: "endpointPrivateAccess",
            count: 1,
        },
    ],
};
