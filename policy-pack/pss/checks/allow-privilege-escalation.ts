/**
 * PSA `allowPrivilegeEscalation` (restricted, v1.8; Windows pods exempt from v1.25): privilege escalation (setuid
 * binaries, file capabilities) must be explicitly disallowed on every container.
 * Restricted field: every container's securityContext.allowPrivilegeEscalation. Allowed: false.
 */
import { Check, Forbidden, Obj, addOnce, containersPhrase, isWindowsPod, sc, visitContainers } from "../psa";

function allowPrivilegeEscalation_1_8(_metadata: Obj, spec: Obj): Forbidden | undefined {
    const bad: string[] = [];
    visitContainers(spec, (c, name) => {
        if (sc(c).allowPrivilegeEscalation !== false) addOnce(bad, name);
    });
    if (bad.length === 0) return undefined;
    return {
        reason: "allowPrivilegeEscalation != false",
        detail: `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false`,
    };
}

function allowPrivilegeEscalation_1_25(metadata: Obj, spec: Obj): Forbidden | undefined {
    if (isWindowsPod(spec)) return undefined;
    return allowPrivilegeEscalation_1_8(metadata, spec);
}

export const checkAllowPrivilegeEscalation: Check = {
    id: "allowPrivilegeEscalation",
    level: "restricted",
    versions: [
        { minimumVersion: 8, checkPod: allowPrivilegeEscalation_1_8 },
        { minimumVersion: 25, checkPod: allowPrivilegeEscalation_1_25 },
    ],
};
