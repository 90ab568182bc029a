/**
 * By default EKS makes whoever created the cluster a permanent, invisible cluster-admin. Access goes through
 * explicit access entries instead (CIS EKS 4.1.1, 4.1.7).
 */
import { ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { who } from "./common";
import { previewOnlyReasons } from "../lib/admission";

export const eksNoBootstrapAdmin: ResourcePolicy = {
    kind: "resource",
    name: "eks-no-bootstrap-admin",
    since: "0.1.0",
    description: "EKS clusters set accessConfig.bootstrapClusterCreatorAdminPermissions: false.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        "Set accessConfig.bootstrapClusterCreatorAdminPermissions: false and give the deploying role an explicit " +
        "access entry with AmazonEKSClusterAdminPolicy.",
    previewOnly: previewOnlyReasons.aws,
    frameworks: {
        cisEks: ["4.1.1", "4.1.7"],
        nsa: "Least privilege administration",
        brief: ["R8", "Q1", "C5"],
    },
    types: ["aws:eks/cluster:Cluster"],
    check(r) {
        // Unset means true, the EKS default.
        const bootstrap = known(
            () => r.props.accessConfig?.bootstrapClusterCreatorAdminPermissions as unknown,
            false,
        );
        return bootstrap === false
            ? []
            : [
                  {
                      message: `${who(r)} grants its creator implicit cluster-admin (bootstrapClusterCreatorAdminPermissions is ${bootstrap === undefined ? "unset, i.e. true" : String(bootstrap)}).`,
                  },
              ];
    },
};
