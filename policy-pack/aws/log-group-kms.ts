/** Control-plane and security logs contain object names, identities and sometimes payloads: encrypt them with a customer key. */
import { ResourcePolicy } from "../lib/types";
import { computed } from "../../lib/unknowns";
import { who } from "./common";
import { previewOnlyReasons } from "../lib/admission";

export const logGroupKms: ResourcePolicy = {
    kind: "resource",
    name: "log-group-kms",
    since: "0.1.0",
    description: "CloudWatch log groups are encrypted with a customer KMS key (kmsKeyId).",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediation:
        "Set kmsKeyId to a customer key whose policy allows logs.<region>.amazonaws.com, scoped by the " +
        "kms:EncryptionContext:aws:logs:arn condition.",
    previewOnly: previewOnlyReasons.aws,
    frameworks: { cisEks: ["2.1.2"], nsa: "Encrypt data at rest", brief: ["F5", "F6", "R3"] },
    types: ["aws:cloudwatch/logGroup:LogGroup"],
    check(r) {
        // An unknown key id during preview is a key created in the same stack.
        const key = computed(() => r.props.kmsKeyId as string | undefined, "(computed)");
        return key
            ? []
            : [{ message: `${who(r)} has no kmsKeyId: logs are encrypted only with an AWS-owned key.` }];
    },
};
