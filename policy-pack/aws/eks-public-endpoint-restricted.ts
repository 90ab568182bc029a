/**
 * The public API endpoint is on by default and, without publicAccessCidrs, open to 0.0.0.0/0 (CIS EKS 5.4.1).
 * It is allowed only with an explicit CIDR list that contains no catch-all.
 */
import { ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { COMPUTED, isOpenCidr, strings, who } from "./common";
import { previewOnlyReasons } from "../lib/admission";

export const eksPublicEndpointRestricted: ResourcePolicy = {
    kind: "resource",
    name: "eks-public-endpoint-restricted",
    since: "0.1.0",
    description:
        "EKS clusters have the public API endpoint off, or on only with a publicAccessCidrs list without 0.0.0.0/0 or ::/0.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediation:
        "Set vpcConfig.endpointPublicAccess: false (reach the API from inside the VPC, a VPN or SSM), or list the " +
        "operator CIDRs in vpcConfig.publicAccessCidrs.",
    previewOnly: previewOnlyReasons.aws,
    frameworks: {
        cisEks: ["5.4.1", "5.4.2"],
        nsa: "Protect the control plane: restrict API access",
        brief: ["C5", "Q1", "Q6"],
    },
    types: ["aws:eks/cluster:Cluster"],
    check(r) {
        // AWS turns the public endpoint on when endpointPublicAccess is unset.
        const pub = known(() => r.props.vpcConfig?.endpointPublicAccess as unknown, false);
        if (pub === false) return [];
        const cidrs = strings(() => r.props.vpcConfig?.publicAccessCidrs);
        if (cidrs === COMPUTED) return [];
        if (!cidrs?.length)
            return [
                {
                    message: `${who(r)} has a public API endpoint with no publicAccessCidrs, so AWS opens it to 0.0.0.0/0.`,
                },
            ];
        const open = cidrs.filter(isOpenCidr);
        return open.length
            ? [{ message: `${who(r)} opens the public API endpoint to ${open.join(", ")}.` }]
            : [];
    },
};
