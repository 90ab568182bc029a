/**
 * `enforce-version: latest` (or no version label) means the API server's own version. The pss-* policies resolve it
 * to the stack's EKS cluster version, else to their `kubernetesVersion` config; when neither is known they assume
 * the newest version the pack knows, and this advisory policy says so: a pod can pass at that version and be
 * refused by an older cluster (e.g. a sysctl that PSA allows only from v1.37).
 */
import { Finding, StackPolicy } from "../lib/types";
import {
    NamespaceLevels,
    defaultLevelOf,
    defaultLevelSchema,
    kubernetesVersionSchema,
    latestVersion,
    targetVersions,
} from "../pss/level";
import { readPod } from "../pss/policy";

export const psaVersionAssumed: StackPolicy = {
    kind: "stack",
    name: "psa-version-assumed",
    since: "0.1.0",
    description:
        "The Pod Security version that `latest` stands for is known: the stack's EKS cluster version or the " +
        "`kubernetesVersion` config; otherwise the pss-* policies assumed the newest version the pack knows.",
    enforcementLevel: "advisory",
    severity: "low",
    remediation:
        "Set `kubernetesVersion` (e.g. 1.34) in the policy config of the pss-* policies and of this policy when the " +
        "stack does not create the EKS cluster, or pin `pod-security.kubernetes.io/enforce-version` on the namespace.",
    previewOnly:
        "it reports what the preview itself assumed (the Kubernetes version behind `latest` when the stack does not say it); at admission Pod Security Admission uses the API server's own version, so there is nothing to assume",
    frameworks: { pss: "enforce-version", nsa: "Pod security admission", brief: ["F2", "C1", "Q7"] },
    configSchema: { defaultLevel: defaultLevelSchema, kubernetesVersion: kubernetesVersionSchema },
    check(resources, config): Finding[] {
        const target = targetVersions(resources, config);
        if (target.source !== "assumed") return [];
        const levels = new NamespaceLevels(resources, defaultLevelOf(config), target);
        let count = 0;
        for (const r of resources) {
            const pod = readPod(r);
            if (pod && levels.usesLatest(pod.namespace)) count++;
        }
        if (!count) return [];
        return [
            {
                message:
                    `${count} workload(s) are evaluated at Pod Security "latest", but the target cluster's version is not ` +
                    "known (no aws:eks Cluster with a version in this stack, no kubernetesVersion config): the pss-* " +
                    `policies assumed v1.${latestVersion}, the newest version this pack knows.`,
            },
        ];
    },
};
