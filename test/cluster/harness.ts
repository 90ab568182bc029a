/**
 * Mocks for the cluster tests, through the one harness (test/lib/mocks.ts, the guard's capture), plus realistic
 * computed state for the EKS cluster (endpoint, CA, OIDC issuer, cluster SG) and launch templates, so kubeconfig/OIDC
 * code paths run with values; in preview mode this state is left out, so (as in a real first preview) those outputs
 * are unknown and the component must cope. Every registration carries its dependency list (dependsOn + input
 * dependencies) and options, so tests can assert the dependency graph.
 */
import { MockedResource, defaultState, installMocks } from "../lib/mocks";

export type Registered = MockedResource;

export const ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789";
export const ENDPOINT = "https://ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com";
export const CA_DATA = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t";

function computed(type: string, inputs: Record<string, unknown>): Record<string, unknown> {
    switch (type) {
        case "aws:eks/cluster:Cluster":
            return {
                endpoint: ENDPOINT,
                certificateAuthority: { data: CA_DATA },
                identities: [{ oidcs: [{ issuer: ISSUER }] }],
                vpcConfig: { ...(inputs.vpcConfig as object), clusterSecurityGroupId: "sg-0cluster" },
            };
        case "aws:ec2/launchTemplate:LaunchTemplate":
            return { latestVersion: 1 };
        default:
            return {};
    }
}

/** Installs the mocks; returns the list that fills as resources register (with their dependencies). */
export function installClusterMocks(
    opts: {
        preview?: boolean;
        /** Invoke answers replacing the defaults, by token (an SSO session, an account without a role). */
        invokes?: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>;
    } = {},
): Registered[] {
    return installMocks({
        preview: opts.preview,
        invokes: opts.invokes,
        state: (args) => ({
            ...args.inputs,
            ...(opts.preview ? {} : computed(args.type, args.inputs)),
            arn: defaultState(args).arn,
        }),
    });
}

/** Waits until registrations stop arriving. */
export async function settleAll(list: Registered[]): Promise<void> {
    let last = -1;
    for (let i = 0; i < 50 && list.length !== last; i++) {
        last = list.length;
        for (let j = 0; j < 5; j++) await new Promise((r) => setImmediate(r));
        await new Promise((r) => setTimeout(r, 30));
    }
}

export function byType(list: Registered[], type: string): Registered[] {
    return list.filter((r) => r.type === type);
}

export function one(list: Registered[], type: string, nameSuffix?: string): Registered {
    const found = list.filter(
        (r) => r.type === type && (nameSuffix === undefined || r.name.endsWith(nameSuffix)),
    );
    if (found.length !== 1)
        throw new Error(
            `expected one ${type}${nameSuffix ? ` *${nameSuffix}` : ""}, found ${found.map((f) => f.name).join(", ") || "none"}`,
        );
    return found[0];
}

/** True when `r` depends (directly) on a resource of `type`, optionally named `*nameSuffix`. */
export function dependsOn(list: Registered[], r: Registered, type: string, nameSuffix?: string): boolean {
    const targets = list
        .filter((x) => x.type === type && (nameSuffix === undefined || x.name.endsWith(nameSuffix)))
        .map((x) => x.urn);
    if (targets.length === 0) throw new Error(`no ${type} ${nameSuffix ?? ""} registered`);
    return r.dependencies.some((d) => targets.includes(d));
}
