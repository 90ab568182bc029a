/** EKS sends control-plane logs to CloudWatch only for the log types that are turned on (CIS EKS 2.1.1). */
import { ResourcePolicy } from "../lib/types";
import { COMPUTED, strings, who } from "./common";
import { previewOnlyReasons } from "../lib/admission";

export const eksLogTypes = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export const eksControlPlaneLogging: ResourcePolicy = {
    kind: "resource",
    name: "eks-control-plane-logging",
    since: "0.1.0",
    description:
        "EKS clusters enable all five control-plane log types: api, audit, authenticator, controllerManager, scheduler.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        'Set enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"] and create ' +
        "the /aws/eks/<name>/cluster log group first, with retention and a KMS key (HardenedCluster does both).",
    previewOnly: previewOnlyReasons.aws,
    frameworks: { cisEks: ["2.1.1"], nsa: "Audit logging", brief: ["F5", "F6", "Q9"] },
    types: ["aws:eks/cluster:Cluster"],
    check(r) {
        const types = strings(() => r.props.enabledClusterLogTypes);
        if (types === COMPUTED) return [];
        const missing = eksLogTypes.filter((t) => !(types ?? []).includes(t));
        return missing.length
            ? [{ message: `${who(r)} does not enable control-plane log types ${missing.join(", ")}.` }]
            : [];
    },
};
