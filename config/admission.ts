import { admissionGuardrailsArgsErrors } from "../components/admission/admissionGuardrails";
import { AdmissionMode } from "../policy-pack/admission/generate";
import { ConfigReader } from "./reader";
import { KeySpec } from "./spec";

/** Stack config of the admission-time guardrails (issue 18): the catalogue as ValidatingAdmissionPolicies. */
export const admissionKeys: KeySpec[] = [
    {
        key: "admission.enabled",
        type: "boolean",
        default: true,
        description:
            "Install the policy pack's admission-time guardrails (ValidatingAdmissionPolicies generated from the same catalogue), so kubectl, GitOps and operators face them too.",
    },
    {
        key: "admission.mode",
        type: "string",
        default: "enforce",
        description:
            "enforce: mandatory policies deny ([Deny, Audit]), advisory ones warn; warn: every policy only warns ([Warn, Audit]), to roll out; audit: audit annotations only.",
    },
];

/** Typed admission settings. */
export interface AdmissionSettings {
    enabled: boolean;
    mode: AdmissionMode;
}

/** Reads and validates the admission.* keys; problems go to the reader. */
export function readAdmissionConfig(reader: ConfigReader): AdmissionSettings {
    const settings: AdmissionSettings = {
        enabled: reader.boolean("admission.enabled"),
        mode: reader.string("admission.mode") as AdmissionMode,
    };
    reader.validateWith(
        admissionGuardrailsArgsErrors({ mode: settings.mode }),
        { mode: "admission.mode" },
        "AdmissionGuardrailsArgs",
    );
    return settings;
}
