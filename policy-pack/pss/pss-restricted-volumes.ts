/**
 * `pss-restricted-volumes`: At restricted, pods use only configMap, csi, downwardAPI, emptyDir, ephemeral, image,
 * persistentVolumeClaim, projected and secret volumes (PSS `restrictedVolumes`).
 */
import { checkRestrictedVolumes } from "./checks/restricted-volumes";
import { pssPolicy } from "./policy";

export const pssRestrictedVolumes = pssPolicy({
    name: "pss-restricted-volumes",
    since: "0.1.0",
    description:
        "At restricted, pods use only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes (PSS `restrictedVolumes`).",
    severity: "medium",
    remediation:
        "Replace hostPath, nfs, iscsi, gitRepo and other in-tree volume types with a PersistentVolumeClaim (backed by a CSI StorageClass) or one of the allowed types.",
    frameworks: {
        pss: "restrictedVolumes",
        nsa: "Kubernetes Pod security: Pod security enforcement",
        brief: ["C1", "Q7"],
    },
    checks: [checkRestrictedVolumes],
});
