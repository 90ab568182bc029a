/**
 * PSA `privileged` (baseline, v1.0): privileged containers disable most security mechanisms.
 * Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].securityContext.privileged.
 * Allowed: undefined, false.
 */
import { Check, Forbidden, Obj, addOnce, containersPhrase, sc, visitContainers } from "../psa";

function privileged_1_0(_metadata: Obj, spec: Obj): Forbidden | undefined {
    const bad: string[] = [];
    let field: string | undefined;
    visitContainers(spec, (c, name, at) => {
        if (sc(c).privileged !== true) return;
        addOnce(bad, name);
        field ??= `${at}.securityContext.privileged`;
    });
    if (bad.length === 0) return undefined;
    return {
        reason: "privileged",
        detail: `${containersPhrase(bad)} must not set securityContext.privileged=true`,
        field,
    };
}

export const checkPrivileged: Check = {
    id: "privileged",
    level: "baseline",
    versions: [{ minimumVersion: 0, checkPod: privileged_1_0 }],
};
