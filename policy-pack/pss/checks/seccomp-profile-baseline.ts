/**
 * PSA `seccompProfile_baseline` (baseline, v1.0 and v1.19): the seccomp profile must not be explicitly set to
 * Unconfined. Before v1.19 PSA read the alpha annotations (`seccomp.security.alpha.kubernetes.io/pod`,
 * `container.seccomp.security.alpha.kubernetes.io/<name>`: "unconfined" forbidden); from v1.19 the fields
 * spec.securityContext.seccompProfile.type and every container's (RuntimeDefault, Localhost or undefined).
 * Overridden at restricted by `seccompProfile_restricted`.
 */
import { Check, Forbidden, Obj, addOnce, joinQuote, pluralize, podSc, sc, visitContainers } from "../psa";

const podAnnotation = "seccomp.security.alpha.kubernetes.io/pod";
const containerAnnotationPrefix = "container.seccomp.security.alpha.kubernetes.io/";

/** The seccomp types both levels accept. */
export function validSeccompType(t: unknown): boolean {
    return t === "RuntimeDefault" || t === "Localhost";
}

function seccompProfileBaseline_1_0(metadata: Obj, _spec: Obj): Forbidden | undefined {
    const annotations: Obj = metadata?.annotations ?? {};
    const bad: string[] = [];
    for (const key of Object.keys(annotations).sort()) {
        if (
            (key === podAnnotation || key.startsWith(containerAnnotationPrefix)) &&
            annotations[key] === "unconfined"
        )
            bad.push(`annotation ${JSON.stringify(key)}="unconfined"`);
    }
    if (bad.length === 0) return undefined;
    return { reason: "seccompProfile", detail: `forbidden ${bad.join(", ")}` };
}

function seccompProfileBaseline_1_19(_metadata: Obj, spec: Obj): Forbidden | undefined {
    const setters: string[] = [];
    const containers: string[] = [];
    const types: string[] = [];
    const podType = podSc(spec).seccompProfile?.type;
    if (podType != null && !validSeccompType(podType)) {
        setters.push("pod");
        addOnce(types, String(podType));
    }
    visitContainers(spec, (c, name) => {
        const t = sc(c).seccompProfile?.type;
        if (t != null && !validSeccompType(t)) {
            addOnce(containers, name);
            addOnce(types, String(t));
        }
    });
    if (containers.length)
        setters.push(`${pluralize("container", "containers", containers.length)} ${joinQuote(containers)}`);
    if (setters.length === 0) return undefined;
    return {
        reason: "seccompProfile",
        detail: `${setters.join(" and ")} must not set securityContext.seccompProfile.type to ${joinQuote(types)}`,
    };
}

export const checkSeccompProfileBaseline: Check = {
    id: "seccompProfile_baseline",
    level: "baseline",
    versions: [
        { minimumVersion: 0, checkPod: seccompProfileBaseline_1_0 },
        { minimumVersion: 19, checkPod: seccompProfileBaseline_1_19 },
    ],
};
