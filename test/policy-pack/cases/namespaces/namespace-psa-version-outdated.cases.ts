import { PolicyCases } from "../case";
import { eks, psa } from "../fixtures/holes";

const old = psa("apps", "restricted", "v1.29");

export const cases: PolicyCases = {
    policy: "namespace-psa-version-outdated",
    enforcementLevel: "advisory",
    pass: [
        {
            name: "a pin at the cluster's version, latest, no pin, newer pins and privileged namespaces",
            resources: [
                eks("1.34"),
                psa("a", "restricted", "v1.34"),
                psa("b", "restricted", "latest"),
                psa("c", "restricted"),
                psa("d", "baseline", "v1.36"),
                psa("e", "privileged", "v1.20"),
            ],
        },
    ],
    fail: [
        {
            name: "a pin older than the EKS cluster lists the check revisions it misses",
            resources: [eks("1.34"), old],
            message:
                /^Namespace "apps" pins pod-security.kubernetes.io\/enforce-version=v1.29, older than the EKS cluster's v1.34, with no reviewed reason: restricted pods are judged without seLinuxOptions \(v1.31\), sysctls \(v1.32\), hostProbesAndHostLifecycle \(v1.34\)\.$/,
            count: 1,
            blame: old,
        },
        {
            name: "the configured kubernetesVersion counts when the stack has no EKS cluster",
            resources: [psa("apps", "restricted", "v1.29")],
            config: { kubernetesVersion: "1.34" },
            message: "enforce-version=v1.29",
            count: 1,
        },
    ],
};
