/** Yearly rotation of customer KMS keys limits what one leaked key version can decrypt (CIS EKS 5.3.1 keys). */
import { ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { who } from "./common";
import { previewOnlyReasons } from "../lib/admission";

export const kmsKeyRotation: ResourcePolicy = {
    kind: "resource",
    name: "kms-key-rotation",
    since: "0.1.0",
    description: "Symmetric customer KMS keys have automatic rotation on (enableKeyRotation: true).",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediation: "Set enableKeyRotation: true (and deletionWindowInDays: 30).",
    previewOnly: previewOnlyReasons.aws,
    frameworks: {
        cisEks: ["5.3.1"],
        nsa: "Protect secrets: manage encryption keys",
        brief: ["R3", "R6", "Q11"],
    },
    types: ["aws:kms/key:Key"],
    check(r) {
        // Asymmetric and HMAC keys cannot rotate automatically.
        const spec =
            known(() => r.props.customerMasterKeySpec as string | undefined, undefined) ??
            "SYMMETRIC_DEFAULT";
        if (spec !== "SYMMETRIC_DEFAULT") return [];
        const rotation = known(() => r.props.enableKeyRotation as unknown, true);
        return rotation === true ? [] : [{ message: `${who(r)} has automatic key rotation off.` }];
    },
};
