/**
 * PSA `seccompProfile_restricted` (restricted, v1.19; Windows pods exempt from v1.25): the seccomp profile must be
 * explicitly RuntimeDefault or Localhost, at pod level or on every container (a container may leave it unset when
 * the pod sets a valid one). Overrides `seccompProfile_baseline`.
 */
import {
    Check,
    Forbidden,
    Obj,
    addOnce,
    isWindowsPod,
    joinQuote,
    pluralize,
    podSc,
    sc,
    visitContainers,
} from "../psa";
import { validSeccompType } from "./seccomp-profile-baseline";

function seccompProfileRestricted_1_19(_metadata: Obj, spec: Obj): Forbidden | undefined {
    const explicitBad: string[] = [];
    const badTypes: string[] = [];
    const implicitBad: string[] = [];
    let podBad = false;
    let podValid = false;
    const podType = podSc(spec).seccompProfile?.type;
    if (podType != null) {
        if (validSeccompType(podType)) podValid = true;
        else {
            podBad = true;
            addOnce(badTypes, String(podType));
        }
    }
    visitContainers(spec, (c, name) => {
        const t = sc(c).seccompProfile?.type;
        if (t != null) {
            if (!validSeccompType(t)) {
                addOnce(explicitBad, name);
                addOnce(badTypes, String(t));
            }
        } else if (!podValid) addOnce(implicitBad, name);
    });
    const details: string[] = [];
    if (podBad || explicitBad.length) {
        const who: string[] = [];
        if (podBad) who.push("pod");
        if (explicitBad.length)
            who.push(`${pluralize("container", "containers", explicitBad.length)} ${joinQuote(explicitBad)}`);
        details.push(
            `${who.join(" and ")} must not set securityContext.seccompProfile.type to ${joinQuote(badTypes)}`,
        );
    }
    if (implicitBad.length)
        details.push(
            `pod or ${pluralize("container", "containers", implicitBad.length)} ${joinQuote(implicitBad)} ` +
                `must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
        );
    if (details.length === 0) return undefined;
    return { reason: "seccompProfile", detail: details.join("; ") };
}

function seccompProfileRestricted_1_25(metadata: Obj, spec: Obj): Forbidden | undefined {
    if (isWindowsPod(spec)) return undefined;
    return seccompProfileRestricted_1_19(metadata, spec);
}

export const checkSeccompProfileRestricted: Check = {
    id: "seccompProfile_restricted",
    level: "restricted",
    versions: [
        {
            minimumVersion: 19,
            checkPod: seccompProfileRestricted_1_19,
            overrides: ["seccompProfile_baseline"],
        },
        {
            minimumVersion: 25,
            checkPod: seccompProfileRestricted_1_25,
            overrides: ["seccompProfile_baseline"],
        },
    ],
};
