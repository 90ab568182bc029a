/**
 * PSA `windowsHostProcess` (baseline, v1.0): Windows HostProcess pods run with host access and must be forbidden.
 * Restricted fields: spec.securityContext.windowsOptions.hostProcess and every container's. Allowed: undefined,
 * false.
 */
import { Check, Forbidden, Obj, addOnce, containersPhrase, podSc, sc, visitContainers } from "../psa";

function windowsHostProcess_1_0(_metadata: Obj, spec: Obj): Forbidden | undefined {
    const podBad = podSc(spec).windowsOptions?.hostProcess === true;
    const bad: string[] = [];
    visitContainers(spec, (c, name) => {
        if (sc(c).windowsOptions?.hostProcess === true) addOnce(bad, name);
    });
    if (!podBad && bad.length === 0) return undefined;
    const who = [podBad ? "pod" : "", bad.length ? containersPhrase(bad) : ""].filter(Boolean).join(" and ");
    return {
        reason: "hostProcess",
        detail: `${who} must not set securityContext.windowsOptions.hostProcess=true`,
    };
}

export const checkWindowsHostProcess: Check = {
    id: "windowsHostProcess",
    level: "baseline",
    versions: [{ minimumVersion: 0, checkPod: windowsHostProcess_1_0 }],
};
