import { PolicyCases, res } from "../case";
import { goodSpec, labelled, workload } from "../fixtures/pss";

/**
 * A pod allowed at v1.37 only (a sysctl newly allowed in 1.37), in a baseline namespace; the version resolution
 * itself (EKS cluster, then config, then the newest known) is tested with PSA's own fixture in
 * coverage-pss-version.test.ts.
 */
const stack = (version?: string) => [
    labelled("apps", "baseline", version),
    workload("Pod", "p", "apps", {
        ...goodSpec(),
        securityContext: { sysctls: [{ name: "net.ipv4.tcp_notsent_lowat", value: "16384" }] },
    }),
];
const eks = (version: string) => res("aws:eks/cluster:Cluster", { name: "c", version }, `eks-${version}`);

export const cases: PolicyCases = {
    policy: "psa-version-assumed",
    enforcementLevel: "advisory",
    pass: [
        { name: "the stack's EKS cluster has a version", resources: [eks("1.34"), ...stack()] },
        { name: "config kubernetesVersion", resources: stack(), config: { kubernetesVersion: "1.34" } },
        { name: "a pinned enforce-version", resources: stack("v1.34") },
    ],
    fail: [
        {
            name: "no cluster, nothing configured: the newest version, assumed",
            resources: stack(),
            messages: [
                '1 workload(s) are evaluated at Pod Security "latest", but the target cluster\'s version is not known (no aws:eks Cluster with a version in this stack, no kubernetesVersion config): the pss-* policies assumed v1.37, the newest version this pack knows.',
            ],
        },
    ],
};
