import { PolicyCases } from "../case";
import { compliant, failsAt, goodSpec, podAt, withSc } from "../fixtures/pss";

export const cases: PolicyCases = {
    policy: "pss-allow-privilege-escalation",
    pass: [compliant("baseline"), compliant("restricted")],
    fail: [
        failsAt(
            "restricted",
            "allowPrivilegeEscalation true",
            withSc(goodSpec(), { allowPrivilegeEscalation: true }),
            'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
        ),
        {
            name: "an invalid level label fails closed (restricted), whatever defaultLevel says",
            resources: podAt("bogus", undefined, withSc(goodSpec(), { allowPrivilegeEscalation: true })),
            config: { defaultLevel: "baseline" },
            message: "allowPrivilegeEscalation",
            count: 1,
        },
    ],
};
