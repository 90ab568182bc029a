import { PolicyCases } from "../case";
import { compliant, failsAt, goodSpec, podAt } from "../fixtures/pss";

const root = () => ({ ...goodSpec(), securityContext: { ...goodSpec().securityContext, runAsUser: 0 } });

export const cases: PolicyCases = {
    policy: "pss-run-as-user",
    pass: [
        compliant("baseline"),
        compliant("restricted"),
        {
            name: "a check newer than enforce-version (v1.22) does not apply",
            resources: podAt("restricted", "v1.22", root()),
        },
    ],
    fail: [
        failsAt("restricted", "runAsUser 0", root(), "runAsUser=0 (pod must not set runAsUser=0)"),
        {
            name: "at v1.23 the level names the version",
            resources: podAt("restricted", "v1.23", root()),
            message: 'violates PodSecurity "restricted:v1.23"',
        },
    ],
};
