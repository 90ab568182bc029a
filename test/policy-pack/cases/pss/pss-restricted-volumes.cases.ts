import { PolicyCases } from "../case";
import { compliant, failsAt, goodSpec } from "../fixtures/pss";

export const cases: PolicyCases = {
    policy: "pss-restricted-volumes",
    pass: [compliant("baseline"), compliant("restricted")],
    fail: [
        failsAt(
            "restricted",
            "an nfs volume",
            { ...goodSpec(), volumes: [{ name: "n", nfs: { server: "s", path: "/" } }] },
            'restricted volume types (volume "n" uses restricted volume type "nfs")',
        ),
    ],
};
