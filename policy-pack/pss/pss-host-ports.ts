/**
 * `pss-host-ports`: Containers must not bind host ports (PSS baseline `hostPorts`).
 */
import { checkHostPorts } from "./checks/host-ports";
import { pssPolicy } from "./policy";

export const pssHostPorts = pssPolicy({
    name: "pss-host-ports",
    since: "0.1.0",
    description: "Containers must not bind host ports (PSS baseline `hostPorts`).",
    severity: "medium",
    remediation: "Remove ports[*].hostPort (or set it to 0) and expose the pod through a Service.",
    frameworks: {
        pss: "hostPorts",
        nsa: "Kubernetes Pod security: Pod security enforcement; Network separation and hardening",
        brief: ["Q8", "Q7", "C1", "C2"],
    },
    checks: [checkHostPorts],
});
