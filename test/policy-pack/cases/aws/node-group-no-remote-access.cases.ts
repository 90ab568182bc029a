import { PolicyCases, res } from "../case";

export const cases: PolicyCases = {
    policy: "node-group-no-remote-access",
    pass: [{ name: "no remoteAccess", resources: res("aws:eks/nodeGroup:NodeGroup", {}) }],
    fail: [
        {
            name: "an SSH key",
            resources: res("aws:eks/nodeGroup:NodeGroup", { remoteAccess: { ec2SshKey: "k" } }),
            message: "remoteAccess",
            count: 1,
        },
    ],
};
