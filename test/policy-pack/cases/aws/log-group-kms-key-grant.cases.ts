import { PolicyCases } from "../case";
import { key, keyArn, keyPolicy, logGroup } from "../fixtures/issue13";

export const cases: PolicyCases = {
    policy: "log-group-kms-key-grant",
    enforcementLevel: "advisory",
    pass: [
        {
            name: "one grant per group",
            resources: [
                key(keyPolicy(["/aws/eks/b/cluster", "/blueprint/falco/events"])),
                logGroup("/aws/eks/b/cluster", keyArn),
                logGroup("/blueprint/falco/events", keyArn),
            ],
        },
        {
            name: "not judged: a key outside the stack",
            resources: [logGroup("/x", "arn:aws:kms:eu-west-1:1:key/elsewhere")],
        },
        { name: "not judged: a key without a policy", resources: [key(undefined), logGroup("/x", keyArn)] },
        { name: "not judged: no key", resources: [logGroup("/x", undefined)] },
    ],
    fail: [
        {
            name: "Falco's group on the key whose policy grants only the EKS group (the old blueprint)",
            resources: [
                key(keyPolicy(["/aws/eks/blueprint/cluster"])),
                logGroup("/aws/eks/blueprint/cluster", keyArn),
                logGroup("/blueprint/falco/events", keyArn),
            ],
            message: /falco\/events.*no use for this group's ARN/,
            count: 1,
        },
    ],
};
