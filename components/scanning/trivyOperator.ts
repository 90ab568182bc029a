import { MonitoringRef, monitoringDependencies, monitoringEnabled } from "../monitoring/monitoringStack";
import { NamespaceArg, namespaceName, namespaceResources, withDependsOn } from "../namespace/namespaceRef";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../lib/errors";
import {
    TrivyAirGap,
    TrivyOperatorValuesInput,
    TrivySeverity,
    buildTrivyOperatorValues,
    trivyOperatorDefaults,
    validateTrivyOperatorValuesInput,
} from "./trivyOperatorValues";
import { pinnedRelease } from "../lib/helm";

/** Arguments of {@link TrivyOperator}. */
export interface TrivyOperatorArgs {
    /**
     * Namespace to install into: its SecureNamespace (the operator waits for it), or the name of one the caller
     * creates and orders (this component creates none). Scan jobs
     * and the node collector run here too; the node collector needs hostPath and hostPID, so this namespace is the
     * one PSA-privileged exemption of the scanner (declared in policy-pack/blueprint.policy-config.json).
     */
    namespace: NamespaceArg;
    /** Severities written into VulnerabilityReports. Default HIGH, CRITICAL. */
    severities?: TrivySeverity[];
    /**
     * ServiceMonitor: pass the monitoring stack (e.g. the KubePrometheusStack), and the release waits for its CRDs.
     * `true` (deprecated: pass the stack) turns it on without that dependency. Default off.
     */
    monitoring?: MonitoringRef;
    /** StorageClass of the PVCs the chart may create. Default "gp3-encrypted". */
    storageClass?: string;
    /** Air-gapped mode: Trivy DBs, policy bundle and images from Harbor proxy-cache projects. */
    airGap?: TrivyAirGap;
}

/**
 * trivy-operator 0.34.0: continuous vulnerability, config-audit, RBAC, exposed-secret and infra-assessment scans
 * of the running cluster, with restricted operator and scan-job pods. Its network flows are contributed to the
 * flow catalogue (`trivyFlows`); register them with PlatformNetworkPolicies.
 */
export class TrivyOperator extends pulumi.ComponentResource {
    public readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: TrivyOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
        const input: TrivyOperatorValuesInput = {
            severities: args.severities ?? [...trivyOperatorDefaults.severities],
            monitoring: monitoringEnabled(args.monitoring),
            storageClass: args.storageClass ?? trivyOperatorDefaults.storageClass,
            airGap: args.airGap,
        };
        const problems = validateTrivyOperatorValuesInput(input);
        const ns = namespaceName(args.namespace);
        if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns ?? ""))
            problems.push(`TrivyOperatorArgs.namespace: "${ns ?? ""}" is not a namespace name`);
        throwIfProblems(problems);
        super(
            "blueprint:scanning:TrivyOperator",
            name,
            {},
            withDependsOn(opts, namespaceResources([args.namespace])),
        );
        const child = { parent: this };
        // No NetworkPolicy here: the flow catalogue (network/platformFlows.ts, trivyFlows) is their only author.
        this.release = pinnedRelease(
            name,
            {
                chart: trivyOperatorDefaults,
                releaseName: trivyOperatorDefaults.releaseName,
                namespace: ns,
                values: buildTrivyOperatorValues(input),
            },
            // The ServiceMonitor needs the monitoring stack's CRDs.
            { ...child, dependsOn: monitoringDependencies(args.monitoring) },
        );
        this.registerOutputs({});
    }
}
