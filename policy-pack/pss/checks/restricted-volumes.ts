/**
 * PSA `restrictedVolumes` (restricted, v1.0): besides hostPath, the restricted profile limits volumes to the core,
 * non-host types. Allowed sources: configMap, csi, downwardAPI, emptyDir, ephemeral, image (patched into 1.0 in
 * Kubernetes 1.33), persistentVolumeClaim, projected, secret. A volume with no source is defaulted to emptyDir by
 * the API server. Overrides `hostPathVolumes`.
 */
import { known } from "../../../lib/unknowns";
import { Check, Forbidden, Obj, joinQuote, pluralize, volumeName } from "../psa";

const allowedSources = new Set([
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "image",
    "persistentVolumeClaim",
    "projected",
    "secret",
]);

function restrictedVolumes_1_0(_metadata: Obj, spec: Obj): Forbidden | undefined {
    const details: string[] = [];
    const volumes = Array.isArray(spec?.volumes) ? spec.volumes : [];
    volumes.forEach((v: Obj, i: number) => {
        // Only disallowed keys' values are read: an allowed source unknown during preview does not matter. A
        // disallowed one that is unknown leaves only that volume undecided (the adapter reports it).
        const bad = Object.keys(v ?? {}).filter(
            (k) => k !== "name" && !allowedSources.has(k) && known(() => v[k] != null, false),
        );
        if (bad.length)
            details.push(
                `volume ${JSON.stringify(volumeName(v, i))} uses ` +
                    `${pluralize("restricted volume type", "restricted volume types", bad.length)} ${joinQuote(bad)}`,
            );
    });
    if (details.length === 0) return undefined;
    return { reason: "restricted volume types", detail: details.join(", ") };
}

export const checkRestrictedVolumes: Check = {
    id: "restrictedVolumes",
    level: "restricted",
    versions: [{ minimumVersion: 0, checkPod: restrictedVolumes_1_0, overrides: ["hostPathVolumes"] }],
};
