/** With the private endpoint on, nodes and in-VPC clients reach the API server without leaving the VPC (CIS EKS 5.4.2). */
import { ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { who } from "./common";
import { previewOnlyReasons } from "../lib/admission";

export const eksPrivateEndpoint: ResourcePolicy = {
    kind: "resource",
    name: "eks-private-endpoint",
    since: "0.1.0",
    description: "EKS clusters enable the private API endpoint (vpcConfig.endpointPrivateAccess: true).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        "Set vpcConfig.endpointPrivateAccess: true, and endpointPublicAccess: false unless a CIDR list is required.",
    previewOnly: previewOnlyReasons.aws,
    frameworks: {
        cisEks: ["5.4.2"],
        nsa: "Protect the control plane: private endpoint",
        brief: ["C5", "Q6"],
    },
    types: ["aws:eks/cluster:Cluster"],
    check(r) {
        const priv = known(() => r.props.vpcConfig?.endpointPrivateAccess as unknown, true);
        return priv === true
            ? []
            : [{ message: `${who(r)} has the private API endpoint off (vpcConfig.endpointPrivateAccess).` }];
    },
};
