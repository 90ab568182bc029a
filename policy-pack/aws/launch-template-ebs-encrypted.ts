/** Node volumes hold container images, emptyDirs and logs: they are encrypted at rest. */
import { Finding, ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { who } from "./common";
import { previewOnlyReasons } from "../lib/admission";

export const launchTemplateEbsEncrypted: ResourcePolicy = {
    kind: "resource",
    name: "launch-template-ebs-encrypted",
    since: "0.1.0",
    description: "Launch templates map their volumes explicitly, and every EBS mapping sets encrypted: true.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        'Add blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: <customer key>, volumeType: "gp3" } }].',
    previewOnly: previewOnlyReasons.aws,
    frameworks: { nsa: "Encrypt data at rest", brief: ["C1", "R3"] },
    types: ["aws:ec2/launchTemplate:LaunchTemplate"],
    check(r) {
        const mappings = known<unknown[] | undefined | "(computed)">(
            () => (Array.isArray(r.props.blockDeviceMappings) ? [...r.props.blockDeviceMappings] : undefined),
            "(computed)" as const,
        );
        if (mappings === "(computed)") return [];
        if (!mappings?.length)
            return [
                {
                    message: `${who(r)} has no blockDeviceMappings: the root volume's encryption is left to the AMI and account default.`,
                },
            ];
        const out: Finding[] = [];
        mappings.forEach((m, i) => {
            const ebs = known(() => (m as { ebs?: { encrypted?: unknown } }).ebs, undefined);
            if (!ebs) return; // instance-store or no-device mappings carry no EBS volume
            const enc = known(() => ebs.encrypted, "true");
            if (enc !== true && enc !== "true")
                out.push({
                    message: `${who(r)} blockDeviceMappings[${i}] is not encrypted (ebs.encrypted is ${String(enc ?? "unset")}).`,
                });
        });
        return out;
    },
};
