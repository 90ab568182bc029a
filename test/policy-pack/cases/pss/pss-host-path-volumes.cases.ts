import { PolicyCases } from "../case";
import { compliant, failsAt, goodSpec } from "../fixtures/pss";

export const cases: PolicyCases = {
    policy: "pss-host-path-volumes",
    pass: [compliant("baseline"), compliant("restricted")],
    fail: [
        failsAt(
            "baseline",
            "a hostPath volume",
            { ...goodSpec(), volumes: [{ name: "h", hostPath: { path: "/" } }] },
            'hostPath volumes (volume "h")',
        ),
    ],
};
