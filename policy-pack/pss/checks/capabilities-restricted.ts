/**
 * PSA `capabilities_restricted` (restricted, v1.22; Windows pods exempt from v1.25): containers must drop ALL
 * capabilities and may only add back NET_BIND_SERVICE. Overrides `capabilities_baseline`.
 */
import {
    Check,
    Forbidden,
    Obj,
    addOnce,
    containersPhrase,
    isWindowsPod,
    joinQuote,
    sc,
    visitContainers,
} from "../psa";

function capabilitiesRestricted_1_22(_metadata: Obj, spec: Obj): Forbidden | undefined {
    const noDrop: string[] = [];
    const badAdd: string[] = [];
    const caps: string[] = [];
    visitContainers(spec, (c, name) => {
        const capabilities = sc(c).capabilities ?? {};
        const drop = Array.isArray(capabilities.drop) ? capabilities.drop : [];
        if (!drop.includes("ALL")) addOnce(noDrop, name);
        const add = Array.isArray(capabilities.add) ? capabilities.add : [];
        for (const cap of add) {
            if (cap !== "NET_BIND_SERVICE") {
                addOnce(badAdd, name);
                addOnce(caps, String(cap));
            }
        }
    });
    const details: string[] = [];
    if (noDrop.length)
        details.push(`${containersPhrase(noDrop)} must set securityContext.capabilities.drop=["ALL"]`);
    if (badAdd.length)
        details.push(
            `${containersPhrase(badAdd)} must not include ${joinQuote(caps)} in securityContext.capabilities.add`,
        );
    if (details.length === 0) return undefined;
    return { reason: "unrestricted capabilities", detail: details.join("; ") };
}

function capabilitiesRestricted_1_25(metadata: Obj, spec: Obj): Forbidden | undefined {
    if (isWindowsPod(spec)) return undefined;
    return capabilitiesRestricted_1_22(metadata, spec);
}

export const checkCapabilitiesRestricted: Check = {
    id: "capabilities_restricted",
    level: "restricted",
    versions: [
        { minimumVersion: 22, checkPod: capabilitiesRestricted_1_22, overrides: ["capabilities_baseline"] },
        { minimumVersion: 25, checkPod: capabilitiesRestricted_1_25, overrides: ["capabilities_baseline"] },
    ],
};
