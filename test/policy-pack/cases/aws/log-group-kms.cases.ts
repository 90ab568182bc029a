import { PolicyCases } from "../case";
import { logGroup } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "log-group-kms",
    pass: [{ name: "a KMS key", resources: logGroup({}) }],
    fail: [
        {
            name: "no KMS key",
            resources: logGroup({ kmsKeyId: undefined }),
            message: "has no kmsKeyId",
            count: 1,
        },
    ],
};
