import { PolicyCases } from "../case";
import { cluster, hardenedCluster } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "eks-no-bootstrap-admin",
    pass: [hardenedCluster()],
    fail: [
        {
            name: "bootstrapClusterCreatorAdminPermissions unset is AWS's default, true",
            resources: cluster({ accessConfig: { authenticationMode: "API" } }),
            message: /unset, i.e. true/,
        },
    ],
};
