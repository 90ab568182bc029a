import { PolicyCases, res } from "../case";
import { withProtect } from "../fixtures/issue13";

const lg = (protect: boolean) =>
    withProtect("aws:cloudwatch/logGroup:LogGroup", { name: "/aws/eks/b/cluster" }, protect);
const key = (protect: boolean) => withProtect("aws:kms/key:Key", { description: "k" }, protect);
const sc = (name: string, reclaimPolicy?: string) =>
    res("kubernetes:storage.k8s.io/v1:StorageClass", {
        metadata: { name },
        ...(reclaimPolicy ? { reclaimPolicy } : {}),
    });
const pvc = (storageClassName: unknown, protect = false) =>
    withProtect(
        "kubernetes:core/v1:PersistentVolumeClaim",
        { metadata: { name: "data" }, spec: { storageClassName } },
        protect,
    );
const pv = (persistentVolumeReclaimPolicy: string) =>
    res("kubernetes:core/v1:PersistentVolume", {
        metadata: { name: "pv" },
        spec: { persistentVolumeReclaimPolicy },
    });
const classes = () => [sc("gp3-encrypted"), sc("gp3-encrypted-retain", "Retain")];

export const cases: PolicyCases = {
    policy: "evidence-protected",
    enforcementLevel: "advisory",
    pass: [
        { name: "a protected log group and key", resources: [lg(true), key(true)] },
        {
            name: "other resources are not evidence",
            resources: [withProtect("aws:iam/role:Role", {}, false)],
        },
        { name: "a protected claim", resources: [...classes(), pvc("gp3-encrypted", true)] },
        { name: "a claim of a Retain StorageClass", resources: [...classes(), pvc("gp3-encrypted-retain")] },
        {
            name: "a claim of a StorageClass outside the stack",
            resources: [...classes(), pvc("outside-the-stack")],
        },
        { name: "a claim of the default StorageClass", resources: [...classes(), pvc(undefined)] },
        { name: "a Retain PersistentVolume", resources: [pv("Retain")] },
    ],
    fail: [
        {
            name: "the old blueprint's unprotected audit log group, key and volume",
            resources: [lg(false), key(false), withProtect("aws:ebs/volume:Volume", {}, false)],
            message: /not protected.*retainOnDelete alone is invisible/,
            count: 3,
        },
        {
            name: "an unprotected claim of a Delete StorageClass",
            resources: [...classes(), pvc("gp3-encrypted")],
            message: "PersistentVolumeClaim",
            count: 1,
        },
        {
            name: "a Delete PersistentVolume",
            resources: [pv("Delete")],
            message: "PersistentVolume",
            count: 1,
        },
    ],
};
