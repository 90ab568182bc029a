import * as pulumi from "@pulumi/pulumi";
import { installMocks, settle } from "../lib/mocks";
const resources = installMocks();
import { ConfigError } from "../../components/lib/errors";
import {
    SecureWorkload,
    SecureWorkloadArgs,
    imageProblems,
    normalizeRepository,
    validateWorkloadArgs,
    workloadManifests,
} from "../../components/workload/secureWorkload";
import { namespaceManifests } from "../../components/namespace/secureNamespace";
import { CapturedResource, isAllowed } from "../../analysis/reachability";
import { ConfigReader } from "../../config/reader";
import { readExampleWorkload, workloadKeys } from "../../config/workload";

const digest = "a".repeat(64);
const base: SecureWorkloadArgs = {
    name: "web",
    namespace: "team-a",
    image: `harbor.example.com/apps/web:1.2.3@sha256:${digest}`,
    allowedRegistries: ["harbor.example.com"],
    ports: [{ name: "http", port: 8080 }],
};

describe("image policy", () => {
    test.each([
        [`harbor.example.com/apps/web@sha256:${digest}`, true],
        [`harbor.example.com:8443/apps/web:v1@sha256:${digest}`, false], // host:port is another registry
        ["harbor.example.com/apps/web:1.2.3", false], // tag only
        ["harbor.example.com/apps/web:latest", false],
        [`harbor.example.com/apps/web@sha256:${"a".repeat(63)}`, false], // short digest
        [`docker.io/library/nginx@sha256:${digest}`, false], // foreign registry
        [`nginx@sha256:${digest}`, false], // implicit docker.io
        [`harbor.example.com.evil.io/apps/web@sha256:${digest}`, false], // prefix trick
    ])("%s allowed=%s", (image, ok) => {
        expect(imageProblems(image, ["harbor.example.com"], "w")).toHaveLength(ok ? 0 : 1);
    });
    test("registry path prefixes and docker.io normalisation", () => {
        expect(normalizeRepository(`nginx:1@sha256:${digest}`)).toBe("docker.io/library/nginx");
        expect(normalizeRepository(`bitnami/redis@sha256:${digest}`)).toBe("docker.io/bitnami/redis");
        expect(
            imageProblems(`harbor.example.com/apps/web@sha256:${digest}`, ["harbor.example.com/apps"], "w"),
        ).toEqual([]);
        expect(
            imageProblems(`harbor.example.com/other/web@sha256:${digest}`, ["harbor.example.com/apps"], "w"),
        ).toHaveLength(1);
    });
    test("messages say what is accepted", () => {
        expect(imageProblems("web:latest", ["harbor.example.com"], "SecureWorkload web")[0]).toMatch(
            /not digest-pinned; use .*@sha256:<64 hex digits>/,
        );
        expect(
            imageProblems(`quay.io/x/y@sha256:${digest}`, ["harbor.example.com"], "SecureWorkload web")[0],
        ).toMatch(/not from an allowed registry; allowed: harbor.example.com/);
    });
});

describe("refused Args", () => {
    test.each<[Partial<SecureWorkloadArgs>, RegExp]>([
        [
            { env: [{ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }] },
            /secretKeyRef.*refused.*Vault/,
        ],
        [{ allowedRegistries: [] }, /allowedRegistries: must list/],
        [{ ports: [{ name: "http", port: 80 }] }, /must be 1024-65535/],
        [{ ports: [] }, /livenessProbe: is required/],
        [{ replicas: 0 }, /replicas: Invalid value: 0: /],
        [{ runAsUser: 0 }, /non-zero UID/],
        [{ vaultAnnotations: { "example.com/x": "y" } }, /must start with vault.hashicorp.com/],
        [{ egressTo: [{ namespace: "db" }] }, /egressTo\[0\].ports: is required/],
        [{ writablePaths: ["/tmp"] }, /writablePaths/],
    ])("%j", (over, msg) => {
        const args = { ...base, ...over };
        expect(validateWorkloadArgs(args).join("\n")).toMatch(msg);
        expect(() => workloadManifests(args)).toThrow(ConfigError);
    });
    test("plain env values and configMap/field references are accepted", () => {
        expect(validateWorkloadArgs({ ...base, env: { LOG_LEVEL: "info" } })).toEqual([]);
        expect(
            validateWorkloadArgs({
                ...base,
                env: [{ name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
            }),
        ).toEqual([]);
    });
});

describe("pod defaults", () => {
    const m = workloadManifests(base);
    const pod = m.deployment.spec.template.spec;
    const c = pod.containers[0];
    test("restricted security contexts: non-root non-zero UID, seccomp, drop ALL, no escalation, read-only root", () => {
        expect(pod.securityContext).toMatchObject({
            runAsNonRoot: true,
            runAsUser: 65532,
            seccompProfile: { type: "RuntimeDefault" },
        });
        expect(c.securityContext).toMatchObject({
            allowPrivilegeEscalation: false,
            privileged: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            capabilities: { drop: ["ALL"] },
        });
        expect(pod.hostNetwork ?? false).toBe(false);
    });
    test("/tmp is an emptyDir with a size limit", () => {
        expect(c.volumeMounts).toContainEqual({ name: "tmp", mountPath: "/tmp" });
        expect(pod.volumes).toContainEqual({ name: "tmp", emptyDir: { sizeLimit: "64Mi" } });
    });
    test("requests, limits and probes are set", () => {
        expect(c.resources.requests).toEqual({ cpu: "100m", memory: "128Mi" });
        expect(c.resources.limits).toEqual({ cpu: "500m", memory: "256Mi" });
        expect(c.livenessProbe.tcpSocket).toEqual({ port: "http" });
        expect(c.readinessProbe.tcpSocket).toEqual({ port: "http" });
    });
    test("no service-account token anywhere without Vault injection", () => {
        expect(m.serviceAccount.automountServiceAccountToken).toBe(false);
        expect(pod.automountServiceAccountToken).toBe(false);
        expect(pod.serviceAccountName).toBe("web");
    });
    test("Vault annotations land on the pod; only the injected agent gets a (projected) token", () => {
        const v = workloadManifests({
            ...base,
            vaultAnnotations: {
                "vault.hashicorp.com/agent-inject": "true",
                "vault.hashicorp.com/role": "web",
            },
        });
        expect(v.deployment.spec.template.metadata.annotations).toMatchObject({
            "vault.hashicorp.com/agent-inject": "true",
            "vault.hashicorp.com/role": "web",
        });
        // Only the injected agent gets a token: a short-lived projected volume named by the injector annotation.
        const spec = v.deployment.spec.template.spec;
        expect(spec.automountServiceAccountToken).toBe(false);
        expect(v.serviceAccount.automountServiceAccountToken).toBe(false);
        expect(v.deployment.spec.template.metadata.annotations).toMatchObject({
            "vault.hashicorp.com/agent-service-account-token-volume-name": "vault-token",
            "vault.hashicorp.com/auth-config-token-path":
                "/var/run/secrets/vault.hashicorp.com/serviceaccount/token",
        });
        expect(spec.volumes).toContainEqual({
            name: "vault-token",
            // Audience "vault" (issue 13, item 11): the token is good for Vault's roles and nothing else.
            projected: {
                sources: [
                    { serviceAccountToken: { path: "token", expirationSeconds: 600, audience: "vault" } },
                ],
            },
        });
        for (const c of spec.containers)
            expect(c.volumeMounts.map((m: { name: string }) => m.name)).not.toContain("vault-token");
        // Without Vault, no token volume at all.
        expect(m.deployment.spec.template.spec.volumes.map((x: { name: string }) => x.name)).not.toContain(
            "vault-token",
        );
    });
    test("ClusterIP Service on the named port; PDB never blocks a drain of a single replica", () => {
        expect(m.service!.spec).toMatchObject({
            type: "ClusterIP",
            ports: [{ name: "http", port: 8080, targetPort: "http", protocol: "TCP" }],
        });
        expect(m.podDisruptionBudget.spec).toEqual({
            maxUnavailable: 1,
            selector: { matchLabels: m.selector },
        });
    });
});

describe("declared allowances, checked by the reachability analysis", () => {
    const m = workloadManifests({
        ...base,
        ingressFrom: [{ namespace: "ingress-nginx", pods: { "app.kubernetes.io/name": "ingress-nginx" } }],
        egressTo: [{ namespace: "team-a", pods: { app: "db" }, ports: [5432] }],
    });
    const ns = namespaceManifests({ name: "team-a" });
    const rs: CapturedResource[] = [
        { type: "kubernetes:core/v1:Namespace", name: "team-a", props: ns.namespace },
        ...ns.networkPolicies.map((p) => ({
            type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            name: p.metadata.name,
            props: p,
        })),
        { type: "kubernetes:networking.k8s.io/v1:NetworkPolicy", name: "web-allow", props: m.networkPolicy! },
        { type: "kubernetes:apps/v1:Deployment", name: "web", props: m.deployment },
        {
            type: "kubernetes:core/v1:Pod",
            name: "db",
            props: {
                metadata: { name: "db", namespace: "team-a", labels: { app: "db" } },
                spec: { containers: [{ name: "db", ports: [{ containerPort: 5432 }] }] },
            },
        },
    ];
    const web = { namespace: "team-a", labels: m.selector };
    test("the ingress controller reaches the named port; others do not", () => {
        expect(
            isAllowed(
                rs,
                { namespace: "ingress-nginx", labels: { "app.kubernetes.io/name": "ingress-nginx" } },
                web,
                8080,
            ),
        ).toBe(true);
        expect(isAllowed(rs, { namespace: "team-b", labels: { app: "x" } }, web, 8080)).toBe(false);
        expect(
            isAllowed(
                rs,
                { namespace: "ingress-nginx", labels: { "app.kubernetes.io/name": "ingress-nginx" } },
                web,
                9090,
            ),
        ).toBe(false);
    });
    test("egress reaches the declared port only (the db's own ingress is still default-deny)", () => {
        const db = { namespace: "team-a", labels: { app: "db" } };
        expect(isAllowed(rs, web, db, 5432)).toBe(false); // db's namespace default-deny blocks ingress
        const dbOpen: CapturedResource = {
            type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            name: "db-in",
            props: {
                metadata: { name: "db-in", namespace: "team-a" },
                spec: {
                    podSelector: { matchLabels: { app: "db" } },
                    ingress: [
                        { from: [{ podSelector: { matchLabels: m.selector } }], ports: [{ port: 5432 }] },
                    ],
                },
            },
        };
        expect(isAllowed([...rs, dbOpen], web, db, 5432)).toBe(true);
        expect(isAllowed([...rs, dbOpen], web, db, 5433)).toBe(false);
    });
});

describe("SecureWorkload component", () => {
    test("registers SA, Deployment, Service, PDB and NetworkPolicy with explicit names", async () => {
        resources.length = 0;
        new SecureWorkload("web", { ...base, ingressFrom: [{ namespace: "ingress-nginx" }] });
        await settle();
        const byType = (t: string) => resources.filter((r) => r.type === t);
        expect(byType("kubernetes:core/v1:ServiceAccount")[0].inputs).toMatchObject({
            metadata: { name: "web", namespace: "team-a" },
            automountServiceAccountToken: false,
        });
        expect(byType("kubernetes:apps/v1:Deployment")[0].inputs.metadata).toMatchObject({
            name: "web",
            namespace: "team-a",
        });
        expect(byType("kubernetes:core/v1:Service")).toHaveLength(1);
        expect(byType("kubernetes:policy/v1:PodDisruptionBudget")).toHaveLength(1);
        expect(byType("kubernetes:networking.k8s.io/v1:NetworkPolicy")[0].inputs.metadata.name).toBe(
            "web-allow",
        );
    });
    test("a refused image registers nothing", async () => {
        resources.length = 0;
        expect(
            () => new SecureWorkload("bad", { ...base, image: "harbor.example.com/apps/web:latest" }),
        ).toThrow(ConfigError);
        await settle();
        expect(resources).toHaveLength(0);
    });
});

describe("example config", () => {
    const reader = (values: Record<string, string>) =>
        new ConfigReader({ get: (k: string) => values[k] } as unknown as pulumi.Config, workloadKeys);
    test("defaults: disabled, no problems", () => {
        const r = reader({});
        expect(readExampleWorkload(r)).toMatchObject({
            enabled: false,
            namespace: "example",
            port: 8080,
            replicas: 2,
        });
        expect(r.problems).toEqual([]);
    });
    test("enabled without a pinned image is a config problem naming the key", () => {
        const r = reader({ "example.enabled": "true", "example.image": "nginx:latest" });
        readExampleWorkload(r);
        expect(r.problems.join()).toMatch(
            /config example.image: Invalid value: "nginx:latest": is not digest-pinned/,
        );
    });
});
