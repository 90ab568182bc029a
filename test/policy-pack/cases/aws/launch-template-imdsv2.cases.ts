import { PolicyCases } from "../case";
import { launchTemplate } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "launch-template-imdsv2",
    pass: [
        { name: "IMDSv2 with hop limit 1", resources: launchTemplate({}) },
        {
            name: "the metadata endpoint disabled",
            resources: launchTemplate({ metadataOptions: { httpEndpoint: "disabled" } }),
        },
    ],
    fail: [
        {
            name: "tokens optional and hop limit 2",
            resources: launchTemplate({
                metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 2 },
            }),
            message: "httpTokens",
            count: 2,
        },
        {
            name: "metadataOptions unset (AWS defaults)",
            resources: launchTemplate({ metadataOptions: undefined }),
            message: "httpPutResponseHopLimit",
            count: 2,
        },
    ],
};
