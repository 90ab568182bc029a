/**
 * A pod that never calls the Kubernetes API should not carry an API token: a compromised container would reuse
 * it (CIS EKS 4.1.6, the brief's R8). Workloads that need the API are exempted in config, with a reason.
 */
import { ResourcePolicy } from "../lib/types";
import { known } from "../lib/unknowns";
import { POD_TYPES, label, podOf } from "./pod";

export const automountServiceAccountToken: ResourcePolicy = {
    kind: "resource",
    name: "automount-service-account-token",
    description:
        "Pod specs set automountServiceAccountToken: false unless the workload needs the Kubernetes API.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediation:
        "Set spec.automountServiceAccountToken: false in the pod template. If the workload calls the Kubernetes " +
        "API, give it its own least-privilege ServiceAccount and add an exemption {namespace, name, reason} for it.",
    frameworks: {
        cisEks: ["4.1.5", "4.1.6"],
        nsa: "Disable service account token automount where not needed",
        brief: ["R8", "C5"],
    },
    types: POD_TYPES,
    check(r) {
        const pod = podOf(r);
        if (!pod) return [];
        const automount = known(() => pod.spec.automountServiceAccountToken as unknown, false);
        if (automount === false) return [];
        return [
            {
                message:
                    `${label(pod)} mounts a service account token (spec.automountServiceAccountToken is ` +
                    `${automount === undefined ? "unset" : String(automount)}); set it to false or exempt the workload with a reason.`,
            },
        ];
    },
};
