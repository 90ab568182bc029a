/**
 * PlatformNetworkPolicies: registers the platform's intended flows (platformFlows.ts) as NetworkPolicies in the
 * add-on namespaces. The namespaces themselves (default-deny + DNS) come from SecureNamespace; pass those objects in
 * `namespaces` and the policies wait for them (a namespace given by name is the caller's to order).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../lib/errors";
import {
    Flow,
    PlatformFlowArgs,
    platformFlows,
    platformNamespaces,
    validatePlatformFlowArgs,
} from "./platformFlows";
import { flowPolicies } from "./flowPolicies";
import { NetworkPolicyManifest } from "./types";
import { PlatformNamespaces } from "./flows";
import { NamespaceArg, namespaceName, namespaceResources, withDependsOn } from "../namespace/namespaceRef";

/** Arguments of {@link PlatformNetworkPolicies}: the flow catalogue's, with namespaces as objects or names. */
export interface PlatformNetworkPoliciesArgs extends Omit<PlatformFlowArgs, "namespaces"> {
    /**
     * Add-on namespaces: each its SecureNamespace (the policies wait for it), a name, or `false` (the add-on is off).
     * Defaults in `platformDefaults.namespaces`.
     */
    namespaces?: Partial<Record<keyof PlatformNamespaces, NamespaceArg | false>>;
}

/** The catalogue's (pure) Args: namespaces by name. */
function flowArgs(args: PlatformNetworkPoliciesArgs): PlatformFlowArgs {
    if (!args.namespaces) return args as PlatformFlowArgs;
    const names = Object.fromEntries(
        Object.entries(args.namespaces).map(([k, v]) => [
            k,
            v === false || v === undefined ? v : namespaceName(v),
        ]),
    ) as Partial<PlatformNamespaces>;
    return { ...args, namespaces: names };
}

/** Validates and returns the flows and their NetworkPolicies (pure; throws ConfigError on bad Args). */
export function platformPolicyManifests(a: PlatformNetworkPoliciesArgs): {
    flows: Flow[];
    policies: NetworkPolicyManifest[];
} {
    const args = flowArgs(a);
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
        const namespaces = Object.values(args.namespaces ?? {}).filter((v) => v !== false);
        super(
            "blueprint:network:PlatformNetworkPolicies",
            name,
            {},
            withDependsOn(opts, namespaceResources(namespaces)),
        );
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
