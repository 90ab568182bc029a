/**
 * `pss-sysctls`: Pods set only the namespaced, safe sysctls (PSS baseline `sysctls`).
 */
import { checkSysctls } from "./checks/sysctls";
import { pssPolicy } from "./policy";

export const pssSysctls = pssPolicy({
    name: "pss-sysctls",
    since: "0.1.0",
    description: "Pods set only the namespaced, safe sysctls (PSS baseline `sysctls`).",
    severity: "medium",
    remediation:
        "Remove spec.securityContext.sysctls entries outside the safe set (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start, and the later net.ipv4 additions); tune the node instead.",
    frameworks: {
        pss: "sysctls",
        nsa: "Kubernetes Pod security: Hardening container environments",
        brief: ["C1", "Q7"],
    },
    checks: [checkSysctls],
});
