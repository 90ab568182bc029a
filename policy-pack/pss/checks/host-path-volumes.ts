/**
 * PSA `hostPathVolumes` (baseline, v1.0): hostPath volumes must be forbidden.
 * Restricted field: spec.volumes[*].hostPath. Allowed: undefined. Overridden by `restrictedVolumes` at restricted.
 */
import { Check, Forbidden, Obj, joinQuote, pluralize } from "../psa";

function hostPathVolumes_1_0(_metadata: Obj, spec: Obj): Forbidden | undefined {
    const bad: string[] = [];
    const volumes = Array.isArray(spec?.volumes) ? spec.volumes : [];
    for (const v of volumes) if (v?.hostPath != null) bad.push(String(v.name ?? ""));
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
