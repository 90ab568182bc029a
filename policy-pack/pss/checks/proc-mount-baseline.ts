/**
 * PSA `procMount` (baseline, v1.0 and v1.35): the default /proc masks reduce attack surface and are required.
 * Restricted field: every container's securityContext.procMount. Allowed: undefined, "Default".
 * From v1.35 any value is allowed for a pod in a user namespace (`spec.hostUsers: false`).
 * Overridden at restricted by `procMount_restricted` (v1.35).
 */
import {
    Check,
    Forbidden,
    Obj,
    addOnce,
    containersPhrase,
    unlessUserNamespace,
    joinQuote,
    sc,
    visitContainers,
} from "../psa";

/** The strict rule, shared with `procMount_restricted`. */
export function procMountStrict(_metadata: Obj, spec: Obj): Forbidden | undefined {
    const bad: string[] = [];
    const values: string[] = [];
    visitContainers(spec, (c, name) => {
        const pm = sc(c).procMount;
        if (pm != null && pm !== "Default") {
            addOnce(bad, name);
            addOnce(values, String(pm));
        }
    });
    if (bad.length === 0) return undefined;
    return {
        reason: "procMount",
        detail: `${containersPhrase(bad)} must not set securityContext.procMount to ${joinQuote(values)}`,
    };
}

export const checkProcMount: Check = {
    id: "procMount",
    level: "baseline",
    versions: [
        { minimumVersion: 0, checkPod: procMountStrict },
        { minimumVersion: 35, checkPod: unlessUserNamespace(procMountStrict) },
    ],
};
