/**
 * `pss-host-probes`: Probes and lifecycle hooks must not target another host (PSS baseline
 * `hostProbesAndHostLifecycle`, v1.34+): the kubelet would connect from the node.
 */
import { checkHostProbesAndHostLifecycle } from "./checks/host-probes-and-host-lifecycle";
import { pssPolicy } from "./policy";

export const pssHostProbes = pssPolicy({
    name: "pss-host-probes",
    since: "0.1.0",
    description:
        "Probes and lifecycle hooks must not target another host (PSS baseline `hostProbesAndHostLifecycle`, v1.34+): the kubelet would connect from the node.",
    severity: "medium",
    remediation:
        "Remove the host field from httpGet/tcpSocket probes and postStart/preStop handlers; they then target the pod's own IP.",
    frameworks: {
        pss: "hostProbesAndHostLifecycle",
        nsa: "Network separation and hardening",
        brief: ["R2", "C2", "Q7"],
    },
    checks: [checkHostProbesAndHostLifecycle],
});
