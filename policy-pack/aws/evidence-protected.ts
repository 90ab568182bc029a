/**
 * Forensics (the brief's F5) and audit (F6) depend on log groups, the KMS keys that decrypt them and Vault's data,
 * and on stateful volumes: a `pulumi destroy`, or a replacement, must not erase them (issue 13, item 7).
 *
 * Stack policy (a claim needs its StorageClass):
 * - CloudWatch log groups, KMS keys and EBS volumes have the `protect` resource option;
 * - PersistentVolumes have persistentVolumeReclaimPolicy Retain, or `protect`;
 * - PersistentVolumeClaims use a StorageClass of the stack with reclaimPolicy Retain, or have `protect`.
 * `retainOnDelete` is not visible here: the analyzer protocol does not carry it (AnalyzerResourceOptions has
 * `protect` only), so a resource that relies on it alone is reported; exempt it with a reason.
 * Values unknown during preview never cause a finding.
 */
import { Finding, PolicyResource, StackPolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { who } from "./common";
import { previewOnlyReasons } from "../lib/admission";

const PROTECTED_TYPES = new Set([
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:kms/key:Key",
    "aws:ebs/volume:Volume",
]);
const PV = "kubernetes:core/v1:PersistentVolume";
const PVC = "kubernetes:core/v1:PersistentVolumeClaim";
const SC = "kubernetes:storage.k8s.io/v1:StorageClass";

const UNKNOWN = "\u0000unknown";

function k8sName(r: PolicyResource): string {
    const n = known(() => r.props?.metadata?.name as string | undefined, undefined);
    return n ? `${r.type.split(":").pop()} "${n}"` : `${r.type.split(":").pop()} "${r.name}"`;
}

export const evidenceProtected: StackPolicy = {
    kind: "stack",
    name: "evidence-protected",
    since: "0.1.0",
    description:
        "Log groups, KMS keys and stateful volumes survive destroy and replacement: protect, or a Retain reclaim policy.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediation:
        "Set the resource option protect: true on log groups, KMS keys and EBS volumes (behind a config switch such as " +
        "cluster.protectEvidence; add retainOnDelete too). Give stateful PersistentVolumes reclaimPolicy Retain, or a " +
        "StorageClass with reclaimPolicy: Retain for their claims.",
    previewOnly: previewOnlyReasons.aws,
    frameworks: { nsa: "Audit logging: protect logs from deletion", brief: ["F5", "F6", "Q9"] },
    check(resources) {
        const scReclaim = new Map<string, string>();
        for (const r of resources) {
            if (r.type !== SC) continue;
            const name = known(() => r.props?.metadata?.name as string | undefined, undefined);
            if (name)
                scReclaim.set(
                    name,
                    known(() => (r.props.reclaimPolicy as string) ?? "Delete", UNKNOWN),
                );
        }
        const out: Finding[] = [];
        for (const r of resources) {
            const isProtected = !!r.opts?.protect;
            if (PROTECTED_TYPES.has(r.type)) {
                if (!isProtected)
                    out.push({
                        urn: r.urn,
                        message: `${who(r)} is not protected: a destroy or a replacement deletes it (set the protect option; retainOnDelete alone is invisible to policy packs).`,
                    });
            } else if (r.type === PV) {
                const policy = known(
                    () => (r.props.spec?.persistentVolumeReclaimPolicy as string | undefined) ?? "Retain",
                    UNKNOWN,
                );
                if (policy !== UNKNOWN && policy !== "Retain" && !isProtected)
                    out.push({
                        urn: r.urn,
                        message: `${k8sName(r)} has persistentVolumeReclaimPolicy ${policy}: deleting its claim erases the data (use Retain).`,
                    });
            } else if (r.type === PVC) {
                if (isProtected) continue;
                const sc = known(() => r.props.spec?.storageClassName as string | undefined, UNKNOWN);
                if (sc === UNKNOWN || sc === undefined || sc === "") continue; // default class: not knowable here
                const reclaim = scReclaim.get(sc);
                if (reclaim === undefined || reclaim === UNKNOWN) continue; // a class outside the stack
                if (reclaim !== "Retain")
                    out.push({
                        urn: r.urn,
                        message: `${k8sName(r)} uses StorageClass "${sc}" with reclaimPolicy ${reclaim}: deleting the claim erases the volume (use a Retain class or protect).`,
                    });
            }
        }
        return out;
    },
};
