/**
 * Pod Security Admission forbids `hostPath` volumes in pods (baseline), but a pod reaches the node's filesystem just
 * as well through a PersistentVolumeClaim bound to a PersistentVolume whose source is `hostPath` or `local` (a path
 * on one node): PSA only sees `persistentVolumeClaim`, which every level allows. The same happens when a
 * StorageClass's provisioner creates hostPath volumes on demand (local-path, the minikube/microk8s/kubevirt
 * hostpath provisioners, OpenEBS local hostpath). Whoever may create such a PV (CIS EKS 4.1.9) or claim one mounts
 * the node's disk: kubelet credentials, container runtime socket, other pods' data.
 */
import { Finding, ResourcePolicy } from "../lib/types";
import { cosmetic, known } from "../../lib/unknowns";
import { celStringList } from "../lib/admission";

const PV_TYPES = ["kubernetes:core/v1:PersistentVolume"];
const SC_TYPES = [
    "kubernetes:storage.k8s.io/v1:StorageClass",
    "kubernetes:storage.k8s.io/v1beta1:StorageClass",
];

/** Provisioners whose volumes are hostPath directories on the node (exact names, as StorageClasses spell them). */
export const hostPathProvisioners = [
    "rancher.io/local-path",
    "k8s.io/minikube-hostpath",
    "microk8s.io/hostpath",
    "hostpath.csi.k8s.io",
    "kubevirt.io.hostpath-provisioner",
    "kubevirt.io/hostpath-provisioner",
    "docker.io/hostpath",
    "openebs.io/local",
];

export const persistentVolumeHostPath: ResourcePolicy = {
    kind: "resource",
    name: "persistent-volume-host-path",
    since: "0.1.0",
    description:
        "No PersistentVolume takes its storage from a path on the node (`hostPath` or `local`), and no StorageClass " +
        "provisions hostPath volumes: PSA's hostPath ban does not see a volume that arrives through a claim.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        "Use a network or CSI volume (gp3 EBS through ebs.csi.aws.com, EFS) instead. A reviewed local-disk PV (a " +
        "dedicated NVMe instance-store mount, never a system path) gets an exemption with its reason in the policy config.",
    frameworks: {
        cisEks: ["4.1.9"],
        nsa: "Kubernetes Pod security: restrict host filesystem access",
        brief: ["R7", "Q7", "C1"],
    },
    admission: {
        match: [
            { apiGroups: [""], apiVersions: ["v1"], resources: ["persistentvolumes"] },
            { apiGroups: ["storage.k8s.io"], apiVersions: ["v1"], resources: ["storageclasses"] },
        ],
        validations: [
            {
                expression:
                    "object.kind != 'PersistentVolume' || !has(object.spec) || " +
                    "(!has(object.spec.hostPath) && !has(object.spec.local))",
                messageExpression:
                    "'PersistentVolume \"' + object.metadata.name + '\" is a ' + " +
                    "(has(object.spec.hostPath) ? 'hostPath' : 'local') + ' volume on the node: any pod bound to it " +
                    "mounts the host\\'s filesystem, which Pod Security Admission does not see.'",
            },
            {
                expression:
                    "object.kind != 'StorageClass' || !has(object.provisioner) || " +
                    `!(object.provisioner in ${celStringList(hostPathProvisioners)})`,
                messageExpression:
                    "'StorageClass \"' + object.metadata.name + '\" uses provisioner \"' + object.provisioner + " +
                    "'\", which creates hostPath volumes on the node for every claim.'",
            },
        ],
    },
    types: [...PV_TYPES, ...SC_TYPES],
    check(r) {
        const name = cosmetic(() => r.props.metadata?.name as string | undefined, undefined) ?? r.name;
        if (SC_TYPES.includes(r.type)) {
            const p = known(() => r.props.provisioner as unknown, undefined);
            return typeof p === "string" && hostPathProvisioners.includes(p)
                ? [
                      {
                          message: `StorageClass "${name}" uses provisioner "${p}", which creates hostPath volumes on the node for every claim.`,
                      },
                  ]
                : [];
        }
        const out: Finding[] = [];
        const UNKNOWN = "\u0000unknown";
        const spec = known(() => r.props.spec as unknown, UNKNOWN);
        if (spec === UNKNOWN)
            return [
                {
                    message: `PersistentVolume "${name}": its spec is unknown until apply, so whether it is a hostPath or local volume`,
                    undecided: true,
                },
            ];
        // Each source is read on its own: an unknown one makes only that one unknown.
        const sources: Array<["hostPath" | "local", string]> = [];
        for (const kind of ["hostPath", "local"] as const) {
            const src = known(
                () => (spec as Record<string, unknown> | undefined)?.[kind],
                UNKNOWN as unknown,
            );
            if (src === undefined || src === null) continue;
            if (src === UNKNOWN) {
                out.push({
                    message: `PersistentVolume "${name}": spec.${kind} is unknown until apply, so whether it mounts a path of the node`,
                    undecided: true,
                });
                continue;
            }
            const path = known(() => (src as { path?: unknown }).path, undefined);
            sources.push([kind, typeof path === "string" ? path : "(path not known until apply)"]);
        }
        if (!sources.length) return out;
        const claim = known(() => {
            const c = r.props.spec?.claimRef as { namespace?: unknown; name?: unknown } | undefined;
            return c && typeof c.name === "string"
                ? ` (claimed by ${String(c.namespace ?? "default")}/${c.name})`
                : "";
        }, "");
        for (const [kind, path] of sources)
            out.push({
                message: `PersistentVolume "${name}" is a ${kind} volume at ${path} on the node${claim}: any pod bound to it mounts the host's filesystem, which Pod Security Admission does not see.`,
            });
        return out;
    },
};
