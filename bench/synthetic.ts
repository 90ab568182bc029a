/**
 * Deterministic synthetic stacks for the policy throughput benchmark: a seeded generator of mixed Kubernetes and
 * AWS resources in the shape the policies read (Pulumi input properties). The mix is fixed by weights (exact counts
 * by largest remainder), the order and every property choice come from the seed, so a given (size, seed) always
 * yields the same stack. Namespaces scale with the stack size, so a policy that scans per namespace or per
 * resource shows up as super-linear.
 */
import { PolicyResource } from "../policy-pack/lib/types";

/** Resource types of the mix and their share (percent); the weights add up to 100. */
export const mixWeights: ReadonlyArray<readonly [string, number]> = [
    ["kubernetes:core/v1:Namespace", 4],
    ["kubernetes:networking.k8s.io/v1:NetworkPolicy", 8],
    ["kubernetes:apps/v1:Deployment", 20],
    ["kubernetes:core/v1:Pod", 8],
    ["kubernetes:batch/v1:CronJob", 8],
    ["kubernetes:rbac.authorization.k8s.io/v1:Role", 6],
    ["kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", 2],
    ["kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", 6],
    ["kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", 2],
    ["kubernetes:core/v1:Service", 12],
    ["kubernetes:networking.k8s.io/v1:Ingress", 4],
    ["aws:eks/cluster:Cluster", 1],
    ["aws:eks/addon:Addon", 3],
    ["aws:ec2/launchTemplate:LaunchTemplate", 3],
    ["aws:kms/key:Key", 4],
    ["aws:cloudwatch/logGroup:LogGroup", 4],
    ["aws:ec2/securityGroup:SecurityGroup", 5],
];

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** Exact count per type for a stack of `n` resources (largest-remainder rounding of the weights). */
export function mixCounts(n: number): Map<string, number> {
    const total = mixWeights.reduce((s, [, w]) => s + w, 0);
    const raw = mixWeights.map(([t, w]) => ({ t, exact: (n * w) / total }));
    const counts = new Map(raw.map((r) => [r.t, Math.floor(r.exact)]));
    let left = n - [...counts.values()].reduce((s, c) => s + c, 0);
    const byRemainder = [...raw].sort(
        (a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)) || a.t.localeCompare(b.t),
    );
    for (const r of byRemainder) {
        if (left-- <= 0) break;
        counts.set(r.t, counts.get(r.t)! + 1);
    }
    return counts;
}

/** Number of resources of each type in a stack. */
export function mixOf(resources: readonly PolicyResource[]): Map<string, number> {
    const m = new Map<string, number>();
    for (const r of resources) m.set(r.type, (m.get(r.type) ?? 0) + 1);
    return m;
}

type Obj = Record<string, unknown>;

class Gen {
    private readonly rnd: () => number;
    constructor(seed: number) {
        this.rnd = mulberry32(seed);
    }
    chance(p: number): boolean {
        return this.rnd() < p;
    }
    int(lo: number, hi: number): number {
        return lo + Math.floor(this.rnd() * (hi - lo + 1));
    }
    pick<T>(items: readonly T[]): T {
        return items[Math.floor(this.rnd() * items.length)];
    }
    shuffle<T>(items: T[]): T[] {
        for (let i = items.length - 1; i > 0; i--) {
            const j = Math.floor(this.rnd() * (i + 1));
            [items[i], items[j]] = [items[j], items[i]];
        }
        return items;
    }
}

const images = [
    "registry.example.com/platform/api:1.4.2",
    "registry.example.com/platform/worker@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "public.ecr.aws/docker/library/nginx:1.27",
    "docker.io/library/redis:latest",
    "ghcr.io/example/tool:v2",
];

function container(g: Gen, name: string): Obj {
    const compliant = g.chance(0.7);
    const c: Obj = { name, image: g.pick(images) };
    c.securityContext = compliant
        ? {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              runAsNonRoot: true,
              capabilities: { drop: ["ALL"] },
          }
        : g.pick<Obj>([{ privileged: true }, { runAsUser: 0 }, { capabilities: { add: ["NET_ADMIN"] } }, {}]);
    if (g.chance(0.8))
        c.resources = { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } };
    if (g.chance(0.7)) {
        c.readinessProbe = { httpGet: { path: "/ready", port: 8080 } };
        c.livenessProbe = { httpGet: { path: "/live", port: 8080 } };
    }
    if (g.chance(0.2))
        c.env = [{ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }];
    if (g.chance(0.05)) c.ports = [{ containerPort: 8080, hostPort: 8080 }];
    return c;
}

function podSpec(g: Gen): Obj {
    const containers = Array.from({ length: g.int(1, 3) }, (_, i) => container(g, `c${i}`));
    const spec: Obj = { containers, automountServiceAccountToken: g.chance(0.8) ? false : undefined };
    if (g.chance(0.8))
        spec.securityContext = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };
    if (g.chance(0.2)) spec.initContainers = [container(g, "init")];
    if (g.chance(0.05)) spec.volumes = [{ name: "host", hostPath: { path: "/var/run" } }];
    if (g.chance(0.03)) spec.hostNetwork = true;
    return spec;
}

const psaLevels = [
    "restricted",
    "restricted",
    "restricted",
    "restricted",
    "restricted",
    "restricted",
    "restricted",
    "baseline",
    "baseline",
    "privileged",
];

/** Generates a stack of exactly `n` resources; the same (n, seed) always gives the same stack. */
export function generateStack(n: number, seed = 1): PolicyResource[] {
    if (!Number.isInteger(n) || n < 0) throw new Error(`stack size must be a non-negative integer, got ${n}`);
    const g = new Gen(seed);
    const counts = mixCounts(n);
    const types = g.shuffle([...counts.entries()].flatMap(([t, c]) => Array.from({ length: c }, () => t)));
    const nsCount = counts.get("kubernetes:core/v1:Namespace") ?? 0;
    const namespaces = Array.from({ length: nsCount }, (_, i) => `team-${i}`);
    const clusterCount = counts.get("aws:eks/cluster:Cluster") ?? 0;
    const clusters = Array.from({ length: clusterCount }, (_, i) => `eks-${i}`);
    // 2% of namespaced objects land in a namespace that the stack does not declare (policy defaultLevel applies).
    const nsOf = () =>
        namespaces.length && !g.chance(0.02) ? g.pick(namespaces) : `external-${g.int(0, 9)}`;
    const seen = new Map<string, number>();

    return types.map((type) => {
        const kind = type.split(":").pop()!;
        const idx = seen.get(type) ?? 0;
        seen.set(type, idx + 1);
        const name = `${kind.toLowerCase()}-${idx}`;
        const urn = `urn:pulumi:bench::synthetic::${type}::${name}`;
        return { type, name, urn, props: propsOf(g, type, kind, idx, name, nsOf, namespaces, clusters) };
    });
}

function propsOf(
    g: Gen,
    type: string,
    kind: string,
    idx: number,
    name: string,
    nsOf: () => string,
    namespaces: string[],
    clusters: string[],
): Obj {
    const labels = { app: name, "app.kubernetes.io/part-of": "bench" };
    switch (type) {
        case "kubernetes:core/v1:Namespace": {
            const level = g.pick(psaLevels);
            const l: Record<string, string> = { "pod-security.kubernetes.io/enforce": level };
            if (g.chance(0.5))
                l["pod-security.kubernetes.io/enforce-version"] = g.pick(["latest", "v1.30", "v1.33"]);
            if (g.chance(0.05)) delete l["pod-security.kubernetes.io/enforce"];
            return { metadata: { name: namespaces[idx], labels: l } };
        }
        case "kubernetes:networking.k8s.io/v1:NetworkPolicy": {
            const ns = nsOf();
            return g.chance(0.6)
                ? {
                      metadata: { name, namespace: ns },
                      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
                  }
                : {
                      metadata: { name, namespace: ns },
                      spec: {
                          podSelector: { matchLabels: { app: `deployment-${g.int(0, 50)}` } },
                          policyTypes: ["Ingress"],
                          ingress: [
                              {
                                  from: [
                                      {
                                          namespaceSelector: {
                                              matchLabels: { "kubernetes.io/metadata.name": nsOf() },
                                          },
                                      },
                                  ],
                                  ports: [{ port: 8080 }],
                              },
                          ],
                      },
                  };
        }
        case "kubernetes:apps/v1:Deployment":
            return {
                metadata: { name, namespace: nsOf(), labels },
                spec: {
                    replicas: g.int(1, 3),
                    selector: { matchLabels: { app: name } },
                    template: { metadata: { labels }, spec: podSpec(g) },
                },
            };
        case "kubernetes:core/v1:Pod":
            return { metadata: { name, namespace: nsOf(), labels }, spec: podSpec(g) };
        case "kubernetes:batch/v1:CronJob":
            return {
                metadata: { name, namespace: nsOf() },
                spec: {
                    schedule: "*/15 * * * *",
                    jobTemplate: {
                        spec: {
                            template: {
                                metadata: { labels },
                                spec: { ...podSpec(g), restartPolicy: "OnFailure" },
                            },
                        },
                    },
                },
            };
        case "kubernetes:rbac.authorization.k8s.io/v1:Role":
        case "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole": {
            const rules = Array.from({ length: g.int(1, 4) }, () => ({
                apiGroups: [g.pick(["", "apps", "batch", "*"])],
                resources: [
                    g.pick(["pods", "configmaps", "secrets", "deployments", "pods/exec", "nodes/proxy", "*"]),
                ],
                verbs: g.chance(0.1)
                    ? ["*"]
                    : g.pick([["get", "list", "watch"], ["create", "update"], ["escalate"], ["get"]]),
            }));
            const metadata = kind === "Role" ? { name, namespace: nsOf() } : { name };
            return { metadata, rules };
        }
        case "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding":
        case "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": {
            const subject = g.chance(0.03)
                ? { kind: "Group", name: "system:authenticated", apiGroup: "rbac.authorization.k8s.io" }
                : { kind: "ServiceAccount", name: `sa-${g.int(0, 99)}`, namespace: nsOf() };
            const roleRef = g.chance(0.05)
                ? { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" }
                : {
                      apiGroup: "rbac.authorization.k8s.io",
                      kind: kind === "RoleBinding" ? "Role" : "ClusterRole",
                      name: `${kind === "RoleBinding" ? "role" : "clusterrole"}-${g.int(0, 99)}`,
                  };
            const metadata = kind === "RoleBinding" ? { name, namespace: nsOf() } : { name };
            return { metadata, subjects: [subject], roleRef };
        }
        case "kubernetes:core/v1:Service": {
            const t = g.pick([
                "ClusterIP",
                "ClusterIP",
                "ClusterIP",
                "ClusterIP",
                "ClusterIP",
                "ClusterIP",
                "ClusterIP",
                "LoadBalancer",
                "LoadBalancer",
                "NodePort",
            ]);
            const annotations: Record<string, string> =
                t === "LoadBalancer" && g.chance(0.5)
                    ? { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal" }
                    : {};
            const spec: Obj = {
                type: t,
                selector: { app: `deployment-${g.int(0, 99)}` },
                ports: [{ port: 80, targetPort: 8080 }],
            };
            if (g.chance(0.02)) spec.externalIPs = ["203.0.113.10"];
            return { metadata: { name, namespace: nsOf(), annotations }, spec };
        }
        case "kubernetes:networking.k8s.io/v1:Ingress": {
            const host = `${name}.example.com`;
            const spec: Obj = {
                ingressClassName: "nginx",
                rules: [
                    {
                        host,
                        http: {
                            paths: [
                                {
                                    path: "/",
                                    pathType: "Prefix",
                                    backend: {
                                        service: { name: `service-${g.int(0, 99)}`, port: { number: 80 } },
                                    },
                                },
                            ],
                        },
                    },
                ],
            };
            if (g.chance(0.7)) spec.tls = [{ hosts: [host], secretName: `${name}-tls` }];
            const annotations: Record<string, string> = g.chance(0.6)
                ? { "nginx.ingress.kubernetes.io/auth-url": "https://auth.example.com/oauth2/auth" }
                : {};
            return { metadata: { name, namespace: nsOf(), annotations }, spec };
        }
        case "aws:eks/cluster:Cluster":
            return {
                name: clusters[idx],
                roleArn: "arn:aws:iam::123456789012:role/eks",
                version: "1.33",
                vpcConfig: {
                    subnetIds: ["subnet-1", "subnet-2"],
                    endpointPrivateAccess: true,
                    endpointPublicAccess: g.chance(0.2),
                    publicAccessCidrs: ["0.0.0.0/0"],
                },
                accessConfig: {
                    authenticationMode: g.pick(["API", "API", "API_AND_CONFIG_MAP"]),
                    bootstrapClusterCreatorAdminPermissions: g.chance(0.1),
                },
                enabledClusterLogTypes: g.chance(0.8)
                    ? ["api", "audit", "authenticator", "controllerManager", "scheduler"]
                    : ["api"],
                encryptionConfig: g.chance(0.9)
                    ? {
                          resources: ["secrets"],
                          provider: { keyArn: "arn:aws:kms:eu-west-1:123456789012:key/abc" },
                      }
                    : undefined,
            };
        case "aws:eks/addon:Addon": {
            const addonName = g.pick(["vpc-cni", "coredns", "kube-proxy", "aws-ebs-csi-driver"]);
            const props: Obj = {
                clusterName: clusters.length ? g.pick(clusters) : "eks-external",
                addonName,
            };
            if (addonName === "vpc-cni" && g.chance(0.8))
                props.configurationValues = JSON.stringify({ enableNetworkPolicy: "true" });
            return props;
        }
        case "aws:ec2/launchTemplate:LaunchTemplate":
            return {
                namePrefix: `${name}-`,
                metadataOptions: g.chance(0.9)
                    ? { httpTokens: "required", httpPutResponseHopLimit: 1, httpEndpoint: "enabled" }
                    : { httpTokens: "optional" },
                blockDeviceMappings: [
                    {
                        deviceName: "/dev/xvda",
                        ebs: {
                            volumeSize: 50,
                            volumeType: "gp3",
                            encrypted: g.chance(0.9) ? "true" : "false",
                        },
                    },
                ],
            };
        case "aws:kms/key:Key":
            return { description: name, enableKeyRotation: g.chance(0.9), deletionWindowInDays: 30 };
        case "aws:cloudwatch/logGroup:LogGroup":
            return {
                name: `/aws/eks/${name}`,
                retentionInDays: g.pick([30, 90, 365, 400, undefined]),
                kmsKeyId: g.chance(0.8) ? "arn:aws:kms:eu-west-1:123456789012:key/abc" : undefined,
            };
        case "aws:ec2/securityGroup:SecurityGroup":
            return {
                description: name,
                vpcId: "vpc-1",
                ingress: [
                    {
                        protocol: "tcp",
                        fromPort: 443,
                        toPort: 443,
                        cidrBlocks: [g.chance(0.1) ? "0.0.0.0/0" : "10.0.0.0/8"],
                    },
                    ...(g.chance(0.3)
                        ? [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.1.0.0/16"] }]
                        : []),
                ],
                egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
            };
        default:
            throw new Error(`no generator for ${type}`);
    }
}
