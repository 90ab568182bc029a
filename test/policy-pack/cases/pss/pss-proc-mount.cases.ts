import { PolicyCases } from "../case";
import { compliant, failsAt, goodSpec, podAt, withSc } from "../fixtures/pss";

const userns = () => ({ ...withSc(goodSpec(), { procMount: "Unmasked" }), hostUsers: false });

export const cases: PolicyCases = {
    policy: "pss-proc-mount",
    pass: [
        compliant("baseline"),
        compliant("restricted"),
        {
            name: "Unmasked with hostUsers false at baseline v1.35",
            resources: podAt("baseline", "v1.35", userns()),
        },
    ],
    fail: [
        failsAt(
            "baseline",
            "procMount Unmasked",
            withSc(goodSpec(), { procMount: "Unmasked" }),
            'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
        ),
        {
            name: "Unmasked with hostUsers false at baseline v1.34",
            resources: podAt("baseline", "v1.34", userns()),
            message: "procMount",
            count: 1,
        },
        {
            name: "Unmasked with hostUsers false at restricted v1.35 (procMount_restricted does not relax)",
            resources: podAt("restricted", "v1.35", userns()),
            message: "procMount",
            count: 1,
        },
    ],
};
