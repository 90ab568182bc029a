import { PolicyCases } from "../case";
import { compliant, failsAt, goodSpec, withSc } from "../fixtures/pss";

export const cases: PolicyCases = {
    policy: "pss-windows-host-process",
    pass: [compliant("baseline"), compliant("restricted")],
    fail: [
        failsAt(
            "baseline",
            "hostProcess",
            withSc(goodSpec(), { windowsOptions: { hostProcess: true } }),
            'hostProcess (container "app" must not set securityContext.windowsOptions.hostProcess=true)',
        ),
    ],
};
