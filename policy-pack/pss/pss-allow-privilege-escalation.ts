/**
 * `pss-allow-privilege-escalation`: At restricted, every container sets allowPrivilegeEscalation: false (PSS
 * `allowPrivilegeEscalation`).
 */
import { checkAllowPrivilegeEscalation } from "./checks/allow-privilege-escalation";
import { pssPolicy } from "./policy";

export const pssAllowPrivilegeEscalation = pssPolicy({
    name: "pss-allow-privilege-escalation",
    since: "0.1.0",
    description:
        "At restricted, every container sets allowPrivilegeEscalation: false (PSS `allowPrivilegeEscalation`).",
    severity: "high",
    remediation:
        "Set securityContext.allowPrivilegeEscalation: false on every container, init container and ephemeral container (components/lib/security-context.ts does this).",
    frameworks: {
        pss: "allowPrivilegeEscalation",
        cisEks: ["4.2.5"],
        nsa: "Kubernetes Pod security: Pod security enforcement; prevent privilege escalation",
        brief: ["R7", "Q3", "Q7", "C1"],
    },
    checks: [checkAllowPrivilegeEscalation],
});
