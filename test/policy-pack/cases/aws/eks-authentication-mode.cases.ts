import { PolicyCases } from "../case";
import { cluster, hardenedCluster } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "eks-authentication-mode",
    pass: [
        hardenedCluster(),
        {
            name: "API_AND_CONFIG_MAP",
            resources: cluster({ accessConfig: { authenticationMode: "API_AND_CONFIG_MAP" } }),
        },
    ],
    fail: [
        {
            name: "accessConfig unset is AWS's default, CONFIG_MAP",
            resources: cluster({ accessConfig: undefined }),
            message: /CONFIG_MAP/,
        },
    ],
};
