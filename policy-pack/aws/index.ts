/** The aws policies of the pack, one per file. */
import { BlueprintPolicy } from "../lib/types";
import { eksAuthenticationMode } from "./eks-authentication-mode";
import { eksControlPlaneLogging } from "./eks-control-plane-logging";
import { eksNoBootstrapAdmin } from "./eks-no-bootstrap-admin";
import { eksPrivateEndpoint } from "./eks-private-endpoint";
import { eksPublicEndpointRestricted } from "./eks-public-endpoint-restricted";
import { eksSecretsEncryption } from "./eks-secrets-encryption";
import { eksVpcCniNetworkPolicy } from "./eks-vpc-cni-network-policy";
import { evidenceProtected } from "./evidence-protected";
import { kmsKeyRotation } from "./kms-key-rotation";
import { launchTemplateEbsEncrypted } from "./launch-template-ebs-encrypted";
import { launchTemplateImdsv2 } from "./launch-template-imdsv2";
import { launchTemplateTagSpecNotEmpty } from "./launch-template-tag-spec-not-empty";
import { logGroupKms } from "./log-group-kms";
import { logGroupKmsKeyGrant } from "./log-group-kms-key-grant";
import { logGroupRetention } from "./log-group-retention";
import { nodeGroupNoRemoteAccess } from "./node-group-no-remote-access";
import { securityGroupNoPublicIngress } from "./security-group-no-public-ingress";

export const policies: BlueprintPolicy[] = [
    eksSecretsEncryption,
    eksControlPlaneLogging,
    eksPrivateEndpoint,
    eksPublicEndpointRestricted,
    eksAuthenticationMode,
    eksNoBootstrapAdmin,
    eksVpcCniNetworkPolicy,
    kmsKeyRotation,
    launchTemplateImdsv2,
    launchTemplateEbsEncrypted,
    nodeGroupNoRemoteAccess,
    logGroupRetention,
    logGroupKms,
    securityGroupNoPublicIngress,
    launchTemplateTagSpecNotEmpty,
    logGroupKmsKeyGrant,
    evidenceProtected,
];
