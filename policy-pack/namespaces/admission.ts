/** Pieces of the namespace policies' admission forms (issue 18). */
import { AdmissionForm, celString } from "../lib/admission";
import { ENFORCE } from "./psa-index";

/**
 * A form that refuses a Namespace whose enforce label is `level` (CREATE, and UPDATE: a label added later). The
 * exemptions of the policy config (by namespace) are the binding's matchConditions.
 */
export function namespaceLabelForm(level: string, message: string): AdmissionForm {
    return {
        match: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["namespaces"] }],
        validations: [
            {
                expression:
                    `!has(object.metadata.labels) || !(${celString(ENFORCE)} in object.metadata.labels) || ` +
                    `object.metadata.labels[${celString(ENFORCE)}] != ${celString(level)}`,
                messageExpression: `'Namespace "' + object.metadata.name + '" ' + ${celString(message)}`,
            },
        ],
    };
}
