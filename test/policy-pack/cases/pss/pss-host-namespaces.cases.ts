import { PolicyCases } from "../case";
import { compliant, failsAt, goodSpec } from "../fixtures/pss";

export const cases: PolicyCases = {
    policy: "pss-host-namespaces",
    pass: [compliant("baseline"), compliant("restricted")],
    fail: [
        failsAt(
            "baseline",
            "hostPID and hostIPC",
            { ...goodSpec(), hostPID: true, hostIPC: true },
            "host namespaces (hostPID=true, hostIPC=true)",
        ),
    ],
};
