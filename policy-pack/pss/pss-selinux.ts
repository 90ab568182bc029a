/**
 * `pss-selinux`: Pods must not set a custom SELinux user or role, and only container SELinux types (PSS baseline
 * `seLinuxOptions`).
 */
import { checkSeLinuxOptions } from "./checks/selinux-options";
import { pssPolicy } from "./policy";

export const pssSeLinux = pssPolicy({
    name: "pss-selinux",
    since: "0.1.0",
    description:
        "Pods must not set a custom SELinux user or role, and only container SELinux types (PSS baseline `seLinuxOptions`).",
    severity: "medium",
    remediation:
        "Remove seLinuxOptions.user and .role; use type container_t, container_init_t, container_kvm_t or container_engine_t, or leave it unset.",
    frameworks: {
        pss: "seLinuxOptions",
        nsa: "Kubernetes Pod security: Hardening container environments (SELinux)",
        brief: ["C1", "C4", "Q7"],
    },
    checks: [checkSeLinuxOptions],
});
