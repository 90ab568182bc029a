/** SSH to nodes bypasses Kubernetes RBAC and audit entirely; use SSM Session Manager for break-glass access. */
import { ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { who } from "./common";
import { previewOnlyReasons } from "../lib/admission";

export const nodeGroupNoRemoteAccess: ResourcePolicy = {
    kind: "resource",
    name: "node-group-no-remote-access",
    since: "0.1.0",
    description: "EKS managed node groups configure no remoteAccess (SSH).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation: "Remove remoteAccess; reach nodes, if ever needed, with SSM Session Manager.",
    previewOnly: previewOnlyReasons.aws,
    frameworks: { nsa: "Limit access to worker nodes", brief: ["C1", "R1"] },
    types: ["aws:eks/nodeGroup:NodeGroup"],
    check(r) {
        const ra = known(() => r.props.remoteAccess as unknown, undefined);
        if (ra === undefined || ra === null) return [];
        return [{ message: `${who(r)} enables SSH through remoteAccess.` }];
    },
};
