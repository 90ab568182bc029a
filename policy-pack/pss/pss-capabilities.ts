/**
 * `pss-capabilities`: Containers add no capabilities beyond the runtime defaults (baseline
 * `capabilities_baseline`); at restricted they drop ALL and add back at most NET_BIND_SERVICE
 * (`capabilities_restricted`).
 */
import { checkCapabilitiesBaseline } from "./checks/capabilities-baseline";
import { checkCapabilitiesRestricted } from "./checks/capabilities-restricted";
import { pssPolicy } from "./policy";

export const pssCapabilities = pssPolicy({
    name: "pss-capabilities",
    since: "0.1.0",
    description:
        "Containers add no capabilities beyond the runtime defaults (baseline `capabilities_baseline`); at restricted they drop ALL and add back at most NET_BIND_SERVICE (`capabilities_restricted`).",
    severity: "high",
    remediation:
        'Set securityContext.capabilities.drop: ["ALL"] on every container and add back only NET_BIND_SERVICE if the process binds a port below 1024. Never add NET_RAW, SYS_ADMIN or similar.',
    frameworks: {
        pss: "capabilities_baseline, capabilities_restricted",
        nsa: "Kubernetes Pod security: Pod security enforcement; least privilege for containers",
        brief: ["R7", "Q3", "Q7", "C1"],
    },
    checks: [checkCapabilitiesBaseline, checkCapabilitiesRestricted],
});
