/**
 * `pss-privileged`: Containers must not run privileged (PSS baseline `privileged`).
 */
import { checkPrivileged } from "./checks/privileged";
import { pssPolicy } from "./policy";

export const pssPrivileged = pssPolicy({
    name: "pss-privileged",
    since: "0.1.0",
    description: "Containers must not run privileged (PSS baseline `privileged`).",
    severity: "critical",
    remediation:
        "Remove securityContext.privileged=true from every container, init container and ephemeral container; grant only the specific capability the workload needs, or run it in a namespace exempted with a reviewed reason.",
    frameworks: {
        pss: "privileged",
        cisEks: ["4.2.1"],
        nsa: "Kubernetes Pod security: Pod security enforcement; avoid privileged containers",
        brief: ["R7", "Q7", "C1"],
    },
    checks: [checkPrivileged],
});
