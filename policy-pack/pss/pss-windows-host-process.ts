/**
 * `pss-windows-host-process`: Pods must not run Windows HostProcess containers (PSS baseline `windowsHostProcess`).
 */
import { checkWindowsHostProcess } from "./checks/windows-host-process";
import { pssPolicy } from "./policy";

export const pssWindowsHostProcess = pssPolicy({
    name: "pss-windows-host-process",
    since: "0.1.0",
    description: "Pods must not run Windows HostProcess containers (PSS baseline `windowsHostProcess`).",
    severity: "critical",
    remediation: "Remove securityContext.windowsOptions.hostProcess=true at pod and container level.",
    frameworks: {
        pss: "windowsHostProcess",
        nsa: "Kubernetes Pod security: Pod security enforcement; avoid privileged containers",
        brief: ["R7", "Q7", "C1"],
    },
    checks: [checkWindowsHostProcess],
});
