/**
 * `pss-run-as-non-root`: At restricted, containers must run as non-root (PSS `runAsNonRoot`).
 */
import { checkRunAsNonRoot } from "./checks/run-as-non-root";
import { pssPolicy } from "./policy";

export const pssRunAsNonRoot = pssPolicy({
    name: "pss-run-as-non-root",
    since: "0.1.0",
    description: "At restricted, containers must run as non-root (PSS `runAsNonRoot`).",
    severity: "high",
    remediation:
        "Set spec.securityContext.runAsNonRoot: true (and never false on a container) and use an image with a non-root USER or set runAsUser to a non-zero UID.",
    frameworks: {
        pss: "runAsNonRoot",
        nsa: "Kubernetes Pod security: Non-root containers and rootless container engines",
        brief: ["Q3", "R7", "Q7", "C1"],
    },
    checks: [checkRunAsNonRoot],
});
