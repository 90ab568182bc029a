/**
 * The pss policies of the pack: one CrossGuard stack policy per Pod Security Admission check (baseline and
 * restricted variants of a check share one policy), in a stable order. The checks are in ./checks, one per file.
 */
import { BlueprintPolicy } from "../lib/types";
import { pssPrivileged } from "./pss-privileged";
import { pssHostNamespaces } from "./pss-host-namespaces";
import { pssHostPathVolumes } from "./pss-host-path-volumes";
import { pssHostPorts } from "./pss-host-ports";
import { pssCapabilities } from "./pss-capabilities";
import { pssAppArmor } from "./pss-app-armor";
import { pssSeLinux } from "./pss-selinux";
import { pssProcMount } from "./pss-proc-mount";
import { pssSeccomp } from "./pss-seccomp";
import { pssSysctls } from "./pss-sysctls";
import { pssWindowsHostProcess } from "./pss-windows-host-process";
import { pssHostProbes } from "./pss-host-probes";
import { pssRestrictedVolumes } from "./pss-restricted-volumes";
import { pssAllowPrivilegeEscalation } from "./pss-allow-privilege-escalation";
import { pssRunAsNonRoot } from "./pss-run-as-non-root";
import { pssRunAsUser } from "./pss-run-as-user";

export const policies: BlueprintPolicy[] = [
    pssPrivileged,
    pssHostNamespaces,
    pssHostPathVolumes,
    pssHostPorts,
    pssCapabilities,
    pssAppArmor,
    pssSeLinux,
    pssProcMount,
    pssSeccomp,
    pssSysctls,
    pssWindowsHostProcess,
    pssHostProbes,
    pssRestrictedVolumes,
    pssAllowPrivilegeEscalation,
    pssRunAsNonRoot,
    pssRunAsUser,
];
