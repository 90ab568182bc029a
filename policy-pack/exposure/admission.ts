/** Pieces of the exposure policies' admission forms (issue 18): the kinds they read and the CEL they share. */
import { AdmissionRule, AdmissionVariable } from "../lib/admission";

export const serviceRules: AdmissionRule[] = [
    { apiGroups: [""], apiVersions: ["v1"], resources: ["services"] },
];
export const ingressRules: AdmissionRule[] = [
    { apiGroups: ["networking.k8s.io"], apiVersions: ["v1"], resources: ["ingresses"] },
];

/** `variables.a`: the object's annotations, `{}` when it has none. */
export const annotationsVariable: AdmissionVariable = {
    name: "a",
    expression: "has(object.metadata.annotations) ? object.metadata.annotations : {}",
};

/** CEL: `Kind "name"` of the object, as `who()` writes it. */
export const whoCel = "object.kind + ' \"' + object.metadata.name + '\"'";
