/**
 * The blueprint (../../index.ts) plus test-only changes: charts from ../shared/charts-src (below), and by
 * ENGINE_E2E_MODE (see Pulumi.yaml):
 * - `up`: the e2e API server has no nodes, so no pod ever runs. Every Helm release gets skipAwait (instead of
 *   atomic, which waits) and every other Kubernetes object the `pulumi.com/skipAwait` annotation. It has no
 *   kube-controller-manager either, so no garbage collector removes a foreground delete's finalizer: every object
 *   also gets `pulumi.com/deletionPropagationPolicy: background`, for `pulumi destroy`.
 * - `bad-pod`: a privileged Pod in the example app's namespace, which the pack must refuse at preview.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";

const mode = process.env.ENGINE_E2E_MODE ?? "";

// No network here: every Helm release installs its pinned chart from the unmodified upstream sources in
// ../shared/charts-src (ENGINE_E2E_CHARTS: a dir of <chart> links to <chart>-<version>, so the chart keeps its name).
const charts = process.env.ENGINE_E2E_CHARTS;

pulumi.runtime.registerResourceTransform(({ type, props, opts }) => {
    if (type === "kubernetes:helm.sh/v3:Release") {
        let rest: Record<string, unknown> = { ...props };
        if (charts && rest.repositoryOpts) {
            const local = path.join(charts, String(rest.chart));
            const src = fs.existsSync(local) ? path.basename(fs.realpathSync(local)) : "(none)";
            if (src !== `${String(rest.chart)}-${String(rest.version)}`)
                throw new Error(`engine e2e: no offline source for chart ${String(rest.chart)} ${String(rest.version)} in ${charts} (found ${src})`); // prettier-ignore
            rest = { ...rest, chart: local };
            delete rest.repositoryOpts;
        }
        if (mode === "up") {
            rest.skipAwait = true;
            delete rest.atomic;
            delete rest.cleanupOnFail;
        }
        return { props: rest, opts };
    }
    if (mode === "up" && type.startsWith("kubernetes:") && props.metadata) {
        const metadata = props.metadata as pulumi.Input<Record<string, unknown>>;
        return {
            props: {
                ...props,
                metadata: pulumi.output(metadata).apply((m) => ({
                    ...m,
                    annotations: {
                        ...((m.annotations as Record<string, string> | undefined) ?? {}),
                        "pulumi.com/skipAwait": "true",
                        // No garbage collector (no kube-controller-manager): a foreground delete's finalizer would
                        // never be removed, so objects are deleted in the background.
                        "pulumi.com/deletionPropagationPolicy": "background",
                    },
                })),
            },
            opts,
        };
    }
    return undefined;
});

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the blueprint runs after the transform is registered
const blueprint = require("../../index");

if (mode === "bad-pod") {
    new k8s.core.v1.Pod(
        "engine-e2e-privileged",
        {
            metadata: { name: "engine-e2e-privileged", namespace: "example" },
            spec: {
                containers: [
                    {
                        name: "c",
                        image: `harbor.example.com/apps/web:1.0@sha256:${"a".repeat(64)}`,
                        securityContext: { privileged: true },
                    },
                ],
            },
        },
        // The default Kubernetes provider: the ambient KUBECONFIG, the same cluster.
    );
}

module.exports = blueprint;
