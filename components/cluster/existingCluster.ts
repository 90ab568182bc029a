import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** Arguments of {@link existingClusterProvider}. */
export interface ExistingClusterArgs {
    /**
     * kubeconfig of the cluster (from secret config `cluster.kubeconfig`). Unset: the ambient `KUBECONFIG` (or
     * `~/.kube/config`) of the machine running Pulumi is used, which is not recorded in the state.
     */
    kubeconfig?: pulumi.Input<string>;
    /** kubeconfig context to use; unset: the current context. */
    context?: string;
}

/**
 * Bring your own cluster (`cluster.mode: existing`): a Kubernetes provider for any conformant cluster. The in-cluster
 * components take this provider and never assume EKS. A given kubeconfig stays a Pulumi secret.
 */
export function existingClusterProvider(
    name: string,
    args: ExistingClusterArgs = {},
    opts?: pulumi.CustomResourceOptions,
): k8s.Provider {
    return new k8s.Provider(
        name,
        {
            ...(args.kubeconfig !== undefined ? { kubeconfig: pulumi.secret(args.kubeconfig) } : {}),
            ...(args.context ? { context: args.context } : {}),
        },
        opts,
    );
}
