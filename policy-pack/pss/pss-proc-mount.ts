/**
 * `pss-proc-mount`: Containers keep the default masked /proc (baseline `procMount`, relaxed for hostUsers: false
 * pods from v1.35; restricted `procMount_restricted` allows only Default).
 */
import { checkProcMount } from "./checks/proc-mount-baseline";
import { checkProcMountRestricted } from "./checks/proc-mount-restricted";
import { pssPolicy } from "./policy";

export const pssProcMount = pssPolicy({
    name: "pss-proc-mount",
    since: "0.1.0",
    description:
        "Containers keep the default masked /proc (baseline `procMount`, relaxed for hostUsers: false pods from v1.35; restricted `procMount_restricted` allows only Default).",
    severity: "medium",
    remediation: "Remove securityContext.procMount or set it to Default.",
    frameworks: {
        pss: "procMount, procMount_restricted",
        nsa: "Kubernetes Pod security: Hardening container environments",
        brief: ["C1", "Q7"],
    },
    checks: [checkProcMount, checkProcMountRestricted],
});
