import { PolicyCases, res } from "../case";

export const cases: PolicyCases = {
    policy: "kms-key-rotation",
    pass: [
        { name: "rotation on", resources: res("aws:kms/key:Key", { enableKeyRotation: true }) },
        {
            name: "asymmetric keys cannot rotate",
            resources: res("aws:kms/key:Key", { customerMasterKeySpec: "RSA_2048" }),
        },
    ],
    fail: [{ name: "rotation unset", resources: res("aws:kms/key:Key", {}), message: "rotation", count: 1 }],
};
