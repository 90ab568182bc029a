/**
 * PSA `runAsUser` (restricted, v1.23 and v1.35): containers must not set runAsUser to 0 (root).
 * Restricted fields: spec.securityContext.runAsUser and every container's. Allowed: any non-zero value, undefined.
 * From v1.35 a user-namespace pod (`hostUsers: false`) is exempt.
 */
import {
    Check,
    Forbidden,
    Obj,
    addOnce,
    containersPhrase,
    unlessUserNamespace,
    podSc,
    sc,
    visitContainers,
} from "../psa";

function runAsUser_1_23(_metadata: Obj, spec: Obj): Forbidden | undefined {
    const podBad = podSc(spec).runAsUser === 0;
    const bad: string[] = [];
    visitContainers(spec, (c, name) => {
        if (sc(c).runAsUser === 0) addOnce(bad, name);
    });
    if (!podBad && bad.length === 0) return undefined;
    const who = [podBad ? "pod" : "", bad.length ? containersPhrase(bad) : ""].filter(Boolean).join(" and ");
    return { reason: "runAsUser=0", detail: `${who} must not set runAsUser=0` };
}

export const checkRunAsUser: Check = {
    id: "runAsUser",
    level: "restricted",
    versions: [
        { minimumVersion: 23, checkPod: runAsUser_1_23 },
        { minimumVersion: 35, checkPod: unlessUserNamespace(runAsUser_1_23) },
    ],
};
