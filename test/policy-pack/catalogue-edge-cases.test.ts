/**
 * What does not fit a per-policy table (cases/): image reference parsing, values unknown during preview (the
 * @pulumi/policy proxy), a finding that is undecided rather than a violation, and the stack policies on a
 * 2,000-resource stack. Moved from the former catalogue test.
 */
import * as policyProxyModule from "@pulumi/policy/proxy";
import { policies as awsPolicies } from "../../policy-pack/aws";
import { policies as exposurePolicies } from "../../policy-pack/exposure";
import { PolicyResource } from "../../policy-pack/lib/types";
import { policies as namespacePolicies } from "../../policy-pack/namespaces";
import { policies as rbacPolicies } from "../../policy-pack/rbac";
import { parseImage, registryMatcher } from "../../policy-pack/workloads/images";
import { policies as workloadPolicies } from "../../policy-pack/workloads";
import { Obj, res, run } from "./cases/case";
import { cluster, container, deployment, goodCluster } from "./cases/fixtures/catalogue";

/** @pulumi/policy's proxy internals (marked @internal, so absent from its .d.ts): the preview-time unknown markers. */
const policyProxy = policyProxyModule as unknown as {
    unknownCheckingProxy(o: object): object;
    unknownStringValue: unknown;
    unknownBooleanValue: unknown;
};

/** Props wrapped as @pulumi/policy wraps them during preview: reading an unknown value throws UnknownValueError. */
function preview(props: Obj): Obj {
    return policyProxy.unknownCheckingProxy(props) as Obj;
}
const unknownString = policyProxy.unknownStringValue;

const mine = [
    ...workloadPolicies,
    ...rbacPolicies,
    ...exposurePolicies,
    ...namespacePolicies,
    ...awsPolicies,
];

test("image references parse as the runtime resolves them", () => {
    expect(parseImage("nginx")).toEqual({
        domain: "docker.io",
        path: "library/nginx",
        tag: undefined,
        digest: undefined,
    });
    expect(parseImage("localhost:5000/a/b:1@sha256:abc")).toEqual({
        domain: "localhost:5000",
        path: "a/b",
        tag: "1",
        digest: "sha256:abc",
    });
    expect(registryMatcher("docker.io/aqua")(parseImage("aquasec/kube-bench")!)).toBe(false);
});

test("automount-service-account-token: unset, with its ServiceAccount outside the stack, is undecided, not a violation", () => {
    const f = run(
        "automount-service-account-token",
        deployment(container(), { automountServiceAccountToken: undefined }),
    );
    expect(f).toEqual([
        expect.objectContaining({ undecided: true, message: expect.stringMatching(/unset/) }),
    ]);
});

test("values unknown during preview never fail a workload check", () => {
    const props = {
        metadata: { name: "web", namespace: "apps" },
        spec: {
            template: {
                spec: {
                    automountServiceAccountToken: false,
                    containers: [
                        container({
                            image: unknownString,
                            securityContext: { readOnlyRootFilesystem: policyProxy.unknownBooleanValue },
                        }),
                    ],
                },
            },
        },
    };
    const r = res("kubernetes:apps/v1:Deployment", preview(props));
    for (const p of workloadPolicies) expect({ p: p.name, f: run(p.name, r) }).toEqual({ p: p.name, f: [] });
    const ns = res(
        "kubernetes:apps/v1:Deployment",
        preview({ ...props, metadata: { name: "web", namespace: unknownString } }),
    );
    expect(run("no-default-namespace", ns)).toEqual([]);
});

test("namespace-default-deny: unknown namespaces during preview never fail, nor pass silently", () => {
    const d = res(
        "kubernetes:apps/v1:Deployment",
        preview({ metadata: { name: "w", namespace: unknownString }, spec: { template: { spec: {} } } }),
    );
    expect(run("namespace-default-deny", [d])).toEqual([]);
    const np = res(
        "kubernetes:networking.k8s.io/v1:NetworkPolicy",
        preview({
            metadata: { name: "np", namespace: unknownString },
            spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
        }),
    );
    // The NetworkPolicy may or may not be in "apps": undecided (reported as advisory), not a violation.
    expect(run("namespace-default-deny", [deployment(), np])).toEqual([
        expect.objectContaining({
            undecided: true,
            message: expect.stringContaining('Namespace "apps"'),
        }),
    ]);
});

test("computed ARNs and ids during preview do not fail the EKS and log-group policies", () => {
    const eksPolicies = awsPolicies.filter(
        (p) => p.kind === "resource" && p.types?.includes("aws:eks/cluster:Cluster"),
    );
    expect(eksPolicies.length).toBeGreaterThanOrEqual(6);
    const r = res(
        "aws:eks/cluster:Cluster",
        preview({
            ...goodCluster,
            encryptionConfig: { provider: { keyArn: unknownString }, resources: ["secrets"] },
        }),
    );
    for (const p of eksPolicies) expect(run(p.name, r)).toEqual([]);
    expect(
        run(
            "log-group-kms",
            res(
                "aws:cloudwatch/logGroup:LogGroup",
                preview({ retentionInDays: 365, kmsKeyId: unknownString }),
            ),
        ),
    ).toEqual([]);
});

test("eks-vpc-cni-network-policy: an add-on whose cluster is unknown pairs with the only cluster", () => {
    const c = cluster();
    const on = JSON.stringify({ enableNetworkPolicy: "true" });
    const previewAddon = res(
        "aws:eks/addon:Addon",
        preview({ addonName: "vpc-cni", clusterName: unknownString, configurationValues: on }),
    );
    expect(run("eks-vpc-cni-network-policy", [c, previewAddon])).toEqual([]);
    const previewOff = res(
        "aws:eks/addon:Addon",
        preview({ addonName: "vpc-cni", clusterName: unknownString }),
    );
    expect(run("eks-vpc-cni-network-policy", [c, previewOff])).toHaveLength(1);
    expect(
        run("eks-vpc-cni-network-policy", [
            c,
            res(
                "aws:eks/addon:Addon",
                preview({
                    addonName: "vpc-cni",
                    clusterName: "blueprint",
                    configurationValues: unknownString,
                }),
            ),
        ]),
    ).toEqual([]);
});

describe("stack policies build their indexes once", () => {
    test("2,000 resources: results scale with the stack, each resource read a bounded number of times", () => {
        const resources: PolicyResource[] = [];
        const reads = { n: 0 };
        const counted = (r: PolicyResource): PolicyResource => {
            const props = new Proxy(r.props, {
                get: (o, k) => {
                    reads.n++;
                    return o[k as string];
                },
            });
            return { ...r, props };
        };
        for (let i = 0; i < 250; i++) {
            const name = `team-${i}`;
            resources.push(
                ns(name),
                denyAll(name),
                deployment(container(), {}, name),
                deployment(container(), {}, name),
            );
            resources.push(
                res("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", {
                    metadata: { name: `cr-${i}` },
                    rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }],
                }),
            );
            resources.push(
                res("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", {
                    metadata: { name: `crb-${i}` },
                    roleRef: { kind: "ClusterRole", name: `cr-${i}` },
                    subjects: [],
                }),
            );
            resources.push(
                res("aws:eks/cluster:Cluster", { name: `c-${i}`, version: "1.34" }),
                res("aws:eks/addon:Addon", {
                    addonName: "vpc-cni",
                    clusterName: `c-${i}`,
                    configurationValues: '{"enableNetworkPolicy":"true"}',
                }),
            );
        }
        expect(resources).toHaveLength(2000);
        const stack = resources.map(counted);
        for (const p of mine.filter((x) => x.kind === "stack")) {
            reads.n = 0;
            expect({ p: p.name, f: p.check(stack, {}) }).toEqual({ p: p.name, f: [] });
            // A scan per resource would read props ~n² = 4,000,000 times; an index reads each a few times.
            expect(reads.n).toBeLessThan(20 * resources.length);
        }
    });

    function ns(name: string) {
        return res("kubernetes:core/v1:Namespace", {
            metadata: { name, labels: { "pod-security.kubernetes.io/enforce": "restricted" } },
        });
    }
    function denyAll(namespace: string) {
        return res("kubernetes:networking.k8s.io/v1:NetworkPolicy", {
            metadata: { name: "deny", namespace },
            spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
        });
    }
});
