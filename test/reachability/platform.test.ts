/**
 * The platform's intended flows are allowed, and forbidden flows are denied, IN THE GRAPH THE GUARD CAPTURES FROM
 * THE REAL index.ts (issue 13, item 16): the NetworkPolicies are exactly the ones the stack registers, whoever
 * registers them, never a parallel model. Two stacks are previewed: the default one, and one with Harbor, the
 * example workload (a Vault client, pulling from Harbor) and kube-hunter on. Chart pods come from
 * platformWorkloads() (Helm renders them in the cluster, not in the preview); the `kubernetes` API Service and
 * CoreDNS come from guard/reachability.ts, with the Service CIDR and VPC the captured EKS cluster states.
 *
 * Probes, added on top (pods only, never policies): an ingress-nginx controller and a pod of another team's
 * namespace (team-b, no policy of its own, not a Vault client), a node's kubelet and a private VPC host.
 */
import { EndpointQuery, ReachabilityResult, formatMatrix, isAllowed } from "../../analysis/reachability";
import { chartPods } from "../../components/network/platformFlows";
import { Probes, reachabilityResultOf } from "../../guard/reachability";
import { harborPhase1Stack } from "../lib/blueprint-stacks";
import { CapturedGraph, captureBlueprint } from "./captured";

const probes: Probes = {
    workloads: [
        {
            id: "ingress-nginx/Deployment/controller",
            namespace: "ingress-nginx",
            labels: { "app.kubernetes.io/name": "ingress-nginx" },
            ports: [{ port: 443, protocol: "TCP" }],
        },
        {
            id: "team-b/Deployment/api",
            namespace: "team-b",
            labels: { app: "api" },
            ports: [{ port: 8080, protocol: "TCP" }],
        },
    ],
    externals: [
        { name: "node-kubelet", ip: "10.0.33.7", ports: [{ port: 10250 }, { port: 9100 }] },
        { name: "private-vpc-host", ip: "10.0.200.7", ports: [{ port: 443 }, { port: 6443 }] },
    ],
};

let base: CapturedGraph;
let full: CapturedGraph;
let baseResult: ReachabilityResult;
let result: ReachabilityResult;
beforeAll(async () => {
    [base, full] = await Promise.all([
        captureBlueprint(),
        // Shared with test/blueprint/variants.test.ts.
        captureBlueprint(...harborPhase1Stack),
    ]);
    baseResult = reachabilityResultOf(base.resources, probes);
    result = reachabilityResultOf(full.resources, probes);
}, 600_000);

const P = {
    prometheus: { namespace: "monitoring", labels: { ...chartPods.prometheus } },
    grafana: { namespace: "monitoring", labels: { "app.kubernetes.io/name": "grafana" } },
    ksm: { namespace: "monitoring", labels: { "app.kubernetes.io/name": "kube-state-metrics" } },
    promOperator: { namespace: "monitoring", labels: { ...chartPods.prometheusOperator } },
    vault: { namespace: "vault", labels: { ...chartPods.vaultServer } },
    injector: { namespace: "vault", labels: { ...chartPods.vaultInjector } },
    core: { namespace: "harbor", labels: { app: "harbor", component: "core" } },
    portal: { namespace: "harbor", labels: { app: "harbor", component: "portal" } },
    registry: { namespace: "harbor", labels: { app: "harbor", component: "registry" } },
    database: { namespace: "harbor", labels: { app: "harbor", component: "database" } },
    redis: { namespace: "harbor", labels: { app: "harbor", component: "redis" } },
    jobservice: { namespace: "harbor", labels: { app: "harbor", component: "jobservice" } },
    exporter: { namespace: "harbor", labels: { app: "harbor", component: "exporter" } },
    harborTrivy: { namespace: "harbor", labels: { app: "harbor", component: "trivy" } },
    falco: { namespace: "falco", labels: { ...chartPods.falco } },
    sidekick: { namespace: "falco", labels: { ...chartPods.falcosidekick } },
    trivyOperator: { namespace: "trivy-system", labels: { ...chartPods.trivyOperator } },
    scanJob: { namespace: "trivy-system", labels: { ...chartPods.trivyScanJobs } },
    nodeExporter: { namespace: "node-exporter", labels: { ...chartPods.nodeExporter } },
    kubeBench: { namespace: "kube-bench", labels: { "app.kubernetes.io/name": "kube-bench" } },
    kubeHunter: { namespace: "kube-hunter", labels: { ...chartPods.kubeHunter } },
    ingress: { namespace: "ingress-nginx", labels: { "app.kubernetes.io/name": "ingress-nginx" } },
    coredns: { namespace: "kube-system", labels: { ...chartPods.coreDns } },
    appA: { namespace: "example", labels: { "app.kubernetes.io/name": "example" } },
    appB: { namespace: "team-b", labels: { app: "api" } },
    apiService: { service: "default/kubernetes" },
    dnsService: { service: "kube-system/kube-dns" },
    internet: { ip: "203.0.113.10" },
    metadata: { ip: "169.254.169.254" },
    controlPlane: { ip: "10.0.0.100" }, // the API Service's endpoint: a control-plane ENI in the captured VPC
    kubelet: { ip: "10.0.33.7" },
    privateHost: { ip: "10.0.200.7" },
};
type Name = keyof typeof P;
const allowed = (
    r: ReachabilityResult,
    from: Name,
    to: Name,
    port: number,
    protocol: "TCP" | "UDP" = "TCP",
) => isAllowed(r, P[from] as EndpointQuery, P[to] as EndpointQuery, port, protocol);

test("both stacks were captured by the guard from index.ts (exit 0 or 1: violations are the pack's business here)", () => {
    for (const g of [base, full]) {
        expect([
            [0, 1].includes(g.code ?? -1),
            g.stderr.split("\n").filter((l) => l.startsWith("guard:")),
        ]).toEqual([true, []]);
        expect(g.resources.some((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy")).toBe(
            true,
        );
    }
    expect(
        full.resources.some((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.name === "harbor"),
    ).toBe(true);
});

test("the API server is reached at the Service CIDR the EKS cluster states (172.20.0.1) and at its ENIs", () => {
    const cluster = full.resources.find((r) => r.type === "aws:eks/cluster:Cluster")!;
    expect(cluster.props.kubernetesNetworkConfig).toEqual({
        ipFamily: "ipv4",
        serviceIpv4Cidr: "172.20.0.0/16",
    });
    expect(result.services.find((s) => s.id === "default/kubernetes")).toMatchObject({
        clusterIP: "172.20.0.1",
        endpoints: ["10.0.0.100"],
    });
});

describe("intended flows are allowed (captured graph, Harbor + example + kube-hunter)", () => {
    test.each<[Name, Name, number, ("TCP" | "UDP")?]>([
        // The platform's own API-server flows (item 1): through the `kubernetes` Service VIP and its endpoints.
        ["vault", "apiService", 443],
        ["injector", "apiService", 443],
        ["prometheus", "apiService", 443],
        ["grafana", "apiService", 443],
        ["ksm", "apiService", 443],
        ["promOperator", "apiService", 443],
        ["trivyOperator", "apiService", 443],
        ["kubeHunter", "apiService", 443],
        ["vault", "controlPlane", 443],
        ["trivyOperator", "controlPlane", 443],
        ["controlPlane", "injector", 8080],
        ["controlPlane", "promOperator", 10250],
        // CoreDNS metrics (item 10), and DNS through the kube-dns Service
        ["prometheus", "coredns", 9153],
        ["prometheus", "dnsService", 9153],
        ["appA", "dnsService", 53, "UDP"],
        ["vault", "dnsService", 53, "TCP"],
        ["scanJob", "dnsService", 53, "UDP"],
        // scrapes
        ["prometheus", "vault", 8200],
        ["prometheus", "core", 8001],
        ["prometheus", "registry", 8001],
        ["prometheus", "jobservice", 8001],
        ["prometheus", "exporter", 8001],
        ["prometheus", "falco", 8765],
        ["prometheus", "sidekick", 2801],
        ["prometheus", "trivyOperator", 8080],
        ["prometheus", "nodeExporter", 9100],
        ["prometheus", "kubelet", 10250],
        ["grafana", "prometheus", 9090],
        // Vault
        ["appA", "vault", 8200],
        ["vault", "vault", 8201],
        ["vault", "internet", 443],
        // Harbor, component by component
        ["ingress", "core", 8443],
        ["ingress", "portal", 8443],
        ["core", "database", 5432],
        ["jobservice", "database", 5432],
        ["exporter", "database", 5432],
        ["core", "redis", 6379],
        ["registry", "redis", 6379],
        ["core", "registry", 5443],
        ["jobservice", "core", 8443],
        ["core", "harborTrivy", 8443],
        ["harborTrivy", "registry", 5443],
        ["core", "internet", 443],
        // Falco
        ["falco", "sidekick", 2801],
        ["sidekick", "internet", 443],
        // trivy-operator (item 12): scan jobs to public HTTPS and to Harbor explicitly
        ["scanJob", "registry", 5443],
        ["scanJob", "core", 8443],
        ["scanJob", "internet", 443],
        // kube-hunter probes the kubelets
        ["kubeHunter", "kubelet", 10250],
    ])("%s -> %s:%s", (from, to, port, protocol = "TCP") => {
        // (a default parameter keeps the callback's arity at 3, so jest does not take a 4th as `done`)
        expect(allowed(result, from, to, port, protocol)).toBe(true);
    });
});

describe("forbidden flows are denied (captured graph)", () => {
    test.each<[Name, Name, number]>([
        ["portal", "database", 5432], // item 16: Harbor's own NetworkPolicies used to allow every Harbor pod to every other
        ["registry", "database", 5432],
        ["harborTrivy", "database", 5432],
        ["appA", "database", 5432],
        ["appB", "database", 5432],
        ["ingress", "database", 5432],
        ["scanJob", "database", 5432],
        ["prometheus", "database", 5432],
        ["appA", "redis", 6379],
        ["portal", "redis", 6379],
        ["core", "privateHost", 443], // item 16: Harbor reached private VPC addresses
        ["registry", "privateHost", 443],
        ["core", "controlPlane", 443],
        ["scanJob", "privateHost", 443], // item 12: trivy-system reached private ranges on 443 and 6443
        ["scanJob", "privateHost", 6443],
        ["scanJob", "controlPlane", 443],
        ["scanJob", "apiService", 443],
        ["trivyOperator", "internet", 443], // the operator needs the API server only
        ["trivyOperator", "privateHost", 6443],
        ["trivyOperator", "internet", 80],
        ["appA", "apiService", 443], // the example app has no API access
        ["kubeBench", "apiService", 443],
        ["kubeBench", "controlPlane", 443],
        ["kubeBench", "internet", 443],
        ["falco", "apiService", 443],
        ["core", "apiService", 443],
        ["appB", "vault", 8200], // team-b is not a Vault client
        ["appA", "vault", 8201], // Vault clients get the API port only
        ["appA", "injector", 8080],
        ["appA", "nodeExporter", 9100],
        ["falco", "nodeExporter", 9100],
        ["vault", "nodeExporter", 9100],
        ["ingress", "nodeExporter", 9100],
        ["internet", "nodeExporter", 9100],
        ["grafana", "nodeExporter", 9100],
        ["internet", "vault", 8200],
        ["internet", "core", 8443],
        ["ingress", "registry", 5443],
        ["ingress", "vault", 8200],
        ["appA", "metadata", 80], // brief R2
        ["vault", "metadata", 80],
        ["falco", "metadata", 80],
        ["appA", "internet", 443],
        ["appA", "prometheus", 9090],
        ["sidekick", "falco", 8765],
        ["kubeHunter", "internet", 443],
        ["appB", "appA", 8080],
    ])("%s -> %s:%s", (from, to, port) => {
        expect(allowed(result, from, to, port)).toBe(false);
    });

    test("the whole matrix: Harbor's database only from core, jobservice and exporter; node-exporter only from Prometheus", () => {
        const into = (id: string) =>
            [
                ...new Set(
                    result.connections
                        .filter((c) => c.to.workload === id)
                        .map((c) => c.from.workload ?? c.from.external),
                ),
            ].sort();
        expect(into("harbor/harbor-database")).toEqual([
            "harbor/harbor-core",
            "harbor/harbor-exporter",
            "harbor/harbor-jobservice",
        ]);
        expect(into("node-exporter/DaemonSet/node-exporter")).toEqual(["monitoring/StatefulSet/prometheus"]);
        // The webhook port is open to the cluster network only (where the control plane's ENIs are): no pod, no internet.
        expect(into("vault/Deployment/vault-agent-injector")).toEqual([
            "control-plane-eni",
            "node-kubelet",
            "private-vpc-host",
        ]);
    });

    test("who reaches the API server: exactly the platform pods that need it", () => {
        const callers = [
            ...new Set(
                result.connections
                    .filter((c) => c.to.service === "default/kubernetes")
                    .map((c) => c.from.workload ?? "")
                    // (pods of namespaces without policies, probes or kube-system, reach everything)
                    .filter((w) => !/^(ingress-nginx|team-b|kube-system)\//.test(w)),
            ),
        ].sort();
        expect(callers).toEqual([
            "kube-hunter/Job/kube-hunter",
            "monitoring/Deployment/grafana",
            "monitoring/Deployment/kube-state-metrics",
            "monitoring/Deployment/operator",
            "monitoring/StatefulSet/prometheus",
            "trivy-system/Deployment/trivy-operator",
            "vault/Deployment/vault-agent-injector",
            "vault/StatefulSet/vault",
        ]);
    });

    test("every platform pod is isolated in both directions", () => {
        const platform = result.workloads.filter((w) =>
            [
                "vault",
                "harbor",
                "falco",
                "monitoring",
                "trivy-system",
                "node-exporter",
                "kube-bench",
                "kube-hunter",
                "example",
            ].includes(w.namespace),
        );
        expect(platform.length).toBeGreaterThan(20);
        for (const w of platform) expect([w.id, w.isolated]).toEqual([w.id, { ingress: true, egress: true }]);
    });

    test("the matrix renders the API Service and names the hostNetwork caveat", () => {
        const text = formatMatrix(result);
        expect(text).toMatch(/-> \(service\) default\/kubernetes 172\.20\.0\.1: 443\/TCP/);
        expect(text).toMatch(/node-exporter\/DaemonSet\/node-exporter .*\[hostNetwork\]/);
    });
});

describe("the default stack (captured graph)", () => {
    test.each<[Name, Name, number, boolean]>([
        ["vault", "apiService", 443, true],
        ["injector", "apiService", 443, true],
        ["prometheus", "apiService", 443, true],
        ["promOperator", "apiService", 443, true],
        ["trivyOperator", "apiService", 443, true],
        ["prometheus", "coredns", 9153, true],
        ["scanJob", "internet", 443, true],
        ["scanJob", "privateHost", 443, false],
        ["scanJob", "privateHost", 6443, false],
        ["trivyOperator", "internet", 443, false],
        ["kubeBench", "apiService", 443, false],
    ])("%s -> %s:%s is %s", (from, to, port, expected) => {
        expect(allowed(baseResult, from, to, port)).toBe(expected);
    });
    test("no NetworkPolicy in the stack comes from anywhere but the flow catalogue and SecureNamespace", () => {
        const authors = base.resources
            .concat(full.resources)
            .filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy")
            .map((r) => (r.urn ?? "").split("::").slice(-2, -1)[0].split("$").slice(0, -1).pop());
        expect([...new Set(authors)].sort()).toEqual([
            "blueprint:namespace:SecureNamespace",
            "blueprint:network:PlatformNetworkPolicies",
        ]);
    });
});
