/**
 * `--config` lists of blueprint stacks that several test files preview. The guard's run of a stack is shared by every
 * file that asks for the same list in the same order (test/lib/shared-runs.ts), so the files take the lists from
 * here rather than spelling them out.
 */
const digest = "a".repeat(64);

/** Every optional part on, Harbor in phase 2 (its API reachable): refactor-graph's "all" variant, variants.test.ts. */
export const allPartsStack: string[] = [
    "harbor.enabled=true",
    "harbor.host=harbor.example.com",
    "harbor.apiReachable=true",
    "example.enabled=true",
    `example.image=harbor.example.com/apps/web:1.0@sha256:${digest}`,
    "kubeHunter.enabled=true",
    "falco.cloudwatch=true",
    "aws:region=eu-west-1",
    "harbor.s3Bucket=my-harbor-bucket",
];

/**
 * Harbor in phase 1 (before harbor.apiReachable), the example workload pulling from it, and kube-hunter:
 * test/reachability/platform.test.ts's second stack, variants.test.ts.
 */
export const harborPhase1Stack: string[] = [
    "harbor.enabled=true",
    "harbor.host=harbor.example.com",
    "example.enabled=true",
    `example.image=harbor.example.com/apps/web:1.0@sha256:${digest}`,
    "kubeHunter.enabled=true",
];
