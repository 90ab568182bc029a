/**
 * PSA `hostPathVolumes` (baseline, v1.0): hostPath volumes must be forbidden.
 * Restricted field: spec.volumes[*].hostPath. Allowed: undefined. Overridden by `restrictedVolumes` at restricted.
 */
import { known } from "../../../lib/unknowns";
import { Check, Forbidden, Obj, joinQuote, pluralize, volumeName } from "../psa";

function hostPathVolumes_1_0(_metadata: Obj, spec: Obj): Forbidden | undefined {
    const bad: string[] = [];
    const volumes = Array.isArray(spec?.volumes) ? spec.volumes : [];
    volumes.forEach((v: Obj, i: number) => {
        if (known(() => v?.hostPath != null, false)) bad.push(volumeName(v, i));
    });
    if (bad.length === 0) return undefined;
    return {
        reason: "hostPath volumes",
        detail: `${pluralize("volume", "volumes", bad.length)} ${joinQuote(bad)}`,
    };
}

export const checkHostPathVolumes: Check = {
    id: "hostPathVolumes",
    level: "baseline",
    versions: [{ minimumVersion: 0, checkPod: hostPathVolumes_1_0 }],
};
