import { PolicyCases } from "../case";
import { compliant, failsAt, goodSpec, labelled, podAt, withSc, workload } from "../fixtures/pss";

const addRaw = () => withSc(goodSpec(), { capabilities: { add: ["NET_RAW"] } }); // no drop ALL
const noDrop = () => withSc(goodSpec(), { capabilities: {} });

export const cases: PolicyCases = {
    policy: "pss-capabilities",
    pass: [
        compliant("baseline"),
        compliant("restricted"),
        {
            name: "no drop ALL at restricted v1.21 (the baseline variant)",
            resources: podAt("restricted", "v1.21", noDrop()),
        },
        {
            name: "no drop ALL at baseline (only the baseline variant runs)",
            resources: [labelled("a", "baseline"), workload("Pod", "p", "a", noDrop())],
        },
    ],
    fail: [
        failsAt(
            "baseline",
            "add SYS_ADMIN",
            withSc(goodSpec(), { capabilities: { add: ["SYS_ADMIN"] } }),
            'non-default capabilities (container "app" must not include "SYS_ADMIN"',
        ),
        failsAt(
            "restricted",
            "add CHOWN",
            withSc(goodSpec(), { capabilities: { drop: ["ALL"], add: ["CHOWN"] } }),
            'unrestricted capabilities (container "app" must not include "CHOWN"',
        ),
        {
            name: "add NET_RAW at restricted v1.21 (the baseline variant)",
            resources: podAt("restricted", "v1.21", addRaw()),
            message: "non-default capabilities",
        },
        {
            name: "add NET_RAW at restricted v1.22 (the restricted variant)",
            resources: podAt("restricted", "v1.22", addRaw()),
            message:
                'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]; container "app" must not include "NET_RAW"',
        },
        {
            name: "no drop ALL at restricted v1.22",
            resources: podAt("restricted", "v1.22", noDrop()),
            message: 'must set securityContext.capabilities.drop=["ALL"]',
            count: 1,
        },
    ],
};
