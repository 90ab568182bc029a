/**
 * EKS envelope-encrypts Kubernetes Secrets in etcd only when the cluster has an encryption config for `secrets`
 * with a customer-managed KMS key.
 */
import { ResourcePolicy } from "../lib/types";
import { computed, known } from "../../lib/unknowns";
import { previewOnlyReasons } from "../lib/admission";

export const eksSecretsEncryption: ResourcePolicy = {
    kind: "resource",
    name: "eks-secrets-encryption",
    since: "0.1.0",
    description: "EKS clusters encrypt Kubernetes Secrets with a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        'Set encryptionConfig: { resources: ["secrets"], provider: { keyArn: <customer KMS key ARN> } } ' +
        "(HardenedCluster does this by default).",
    previewOnly: previewOnlyReasons.aws,
    frameworks: { cisEks: ["5.3.1"], nsa: "Protect secrets: encrypt etcd", brief: ["R3", "R6", "Q11", "C5"] },
    types: ["aws:eks/cluster:Cluster"],
    check(r) {
        const enc = r.props.encryptionConfig;
        if (!enc)
            return [
                {
                    message:
                        "EKS cluster has no encryptionConfig: Secrets are stored without envelope encryption.",
                },
            ];
        const resources = known(() => enc.resources as string[] | undefined, ["secrets"]);
        if (!resources?.includes("secrets"))
            return [{ message: "EKS encryptionConfig does not cover the `secrets` resource." }];
        // An unknown ARN during preview is a key created in the same stack: a customer key.
        const keyArn = computed(() => enc.provider?.keyArn as string | undefined, "(computed)");
        if (!keyArn) return [{ message: "EKS encryptionConfig has no provider.keyArn (customer KMS key)." }];
        if (/:alias\/aws\//.test(keyArn))
            return [
                {
                    message: `EKS encryptionConfig uses an AWS-managed key (${keyArn}); use a customer-managed key.`,
                },
            ];
        return [];
    },
};
