/**
 * PSA `appArmorProfile` (baseline, v1.0; the field channel was patched into the 1.0 revision in Kubernetes 1.30):
 * overriding or disabling the default AppArmor profile must be restricted.
 * Restricted: spec.securityContext.appArmorProfile.type and every container's, allowed RuntimeDefault, Localhost or
 * undefined; metadata.annotations["container.apparmor.security.beta.kubernetes.io/*"], allowed "", runtime/default,
 * localhost/*.
 */
import { Check, Forbidden, Obj, pluralize, podSc, sc, visitContainers } from "../psa";

const annotationPrefix = "container.apparmor.security.beta.kubernetes.io/";
const allowedTypes = new Set(["RuntimeDefault", "Localhost"]);

function allowedAnnotation(value: unknown): boolean {
    return (
        value == null || value === "" || value === "runtime/default" || String(value).startsWith("localhost/")
    );
}

function appArmorProfile_1_0(metadata: Obj, spec: Obj): Forbidden | undefined {
    const bad: string[] = [];
    const podType = podSc(spec).appArmorProfile?.type;
    if (podType != null && !allowedTypes.has(podType))
        bad.push(`pod must not set securityContext.appArmorProfile.type to ${JSON.stringify(podType)}`);
    visitContainers(spec, (c, name) => {
        const t = sc(c).appArmorProfile?.type;
        if (t != null && !allowedTypes.has(t))
            bad.push(
                `container ${JSON.stringify(name)} must not set securityContext.appArmorProfile.type to ${JSON.stringify(t)}`,
            );
    });
    const annotations: Obj = metadata?.annotations ?? {};
    for (const key of Object.keys(annotations).sort()) {
        if (key.startsWith(annotationPrefix) && !allowedAnnotation(annotations[key]))
            bad.push(`annotation ${JSON.stringify(key)}=${JSON.stringify(annotations[key])}`);
    }
    if (bad.length === 0) return undefined;
    return {
        reason: pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", bad.length),
        detail: bad.join(", "),
    };
}

export const checkAppArmorProfile: Check = {
    id: "appArmorProfile",
    level: "baseline",
    versions: [{ minimumVersion: 0, checkPod: appArmorProfile_1_0 }],
};
