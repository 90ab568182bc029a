/**
 * PSA `capabilities_baseline` (baseline, v1.0): adding capabilities beyond the container runtime's default set
 * must be disallowed. Restricted field: spec.{containers,initContainers,ephemeralContainers}[*]
 * .securityContext.capabilities.add. Allowed: the 13 defaults below (exact, upper case, without `CAP_`).
 */
import { Check, Forbidden, Obj, addOnce, containersPhrase, joinQuote, sc, visitContainers } from "../psa";

export const baselineCapabilities = new Set([
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
]);

function capabilitiesBaseline_1_0(_metadata: Obj, spec: Obj): Forbidden | undefined {
    const bad: string[] = [];
    const caps: string[] = [];
    visitContainers(spec, (c, name) => {
        const add = sc(c).capabilities?.add;
        for (const cap of Array.isArray(add) ? add : []) {
            if (!baselineCapabilities.has(cap)) {
                addOnce(bad, name);
                addOnce(caps, String(cap));
            }
        }
    });
    if (bad.length === 0) return undefined;
    return {
        reason: "non-default capabilities",
        detail: `${containersPhrase(bad)} must not include ${joinQuote(caps)} in securityContext.capabilities.add`,
    };
}

export const checkCapabilitiesBaseline: Check = {
    id: "capabilities_baseline",
    level: "baseline",
    versions: [{ minimumVersion: 0, checkPod: capabilitiesBaseline_1_0 }],
};
