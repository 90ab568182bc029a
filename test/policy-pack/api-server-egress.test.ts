/**
 * namespace-api-server-egress (issue 13, item 1): in a default-deny namespace, a workload whose service account is
 * bound to an RBAC role, or an operator/webhook chart's release, must have egress to the kubernetes Service
 * ClusterIP on 443. Pass and fail cases, the VPC-only mistake the blueprint made, and preview-time unknowns.
 */
import * as policyProxyModule from "@pulumi/policy/proxy";
import { PolicyResource } from "../../policy-pack/lib/types";
import { namespaceApiServerEgress as policy } from "../../policy-pack/namespaces/namespace-api-server-egress";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- resource props in tests
const proxy = policyProxyModule as unknown as {
    unknownCheckingProxy(o: object): object;
    unknownStringValue: unknown;
};

let seq = 0;
const res = (type: string, props: Obj, name = `r${++seq}`): PolicyResource => ({
    type,
    name,
    urn: `urn:pulumi:test::bp::${type}::${name}`,
    props,
});
const netpol = (namespace: string, spec: Obj) =>
    res("kubernetes:networking.k8s.io/v1:NetworkPolicy", { metadata: { name: `np${seq}`, namespace }, spec });
const denyAll = (ns: string) => netpol(ns, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
const egressTo = (ns: string, cidrs: string[], pods: Obj = {}, port: number | undefined = 443) =>
    netpol(ns, {
        podSelector: pods,
        policyTypes: ["Egress"],
        egress: [
            {
                to: cidrs.map((cidr) => ({ ipBlock: { cidr } })),
                ...(port ? { ports: [{ protocol: "TCP", port }] } : {}),
            },
        ],
    });
const operator = (ns: string, sa = "operator", labels: Obj = { app: "op" }) =>
    res("kubernetes:apps/v1:Deployment", {
        metadata: { name: "op", namespace: ns },
        spec: {
            template: { metadata: { labels }, spec: { serviceAccountName: sa, containers: [{ name: "c" }] } },
        },
    });
const binding = (ns: string, sa = "operator", kind = "RoleBinding") =>
    res(`kubernetes:rbac.authorization.k8s.io/v1:${kind}`, {
        metadata: { name: "b", namespace: ns },
        roleRef: { kind: "Role", name: "r" },
        subjects: [
            { kind: "ServiceAccount", name: sa, ...(kind === "ClusterRoleBinding" ? { namespace: ns } : {}) },
        ],
    });
const release = (ns: string, chart: string) => res("kubernetes:helm.sh/v3:Release", { namespace: ns, chart });
const eks = (serviceIpv4Cidr: string) =>
    res("aws:eks/cluster:Cluster", { kubernetesNetworkConfig: { serviceIpv4Cidr } });
const run = (rs: PolicyResource[], config: Obj = {}) => policy.check(rs, config);

describe("namespace-api-server-egress", () => {
    test("fails: a bound service account in a default-deny namespace with egress to the VPC only (the blueprint's old flows)", () => {
        const op = operator("ops");
        const findings = run([
            eks("172.20.0.0/16"),
            denyAll("ops"),
            egressTo("ops", ["10.0.0.0/16"]),
            op,
            binding("ops"),
        ]);
        expect(findings).toEqual([
            { urn: op.urn, message: expect.stringMatching(/service account "operator".*172\.20\.0\.1:443/) },
        ]);
    });
    test("passes: egress to the ClusterIP /32 (and the ENIs) on 443", () => {
        expect(
            run([
                eks("172.20.0.0/16"),
                denyAll("ops"),
                egressTo("ops", ["172.20.0.1/32", "10.0.0.0/16"]),
                operator("ops"),
                binding("ops"),
            ]),
        ).toEqual([]);
    });
    test("the Service CIDR the EKS cluster states decides the address; without a cluster, the configured defaults", () => {
        const rs = [denyAll("ops"), egressTo("ops", ["10.100.0.1/32"]), operator("ops"), binding("ops")];
        expect(run(rs)).toEqual([]); // EKS's other default
        expect(run([eks("172.20.0.0/16"), ...rs])).toHaveLength(1);
        expect(run(rs, { apiServiceIps: ["192.168.0.1"] })).toHaveLength(1);
    });
    test("the allowance must select the workload's pods, allow TCP 443, and not except the address", () => {
        const base = [
            eks("172.20.0.0/16"),
            denyAll("ops"),
            operator("ops"),
            binding("ops", "operator", "ClusterRoleBinding"),
        ];
        expect(
            run([...base, egressTo("ops", ["172.20.0.1/32"], { matchLabels: { app: "other" } })]),
        ).toHaveLength(1);
        expect(run([...base, egressTo("ops", ["172.20.0.1/32"], {}, 6443)])).toHaveLength(1);
        expect(run([...base, egressTo("ops", ["172.20.0.1/32"], {}, undefined)])).toEqual([]); // every port
        expect(
            run([
                ...base,
                netpol("ops", {
                    podSelector: {},
                    policyTypes: ["Egress"],
                    egress: [
                        {
                            to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["172.16.0.0/12"] } }],
                            ports: [{ port: 443 }],
                        },
                    ],
                }),
            ]),
        ).toHaveLength(1);
        expect(
            run([
                ...base,
                egressTo("ops", ["172.20.0.1/32"], {
                    matchExpressions: [{ key: "app", operator: "In", values: ["op"] }],
                }),
            ]),
        ).toEqual([]);
    });
    test("fails: an operator or webhook chart in a default-deny namespace without API egress; passes with it", () => {
        const rel = release("monitoring", "kube-prometheus-stack");
        expect(run([eks("172.20.0.0/16"), denyAll("monitoring"), rel])).toEqual([
            { urn: rel.urn, message: expect.stringMatching(/chart kube-prometheus-stack/) },
        ]);
        expect(
            run([
                eks("172.20.0.0/16"),
                denyAll("monitoring"),
                rel,
                egressTo("monitoring", ["172.20.0.1/32"]),
            ]),
        ).toEqual([]);
        expect(run([denyAll("web"), release("web", "harbor")])).toEqual([]); // not an API client chart
        expect(run([denyAll("web"), release("web", "harbor")], { apiClientCharts: ["harbor"] })).toHaveLength(
            1,
        );
    });
    test("skipped: namespaces without default-deny egress, unbound service accounts", () => {
        expect(run([operator("ops"), binding("ops")])).toEqual([]);
        expect(run([denyAll("ops"), operator("ops", "app"), binding("ops")])).toEqual([]);
        expect(run([denyAll("ops"), operator("ops"), binding("elsewhere")])).toEqual([]);
    });
    test("an unknown NetworkPolicy never hides the rest of the stack: its namespace is undecided, others still checked", () => {
        const unknownNp = res(
            "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            proxy.unknownCheckingProxy({
                metadata: { name: "x", namespace: "ops" },
                spec: { podSelector: {}, policyTypes: ["Egress"], egress: proxy.unknownStringValue },
            }) as Obj,
        );
        const f = run([
            denyAll("ops"),
            unknownNp,
            operator("ops"),
            binding("ops"),
            denyAll("b"),
            operator("b"),
            binding("b"),
        ]);
        expect(f.filter((x) => !x.undecided).map((x) => x.message)).toEqual([
            expect.stringContaining('default-deny namespace "b"'),
        ]);
        expect(f.filter((x) => x.undecided).map((x) => x.message)).toEqual([
            expect.stringContaining('A NetworkPolicy in "ops" is unknown until apply'),
        ]);
    });
    test("metadata: advisory, with remediation and brief references", () => {
        expect(policy.enforcementLevel).toBe("advisory");
        expect(policy.remediation).toMatch(/ClusterIP/);
        expect(policy.frameworks.brief).toEqual(expect.arrayContaining(["F4"]));
    });
});
