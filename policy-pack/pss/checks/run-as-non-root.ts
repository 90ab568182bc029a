/**
 * PSA `runAsNonRoot` (restricted, v1.0 and v1.35): containers must run as non-root users.
 * Restricted fields: spec.securityContext.runAsNonRoot and every container's. Allowed: true at pod level (and not
 * false on a container), or true on every container. From v1.35 a user-namespace pod (`hostUsers: false`) is
 * exempt, since root in the pod is not root on the node.
 */
import {
    Check,
    Forbidden,
    Obj,
    addOnce,
    containersPhrase,
    unlessUserNamespace,
    pluralize,
    joinQuote,
    podSc,
    sc,
    visitContainers,
} from "../psa";

function runAsNonRoot_1_0(_metadata: Obj, spec: Obj): Forbidden | undefined {
    const podValue = podSc(spec).runAsNonRoot;
    const podBad = podValue === false;
    const podOk = podValue === true;
    const explicitBad: string[] = [];
    const implicitBad: string[] = [];
    visitContainers(spec, (c, name) => {
        const v = sc(c).runAsNonRoot;
        if (v === false) addOnce(explicitBad, name);
        else if (v !== true && !podOk) addOnce(implicitBad, name);
    });
    const details: string[] = [];
    if (podBad || explicitBad.length) {
        const who = [podBad ? "pod" : "", explicitBad.length ? containersPhrase(explicitBad) : ""].filter(
            Boolean,
        );
        details.push(`${who.join(" and ")} must not set securityContext.runAsNonRoot=false`);
    }
    if (implicitBad.length)
        details.push(
            `pod or ${pluralize("container", "containers", implicitBad.length)} ${joinQuote(implicitBad)} ` +
                `must set securityContext.runAsNonRoot=true`,
        );
    if (details.length === 0) return undefined;
    return { reason: "runAsNonRoot != true", detail: details.join("; ") };
}

export const checkRunAsNonRoot: Check = {
    id: "runAsNonRoot",
    level: "restricted",
    versions: [
        { minimumVersion: 0, checkPod: runAsNonRoot_1_0 },
        { minimumVersion: 35, checkPod: unlessUserNamespace(runAsNonRoot_1_0) },
    ],
};
