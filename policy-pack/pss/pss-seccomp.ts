/**
 * `pss-seccomp`: Pods never run seccomp Unconfined (baseline `seccompProfile_baseline`); at restricted they
 * explicitly use RuntimeDefault or Localhost (`seccompProfile_restricted`).
 */
import { checkSeccompProfileBaseline } from "./checks/seccomp-profile-baseline";
import { checkSeccompProfileRestricted } from "./checks/seccomp-profile-restricted";
import { pssPolicy } from "./policy";

export const pssSeccomp = pssPolicy({
    name: "pss-seccomp",
    since: "0.1.0",
    description:
        "Pods never run seccomp Unconfined (baseline `seccompProfile_baseline`); at restricted they explicitly use RuntimeDefault or Localhost (`seccompProfile_restricted`).",
    severity: "medium",
    remediation:
        "Set spec.securityContext.seccompProfile.type: RuntimeDefault (or Localhost with a profile) and do not override it with Unconfined on any container.",
    frameworks: {
        pss: "seccompProfile_baseline, seccompProfile_restricted",
        nsa: "Kubernetes Pod security: Hardening container environments (seccomp)",
        brief: ["C1", "C4", "Q7", "F3"],
    },
    checks: [checkSeccompProfileBaseline, checkSeccompProfileRestricted],
});
