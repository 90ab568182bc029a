/**
 * What a component needs of a Prometheus Operator stack (issue 19, objects not booleans plus dependencies): the
 * resource after which the monitoring.coreos.com CRDs exist, so that its ServiceMonitors and PrometheusRules are
 * created after them. `KubePrometheusStack` implements it; a stack whose operator another stack installed passes
 * `{ crds: <that resource> }`, or `true` when the CRDs are already in the cluster.
 */
import * as pulumi from "@pulumi/pulumi";

/** A Prometheus Operator stack, as the components that register ServiceMonitors need it. */
export interface MonitoringStack {
    /** The resource after which the ServiceMonitor and PrometheusRule CRDs exist (KubePrometheusStack's CRD release). */
    readonly crds: pulumi.Resource;
}

/**
 * A component's `monitoring` argument: the monitoring stack (metrics on, and the component's ServiceMonitors wait for
 * its CRDs), `true` (metrics on; the CRDs must already exist: deprecated, pass the stack), or `false`/absent (off).
 */
export type MonitoringRef = boolean | MonitoringStack;

/** Whether metrics and ServiceMonitors are on. */
export function monitoringEnabled(m: MonitoringRef | undefined, byDefault = false): boolean {
    return m === undefined ? byDefault : m !== false;
}

/** What the resources that create ServiceMonitors wait for: the stack's CRDs, when a stack was given. */
export function monitoringDependencies(m: MonitoringRef | undefined): pulumi.Resource[] {
    return typeof m === "object" && m !== null ? [m.crds] : [];
}
