/**
 * `pss-host-namespaces`: Pods must not share the host's network, PID or IPC namespaces (PSS baseline
 * `hostNamespaces`).
 */
import { checkHostNamespaces } from "./checks/host-namespaces";
import { pssPolicy } from "./policy";

export const pssHostNamespaces = pssPolicy({
    name: "pss-host-namespaces",
    since: "0.1.0",
    description:
        "Pods must not share the host's network, PID or IPC namespaces (PSS baseline `hostNamespaces`).",
    severity: "high",
    remediation:
        "Remove hostNetwork, hostPID and hostIPC (or set them to false). Expose ports through a Service instead of the host network.",
    frameworks: {
        pss: "hostNamespaces",
        cisEks: ["4.2.2", "4.2.3", "4.2.4"],
        nsa: "Kubernetes Pod security: Pod security enforcement; do not share host namespaces",
        brief: ["R7", "Q7", "C1", "C2"],
    },
    checks: [checkHostNamespaces],
});
