/**
 * The platform's intended flows are allowed, and a set of forbidden flows is denied, when every add-on namespace is
 * a SecureNamespace (default-deny + DNS) and PlatformNetworkPolicies adds the flows. Chart pods come from
 * platformWorkloads() (their real labels and container ports); two app namespaces hold team workloads.
 */
import {
    CapturedResource,
    ReachabilityResult,
    analyzeReachability,
    formatMatrix,
    isAllowed,
} from "../../analysis/reachability";
import { namespaceManifests } from "../../components/namespace/secureNamespace";
import { chartPods, platformNamespaces, platformWorkloads } from "../../components/network/platformFlows";
import { platformPolicyManifests } from "../../components/network/platformNetworkPolicies";

const vpc = "10.0.0.0/16";
const apiServer = { ip: "10.0.12.34", name: "eks-control-plane-eni" };

function fromNamespace(m: ReturnType<typeof namespaceManifests>): CapturedResource[] {
    return [
        { type: "kubernetes:core/v1:Namespace", name: m.namespace.metadata.name, props: m.namespace },
        ...m.networkPolicies.map((np) => ({
            type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            name: `${np.metadata.namespace}-${np.metadata.name}`,
            props: np,
        })),
    ];
}
function pod(
    namespace: string,
    name: string,
    labels: Record<string, string>,
    port: number,
): CapturedResource {
    return {
        type: "kubernetes:apps/v1:Deployment",
        name,
        props: {
            metadata: { name, namespace },
            spec: {
                template: {
                    metadata: { labels },
                    spec: { containers: [{ name, ports: [{ containerPort: port }] }] },
                },
            },
        },
    };
}

const ns = platformNamespaces({});
const privileged = new Set(["falco", "node-exporter", "kube-bench"]);
const resources: CapturedResource[] = [
    ...Object.values(ns)
        .filter((n): n is string => typeof n === "string")
        .flatMap((n) =>
            fromNamespace(
                namespaceManifests(
                    privileged.has(n)
                        ? { name: n, podSecurityLevel: "privileged", exemptionReason: "host access" }
                        : { name: n },
                ),
            ),
        ),
    ...fromNamespace(namespaceManifests({ name: "team-a", vaultClient: { namespace: "vault" } })),
    ...fromNamespace(namespaceManifests({ name: "team-b" })),
    {
        type: "kubernetes:core/v1:Namespace",
        name: "ingress-nginx",
        props: { metadata: { name: "ingress-nginx" } },
    },
    {
        type: "kubernetes:core/v1:Namespace",
        name: "kube-system",
        props: { metadata: { name: "kube-system" } },
    },
    pod("ingress-nginx", "controller", { "app.kubernetes.io/name": "ingress-nginx" }, 443),
    pod("kube-system", "coredns", { "k8s-app": "kube-dns" }, 53),
    pod("team-a", "web", { app: "web" }, 8080),
    pod("team-b", "api", { app: "api" }, 8080),
    ...platformPolicyManifests({ controlPlaneCidrs: [vpc] }).policies.map((np) => ({
        type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
        name: `${np.metadata.namespace}-${np.metadata.name}`,
        props: np,
    })),
];
const result: ReachabilityResult = analyzeReachability(resources, {
    synthesize: false,
    extraWorkloads: platformWorkloads({}),
    externalEndpoints: [
        { name: "internet", ip: "203.0.113.10", ports: [{ port: 443 }] },
        { name: "cloud-metadata", ip: "169.254.169.254", ports: [{ port: 80 }] },
        { ...apiServer, ports: [{ port: 443 }] },
    ],
});

const P = {
    prometheus: { namespace: "monitoring", labels: { ...chartPods.prometheus } },
    grafana: { namespace: "monitoring", labels: { "app.kubernetes.io/name": "grafana" } },
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
    ingress: { namespace: "ingress-nginx", labels: { "app.kubernetes.io/name": "ingress-nginx" } },
    dns: { namespace: "kube-system", labels: { "k8s-app": "kube-dns" } },
    appA: { namespace: "team-a", labels: { app: "web" } },
    appB: { namespace: "team-b", labels: { app: "api" } },
    internet: { ip: "203.0.113.10" },
    metadata: { ip: "169.254.169.254" },
    api: { ip: apiServer.ip },
};
type Name = keyof typeof P;

describe("intended flows are allowed", () => {
    test.each<[Name, Name, number, ("TCP" | "UDP")?]>([
        ["prometheus", "vault", 8200],
        ["prometheus", "core", 8001],
        ["prometheus", "registry", 8001],
        ["prometheus", "jobservice", 8001],
        ["prometheus", "exporter", 8001],
        ["prometheus", "falco", 8765],
        ["prometheus", "sidekick", 2801],
        ["prometheus", "trivyOperator", 8080],
        ["prometheus", "nodeExporter", 9100],
        ["grafana", "prometheus", 9090],
        ["api", "injector", 8080],
        ["appA", "vault", 8200],
        ["vault", "vault", 8201],
        ["vault", "api", 443],
        ["injector", "api", 443],
        ["vault", "internet", 443],
        ["ingress", "core", 8443],
        ["ingress", "portal", 8443],
        ["core", "database", 5432],
        ["jobservice", "database", 5432],
        ["core", "redis", 6379],
        ["registry", "redis", 6379],
        ["core", "registry", 5443],
        ["jobservice", "core", 8443],
        ["core", "harborTrivy", 8443],
        ["harborTrivy", "registry", 5443],
        ["falco", "sidekick", 2801],
        ["sidekick", "internet", 443],
        ["trivyOperator", "api", 443],
        ["scanJob", "registry", 5443],
        ["scanJob", "core", 8443],
        ["scanJob", "internet", 443],
        ["appA", "dns", 53, "UDP"],
        ["vault", "dns", 53, "TCP"],
    ])("%s -> %s:%s", (from, to, port, protocol = "TCP") => {
        // (a default parameter keeps the callback's arity at 3, so jest does not take a 4th as `done`)
        expect(isAllowed(result, P[from], P[to], port, protocol)).toBe(true);
    });
});

describe("forbidden flows are denied", () => {
    test.each<[Name, Name, number]>([
        ["appA", "database", 5432], // an app namespace reaching Harbor's database
        ["appB", "database", 5432],
        ["ingress", "database", 5432],
        ["portal", "database", 5432], // Harbor's own portal has no business there
        ["harborTrivy", "database", 5432],
        ["appA", "redis", 6379],
        ["appA", "appB", 8080], // a pod reaching another team's namespace
        ["appB", "appA", 8080],
        ["appB", "vault", 8200], // team-b is not a vault client
        ["appA", "vault", 8201], // vault clients get the API port only
        ["appA", "injector", 8080],
        ["appA", "nodeExporter", 9100], // nothing but monitoring reaches node-exporter
        ["falco", "nodeExporter", 9100],
        ["vault", "nodeExporter", 9100],
        ["ingress", "nodeExporter", 9100],
        ["internet", "nodeExporter", 9100],
        ["grafana", "nodeExporter", 9100], // not even Grafana: only Prometheus
        ["internet", "vault", 8200],
        ["internet", "core", 8443],
        ["ingress", "registry", 5443],
        ["ingress", "vault", 8200],
        ["appA", "metadata", 80], // brief R2
        ["vault", "metadata", 80],
        ["falco", "metadata", 80],
        ["appA", "internet", 443],
        ["kubeBench", "internet", 443],
        ["kubeBench", "api", 443],
        ["prometheus", "database", 5432],
        ["appA", "prometheus", 9090],
        ["sidekick", "falco", 8765],
        ["scanJob", "database", 5432],
        ["trivyOperator", "internet", 80],
    ])("%s -> %s:%s", (from, to, port) => {
        expect(isAllowed(result, P[from], P[to], port)).toBe(false);
    });
    test("the whole matrix: node-exporter is reached only by Prometheus, Harbor's database only by core, jobservice and exporter", () => {
        const into = (id: string) =>
            [
                ...new Set(
                    result.connections
                        .filter((c) => c.to.workload === id)
                        .map((c) => c.from.workload ?? c.from.external),
                ),
            ].sort();
        expect(into("node-exporter/DaemonSet/node-exporter")).toEqual(["monitoring/StatefulSet/prometheus"]);
        expect(into("harbor/harbor-database")).toEqual([
            "harbor/harbor-core",
            "harbor/harbor-exporter",
            "harbor/harbor-jobservice",
        ]);
        expect(into("team-b/Deployment/api")).toEqual([]);
        expect(into("vault/Deployment/vault-agent-injector")).toEqual(["eks-control-plane-eni"]);
    });
    test("every platform pod is isolated in both directions", () => {
        const platform = result.workloads.filter((w) => Object.values(ns).includes(w.namespace));
        expect(platform.length).toBeGreaterThan(15);
        for (const w of platform) expect([w.id, w.isolated]).toEqual([w.id, { ingress: true, egress: true }]);
    });
    test("the matrix renders, and names the hostNetwork caveat", () => {
        const text = formatMatrix(result);
        expect(text).toMatch(
            /monitoring\/StatefulSet\/prometheus .*\n(.*\n)*? {2}-> node-exporter\/DaemonSet\/node-exporter: 9100\/TCP/,
        );
        expect(text).toMatch(/node-exporter\/DaemonSet\/node-exporter .*\[hostNetwork\]/);
    });
});
