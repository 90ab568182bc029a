import { PolicyCases } from "../case";
import { launchTemplate } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "launch-template-ebs-encrypted",
    pass: [{ name: "an encrypted root volume", resources: launchTemplate({}) }],
    fail: [
        {
            name: "encrypted false",
            resources: launchTemplate({ blockDeviceMappings: [{ ebs: { encrypted: "false" } }] }),
            message: "encrypt",
            count: 1,
        },
        {
            name: "no block device mappings",
            resources: launchTemplate({ blockDeviceMappings: undefined }),
            message: "encrypt",
            count: 1,
        },
    ],
};
