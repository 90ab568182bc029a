/**
 * Access entries (authenticationMode API) are managed through the EKS API, audited in CloudTrail and cannot be
 * broken by a bad edit of the aws-auth ConfigMap (CIS EKS 4.1.7, 5.5.1; the brief's Q1).
 */
import { ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { who } from "./common";
import { previewOnlyReasons } from "../lib/admission";

const allowed = ["API", "API_AND_CONFIG_MAP"];

export const eksAuthenticationMode: ResourcePolicy = {
    kind: "resource",
    name: "eks-authentication-mode",
    since: "0.1.0",
    description:
        "EKS clusters use access entries: accessConfig.authenticationMode is API or API_AND_CONFIG_MAP.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        'Set accessConfig: { authenticationMode: "API" } (or API_AND_CONFIG_MAP while migrating from aws-auth) and ' +
        "grant access with aws.eks.AccessEntry resources.",
    previewOnly: previewOnlyReasons.aws,
    frameworks: { cisEks: ["4.1.7", "5.5.1"], nsa: "Strong authentication", brief: ["Q1", "C5"] },
    types: ["aws:eks/cluster:Cluster"],
    check(r) {
        // Unset means CONFIG_MAP, the EKS default.
        const mode = known(() => r.props.accessConfig?.authenticationMode as string | undefined, "API");
        return allowed.includes(mode ?? "CONFIG_MAP")
            ? []
            : [
                  {
                      message: `${who(r)} has authenticationMode ${mode ?? "unset (CONFIG_MAP)"}; use API or API_AND_CONFIG_MAP.`,
                  },
              ];
    },
};
