import { PolicyCases } from "../case";
import { logGroup } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "log-group-retention",
    pass: [
        { name: "365 days", resources: logGroup({}) },
        {
            name: "config `minimumRetentionDays`",
            resources: logGroup({ retentionInDays: 30 }),
            config: { minimumRetentionDays: 30 },
        },
    ],
    fail: [
        { name: "30 days", resources: logGroup({ retentionInDays: 30 }), message: /minimum is 365/ },
        {
            name: "retention unset (logs kept forever)",
            resources: logGroup({ retentionInDays: undefined }),
            message: "retention",
            count: 1,
        },
    ],
};
