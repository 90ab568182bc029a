/**
 * PlatformNetworkPolicies: registers the platform's intended flows (platformFlows.ts) as NetworkPolicies in the
 * add-on namespaces. The namespaces themselves (default-deny + DNS) come from SecureNamespace; pass them in
 * `opts.dependsOn` so the policies land after the namespaces exist.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../lib/errors";
import {
    Flow,
    PlatformFlowArgs,
    flowPolicies,
    platformFlows,
    platformNamespaces,
    validatePlatformFlowArgs,
} from "./platformFlows";
import { NetworkPolicyManifest } from "./types";

export type PlatformNetworkPoliciesArgs = PlatformFlowArgs;

/** Validates and returns the flows and their NetworkPolicies (pure; throws ConfigError on bad Args). */
export function platformPolicyManifests(args: PlatformNetworkPoliciesArgs): {
    flows: Flow[];
    policies: NetworkPolicyManifest[];
} {
    throwIfProblems(validatePlatformFlowArgs(args));
    const managed = Object.values(platformNamespaces(args)).filter((n): n is string => typeof n === "string");
    const flows = platformFlows(args);
    return { flows, policies: flowPolicies(flows, managed) };
}

/** The platform's flow allowances. Pass the cluster's `k8s.Provider` through `opts.provider`. */
export class PlatformNetworkPolicies extends pulumi.ComponentResource {
    /** Names of the flows registered, e.g. "vault-clients". */
    readonly flowNames: string[];
    /** `namespace/name` of every NetworkPolicy registered. */
    readonly policyNames: string[];

    constructor(name: string, args: PlatformNetworkPoliciesArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const { flows, policies } = platformPolicyManifests(args);
        super("blueprint:network:PlatformNetworkPolicies", name, {}, opts);
        for (const p of policies)
            new k8s.networking.v1.NetworkPolicy(
                `${name}-${p.metadata.namespace}-${p.metadata.name}`,
                { metadata: p.metadata, spec: p.spec },
                { parent: this },
            );
        this.flowNames = flows.map((f) => f.name);
        this.policyNames = policies.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
        this.registerOutputs({ flowNames: this.flowNames, policyNames: this.policyNames });
    }
}
