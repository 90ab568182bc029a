import { PolicyCases } from "../case";
import { cluster, hardenedCluster } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "eks-public-endpoint-restricted",
    pass: [
        hardenedCluster(),
        {
            name: "a public endpoint restricted to a CIDR",
            resources: cluster({
                vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] },
            }),
        },
    ],
    fail: [
        {
            name: "endpointPublicAccess unset is AWS's default, public to 0.0.0.0/0",
            resources: cluster({ vpcConfig: { endpointPrivateAccess: true } }),
            message: /0.0.0.0\/0/,
        },
        {
            name: "an IPv6 any-address CIDR",
            resources: cluster({
                vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24", "::/0"] },
            }),
            message: /::\/0/,
        },
    ],
};
