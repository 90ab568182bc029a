import { PolicyCases } from "../case";
import { cluster, hardenedCluster } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "eks-control-plane-logging",
    pass: [hardenedCluster()],
    fail: [
        {
            name: "three log types missing",
            resources: cluster({ enabledClusterLogTypes: ["api", "audit"] }),
            message: /authenticator, controllerManager, scheduler/,
        },
    ],
};
