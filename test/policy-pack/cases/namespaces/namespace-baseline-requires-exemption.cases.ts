import { PolicyCases } from "../case";
import { psa } from "../fixtures/holes";

const legacy = psa("legacy", "baseline");

export const cases: PolicyCases = {
    policy: "namespace-baseline-requires-exemption",
    pass: [
        {
            name: "restricted and privileged namespaces are not its",
            resources: [psa("apps", "restricted"), psa("falco", "privileged")],
        },
    ],
    fail: [
        {
            name: "a baseline namespace",
            resources: [legacy, psa("apps", "restricted"), psa("falco", "privileged")],
            message: 'Namespace "legacy" enforces the baseline Pod Security level',
            count: 1,
            blame: legacy,
        },
    ],
};
