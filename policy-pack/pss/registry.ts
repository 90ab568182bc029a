/**
 * Every PSA check, and which check revisions are in effect for a level and version - PSA's `policy/registry.go`.
 * Restricted = every baseline check, minus those a restricted revision in effect overrides, plus the restricted
 * checks. A check with no revision at or below the version does not apply.
 */
import { checkAllowPrivilegeEscalation } from "./checks/allow-privilege-escalation";
import { checkAppArmorProfile } from "./checks/app-armor-profile";
import { checkCapabilitiesBaseline } from "./checks/capabilities-baseline";
import { checkCapabilitiesRestricted } from "./checks/capabilities-restricted";
import { checkHostNamespaces } from "./checks/host-namespaces";
import { checkHostPathVolumes } from "./checks/host-path-volumes";
import { checkHostPorts } from "./checks/host-ports";
import { checkHostProbesAndHostLifecycle } from "./checks/host-probes-and-host-lifecycle";
import { checkPrivileged } from "./checks/privileged";
import { checkProcMount } from "./checks/proc-mount-baseline";
import { checkProcMountRestricted } from "./checks/proc-mount-restricted";
import { checkRestrictedVolumes } from "./checks/restricted-volumes";
import { checkRunAsNonRoot } from "./checks/run-as-non-root";
import { checkRunAsUser } from "./checks/run-as-user";
import { checkSeccompProfileBaseline } from "./checks/seccomp-profile-baseline";
import { checkSeccompProfileRestricted } from "./checks/seccomp-profile-restricted";
import { checkSeLinuxOptions } from "./checks/selinux-options";
import { checkSysctls } from "./checks/sysctls";
import { checkWindowsHostProcess } from "./checks/windows-host-process";
import { Check, CheckPodFn, MinorVersion, versionAt } from "./psa";
import type { PodSecurityLevel } from "./level";

/** All checks, baseline first, in PSA's documentation order. */
export const allChecks: Check[] = [
    checkHostNamespaces,
    checkPrivileged,
    checkCapabilitiesBaseline,
    checkHostPathVolumes,
    checkHostPorts,
    checkAppArmorProfile,
    checkSeLinuxOptions,
    checkProcMount,
    checkSeccompProfileBaseline,
    checkSysctls,
    checkWindowsHostProcess,
    checkHostProbesAndHostLifecycle,
    checkRestrictedVolumes,
    checkAllowPrivilegeEscalation,
    checkRunAsNonRoot,
    checkRunAsUser,
    checkSeccompProfileRestricted,
    checkCapabilitiesRestricted,
    checkProcMountRestricted,
];

/** Checks by ID. */
export const checksById: ReadonlyMap<string, Check> = new Map(allChecks.map((c) => [c.id, c]));

/** For each check ID, the restricted checks that may override it. */
const overriders = new Map<string, Check[]>();
for (const c of allChecks)
    for (const v of c.versions)
        for (const id of v.overrides ?? []) {
            const list = overriders.get(id) ?? [];
            if (!list.includes(c)) list.push(c);
            overriders.set(id, list);
        }

/** True when a restricted check in effect at `version` overrides `id`. */
function overridden(id: string, version: MinorVersion): boolean {
    return (overriders.get(id) ?? []).some((o) => versionAt(o, version)?.overrides?.includes(id) ?? false);
}

/** The implementation of `check` in effect for a pod at `level` and `version`, or undefined when it does not apply. */
export function checkFnFor(
    check: Check,
    level: PodSecurityLevel,
    version: MinorVersion,
): CheckPodFn | undefined {
    if (level === "privileged") return undefined;
    if (check.level === "restricted" && level !== "restricted") return undefined;
    const v = versionAt(check, version);
    if (!v) return undefined;
    if (level === "restricted" && check.level === "baseline" && overridden(check.id, version))
        return undefined;
    return v.checkPod;
}
