import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** A chart pinned to an exact version, from its own repository. */
export interface PinnedChart {
    chart: string;
    /** Exact chart version (never a range): the values are checked against this version's defaults. */
    version: string;
    repo: string;
}

/** Arguments of {@link pinnedRelease}. */
export interface PinnedReleaseArgs {
    chart: PinnedChart;
    /** Helm release name; fixed, so object names are known at preview time. */
    releaseName: string;
    /** Namespace, created beforehand by SecureNamespace (the release never creates one). */
    namespace: string;
    values: pulumi.Input<Record<string, unknown>>;
    /** Seconds Helm waits for the release's resources. Default 600. */
    timeout?: number;
    /**
     * Do not wait for the release's workloads to become ready (and so no atomic rollback), for charts whose pods
     * stay unready until an operator acts (Vault before `vault operator init`).
     */
    skipAwait?: boolean;
}

/**
 * The one way this blueprint installs a chart: pinned version, no namespace creation, atomic (a failed install or
 * upgrade rolls back), failed resources cleaned up, bounded history.
 */
export function pinnedRelease(
    name: string,
    args: PinnedReleaseArgs,
    opts?: pulumi.CustomResourceOptions,
): k8s.helm.v3.Release {
    return new k8s.helm.v3.Release(
        name,
        {
            name: args.releaseName,
            chart: args.chart.chart,
            version: args.chart.version,
            repositoryOpts: { repo: args.chart.repo },
            namespace: args.namespace,
            createNamespace: false,
            ...(args.skipAwait ? { skipAwait: true } : { atomic: true, cleanupOnFail: true }),
            timeout: args.timeout ?? 600,
            maxHistory: 10,
            values: args.values,
        },
        opts,
    );
}
