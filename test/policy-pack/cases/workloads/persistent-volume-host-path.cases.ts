import { PolicyCases } from "../case";
import { hardenedDeployment } from "../fixtures/catalogue";
import { pv, storageClass } from "../fixtures/holes";

export const cases: PolicyCases = {
    policy: "persistent-volume-host-path",
    pass: [
        hardenedDeployment(),
        { name: "the EBS CSI StorageClass", resources: storageClass("ebs.csi.aws.com") },
        {
            name: "an EFS CSI volume",
            resources: pv({ csi: { driver: "efs.csi.aws.com", volumeHandle: "fs-1" } }),
        },
        { name: "an NFS volume", resources: pv({ nfs: { server: "10.0.0.5", path: "/export" } }) },
    ],
    fail: [
        {
            name: "a hostPath PersistentVolume, with the claim that binds it",
            resources: pv({ hostPath: { path: "/" }, claimRef: { namespace: "apps", name: "data" } }),
            messages: [
                'PersistentVolume "pv" is a hostPath volume at / on the node (claimed by apps/data): any pod bound to it mounts the host\'s filesystem, which Pod Security Admission does not see.',
            ],
        },
        {
            name: "a local PersistentVolume",
            resources: pv({ local: { path: "/var/lib/kubelet" } }),
            message: "is a local volume at /var/lib/kubelet on the node:",
            count: 1,
        },
        {
            name: "a hostPath provisioner's StorageClass",
            resources: storageClass("rancher.io/local-path"),
            message: 'provisioner "rancher.io/local-path", which creates hostPath volumes',
            count: 1,
        },
    ],
};
