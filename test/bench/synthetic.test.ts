/** The synthetic stack generator: deterministic per (size, seed), exact size, the intended mix, consistent references. */
import { generateStack, mixCounts, mixOf, mixWeights, mulberry32 } from "../../bench/synthetic";

describe("generateStack", () => {
    it("is deterministic for a given size and seed", () => {
        expect(generateStack(1000, 7)).toEqual(generateStack(1000, 7));
    });

    it("differs between seeds", () => {
        expect(generateStack(1000, 1)).not.toEqual(generateStack(1000, 2));
    });

    it.each([0, 1, 17, 1000, 10000])("yields exactly %i resources with unique URNs", (n) => {
        const s = generateStack(n, 1);
        expect(s).toHaveLength(n);
        expect(new Set(s.map((r) => r.urn)).size).toBe(n);
    });

    it("follows the weights exactly, with every kind the issue lists", () => {
        const s = generateStack(10000, 1);
        const mix = mixOf(s);
        for (const [type, weight] of mixWeights) expect(mix.get(type)).toBe(weight * 100);
        expect([...mix.keys()].sort()).toEqual(
            expect.arrayContaining([
                "aws:cloudwatch/logGroup:LogGroup",
                "aws:ec2/launchTemplate:LaunchTemplate",
                "aws:ec2/securityGroup:SecurityGroup",
                "aws:eks/addon:Addon",
                "aws:eks/cluster:Cluster",
                "aws:kms/key:Key",
                "kubernetes:apps/v1:Deployment",
                "kubernetes:batch/v1:CronJob",
                "kubernetes:core/v1:Namespace",
                "kubernetes:core/v1:Pod",
                "kubernetes:core/v1:Service",
                "kubernetes:networking.k8s.io/v1:Ingress",
                "kubernetes:networking.k8s.io/v1:NetworkPolicy",
                "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
                "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
                "kubernetes:rbac.authorization.k8s.io/v1:Role",
                "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
            ]),
        );
    });

    it("rounds the mix by largest remainder to the exact total", () => {
        for (const n of [1, 7, 99, 1001])
            expect([...mixCounts(n).values()].reduce((a, b) => a + b, 0)).toBe(n);
    });

    it("labels every namespace, and puts most workloads in declared namespaces with containers", () => {
        const s = generateStack(1000, 3);
        const namespaces = s.filter((r) => r.type === "kubernetes:core/v1:Namespace");
        const declared = new Set(namespaces.map((r) => r.props.metadata.name));
        expect(
            namespaces.filter((r) => r.props.metadata.labels["pod-security.kubernetes.io/enforce"]).length,
        ).toBeGreaterThan(namespaces.length * 0.8);
        const deployments = s.filter((r) => r.type === "kubernetes:apps/v1:Deployment");
        expect(deployments.every((d) => d.props.spec.template.spec.containers.length >= 1)).toBe(true);
        const inDeclared = deployments.filter((d) => declared.has(d.props.metadata.namespace)).length;
        expect(inDeclared / deployments.length).toBeGreaterThan(0.9);
        const cronJobs = s.filter((r) => r.type === "kubernetes:batch/v1:CronJob");
        expect(
            cronJobs.every((c) => c.props.spec.jobTemplate.spec.template.spec.containers.length >= 1),
        ).toBe(true);
    });

    it("points add-ons at clusters of the stack", () => {
        const s = generateStack(1000, 1);
        const clusters = new Set(
            s.filter((r) => r.type === "aws:eks/cluster:Cluster").map((r) => r.props.name),
        );
        const addons = s.filter((r) => r.type === "aws:eks/addon:Addon");
        expect(addons.length).toBeGreaterThan(0);
        expect(addons.every((a) => clusters.has(a.props.clusterName))).toBe(true);
    });

    it("rejects a negative or fractional size", () => {
        expect(() => generateStack(-1)).toThrow(/non-negative integer/);
        expect(() => generateStack(1.5)).toThrow(/non-negative integer/);
    });
});

describe("mulberry32", () => {
    it("repeats its sequence for a seed and stays in [0, 1)", () => {
        const a = mulberry32(42);
        const b = mulberry32(42);
        const xs = Array.from({ length: 1000 }, () => a());
        expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
        expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    });
});
