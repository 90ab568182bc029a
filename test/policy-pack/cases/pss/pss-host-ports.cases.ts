import { PolicyCases } from "../case";
import { compliant, failsAt, goodSpec, withContainer } from "../fixtures/pss";

export const cases: PolicyCases = {
    policy: "pss-host-ports",
    pass: [compliant("baseline"), compliant("restricted")],
    fail: [
        failsAt(
            "baseline",
            "a hostPort",
            withContainer(goodSpec(), { ports: [{ containerPort: 80, hostPort: 80 }] }),
            'hostPort (container "app" uses hostPort 80)',
        ),
    ],
};
