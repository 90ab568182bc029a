/**
 * `pss-run-as-user`: At restricted, pods and containers must not set runAsUser: 0 (PSS `runAsUser`).
 */
import { checkRunAsUser } from "./checks/run-as-user";
import { pssPolicy } from "./policy";

export const pssRunAsUser = pssPolicy({
    name: "pss-run-as-user",
    since: "0.1.0",
    description: "At restricted, pods and containers must not set runAsUser: 0 (PSS `runAsUser`).",
    severity: "high",
    remediation: "Remove runAsUser: 0 from the pod and container securityContexts; use a non-zero UID.",
    frameworks: {
        pss: "runAsUser",
        nsa: "Kubernetes Pod security: Non-root containers and rootless container engines",
        brief: ["Q3", "R7", "Q7", "C1"],
    },
    checks: [checkRunAsUser],
});
