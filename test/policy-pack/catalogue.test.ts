/**
 * The workload, RBAC, exposure, namespace and AWS policies, called in-process as pure checks: for each policy
 * at least one passing and one failing resource, the edge cases that matter (defaults AWS applies when a
 * field is unset, wildcards, preview-time unknowns), and the stack policies on a 2,000-resource stack.
 */
import * as policyProxyModule from "@pulumi/policy/proxy";
import { policies as awsPolicies } from "../../policy-pack/aws";
import { policies as exposurePolicies } from "../../policy-pack/exposure";
import { BlueprintPolicy, Finding, PolicyConfig, PolicyResource } from "../../policy-pack/lib/types";
import { policies as namespacePolicies } from "../../policy-pack/namespaces";
import { policies as rbacPolicies } from "../../policy-pack/rbac";
import { parseImage, registryMatcher } from "../../policy-pack/workloads/images";
import { policies as workloadPolicies } from "../../policy-pack/workloads";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- resource props in tests

/** @pulumi/policy's proxy internals (marked @internal, so absent from its .d.ts): the preview-time unknown markers. */
const policyProxy = policyProxyModule as unknown as {
    unknownCheckingProxy(o: object): object;
    unknownStringValue: unknown;
    unknownBooleanValue: unknown;
};

const mine: BlueprintPolicy[] = [
    ...workloadPolicies,
    ...rbacPolicies,
    ...exposurePolicies,
    ...namespacePolicies,
    ...awsPolicies,
];
const byName = new Map(mine.map((p) => [p.name, p]));

let seq = 0;
function res(type: string, props: Obj, name = `r${++seq}`): PolicyResource {
    return { type, name, urn: `urn:pulumi:test::bp::${type}::${name}`, props };
}

/** Runs a policy on one resource (resource policy) or a list (stack policy); resource types are filtered as the adapter does. */
function run(name: string, input: PolicyResource | PolicyResource[], config: PolicyConfig = {}): Finding[] {
    const p = byName.get(name);
    if (!p) throw new Error(`no policy ${name}`);
    const list = Array.isArray(input) ? input : [input];
    if (p.kind === "stack") return p.check(list, config);
    return list.flatMap((r) => (p.types && !p.types.includes(r.type) ? [] : p.check(r, config)));
}

/** Props wrapped as @pulumi/policy wraps them during preview: reading an unknown value throws UnknownValueError. */
function preview(props: Obj): Obj {
    return policyProxy.unknownCheckingProxy(props) as Obj;
}
const unknownString = policyProxy.unknownStringValue;

const goodImage = "registry.k8s.io/pause:3.10@sha256:" + "a".repeat(64);
function container(over: Obj = {}): Obj {
    return {
        name: "app",
        image: goodImage,
        resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } },
        securityContext: { readOnlyRootFilesystem: true },
        readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
        livenessProbe: { httpGet: { path: "/live", port: 8080 } },
        ...over,
    };
}
function deployment(c: Obj = container(), spec: Obj = {}, ns: string | null = "apps"): PolicyResource {
    return res("kubernetes:apps/v1:Deployment", {
        metadata: { name: "web", ...(ns === null ? {} : { namespace: ns }) },
        spec: {
            template: {
                metadata: {},
                spec: { automountServiceAccountToken: false, containers: [c], ...spec },
            },
        },
    });
}

describe("workloads", () => {
    test("a hardened Deployment passes every workload policy", () => {
        for (const p of workloadPolicies)
            expect({ p: p.name, f: run(p.name, deployment()) }).toEqual({ p: p.name, f: [] });
    });

    test("allowed-image-registries: registry match at a path boundary, config `registries`, every container list", () => {
        expect(
            run(
                "allowed-image-registries",
                deployment(container({ image: "docker.io/aquasec/kube-bench:v0.10.6" })),
            ),
        ).toEqual([]);
        expect(
            run("allowed-image-registries", deployment(container({ image: "aquasec/kube-bench:v0.10.6" }))),
        ).toEqual([]);
        expect(
            run("allowed-image-registries", deployment(container({ image: "nginx:1.27" })))[0].message,
        ).toMatch(/docker.io\/library\/nginx.*not in/);
        expect(
            run(
                "allowed-image-registries",
                deployment(container({ image: "docker.io/aquasecurity-evil/x:1" })),
            ),
        ).toHaveLength(1);
        const cfg = { registries: ["harbor.example.com", "*.dkr.ecr.*.amazonaws.com"] };
        expect(
            run(
                "allowed-image-registries",
                deployment(container({ image: "harbor.example.com/team/app:1" })),
                cfg,
            ),
        ).toEqual([]);
        expect(
            run(
                "allowed-image-registries",
                deployment(container({ image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1" })),
                cfg,
            ),
        ).toEqual([]);
        expect(
            run(
                "allowed-image-registries",
                deployment(container({ image: "harbor.example.com.evil.io/app:1" })),
                cfg,
            ),
        ).toHaveLength(1);
        expect(
            run(
                "allowed-image-registries",
                deployment(container(), { initContainers: [container({ image: "evil.io/x:1" })] }),
            )[0].message,
        ).toMatch(/initContainers\[0\]/);
        const cron = res("kubernetes:batch/v1:CronJob", {
            metadata: { name: "c", namespace: "apps" },
            spec: {
                jobTemplate: {
                    spec: { template: { spec: { containers: [container({ image: "evil.io/x:1" })] } } },
                },
            },
        });
        expect(run("allowed-image-registries", cron)).toHaveLength(1);
    });

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

    test("image-tag-pinned and image-digest-pinned", () => {
        expect(
            run("image-tag-pinned", deployment(container({ image: "registry.k8s.io/pause:3.10" }))),
        ).toEqual([]);
        expect(
            run("image-tag-pinned", deployment(container({ image: "registry.k8s.io/pause" })))[0].message,
        ).toMatch(/no tag/);
        expect(
            run("image-tag-pinned", deployment(container({ image: "registry.k8s.io/pause:latest" })))[0]
                .message,
        ).toMatch(/latest/);
        expect(
            run(
                "image-tag-pinned",
                deployment(container({ image: `registry.k8s.io/pause@sha256:${"b".repeat(64)}` })),
            ),
        ).toEqual([]);
        expect(
            run("image-digest-pinned", deployment(container({ image: "registry.k8s.io/pause:3.10" }))),
        ).toHaveLength(1);
        expect(run("image-digest-pinned", deployment())).toEqual([]);
    });

    test("container-resources: all four by default, narrowed by config", () => {
        const c = container({ resources: { requests: { cpu: "1", memory: "1Gi" } } });
        expect(run("container-resources", deployment(c))[0].message).toMatch(/limits.cpu, limits.memory/);
        expect(
            run("container-resources", deployment(c), { required: ["requests.cpu", "requests.memory"] }),
        ).toEqual([]);
    });

    test("read-only-root-filesystem, no-secret-env-vars, automount-service-account-token", () => {
        expect(run("read-only-root-filesystem", deployment(container({ securityContext: {} })))).toHaveLength(
            1,
        );
        expect(
            run(
                "read-only-root-filesystem",
                deployment(container({ securityContext: { readOnlyRootFilesystem: false } })),
            ),
        ).toHaveLength(1);
        const env = container({
            env: [
                { name: "PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "pw" } } },
                { name: "MODE", value: "x" },
            ],
            envFrom: [{ secretRef: { name: "all" } }, { configMapRef: { name: "cm" } }],
        });
        const found = run("no-secret-env-vars", deployment(env)).map((f) => f.message);
        expect(found).toHaveLength(2);
        expect(found[0]).toMatch(/Secret "db".*PASSWORD/);
        expect(
            run("no-secret-env-vars", deployment(container({ env: [{ name: "A", value: "b" }] }))),
        ).toEqual([]);
        expect(
            run(
                "automount-service-account-token",
                deployment(container(), { automountServiceAccountToken: undefined }),
            )[0].message,
        ).toMatch(/unset/);
        expect(
            run(
                "automount-service-account-token",
                deployment(container(), { automountServiceAccountToken: true }),
            ),
        ).toHaveLength(1);
    });

    test("no-default-namespace: default and missing namespaces fail, for workloads and their objects", () => {
        expect(run("no-default-namespace", deployment(container(), {}, "default"))).toHaveLength(1);
        expect(run("no-default-namespace", deployment(container(), {}, null))[0].message).toMatch(
            /no metadata.namespace/,
        );
        expect(
            run(
                "no-default-namespace",
                res("kubernetes:core/v1:Service", { metadata: { name: "s", namespace: "default" } }),
            ),
        ).toHaveLength(1);
        expect(
            run(
                "no-default-namespace",
                res("kubernetes:core/v1:Service", { metadata: { name: "s", namespace: "apps" } }),
            ),
        ).toEqual([]);
    });

    test("container-probes is advisory and skips run-to-completion kinds", () => {
        expect(byName.get("container-probes")!.enforcementLevel).toBe("advisory");
        expect(
            run("container-probes", deployment(container({ livenessProbe: undefined })))[0].message,
        ).toMatch(/livenessProbe/);
        const job = res("kubernetes:batch/v1:Job", {
            metadata: { name: "j", namespace: "a" },
            spec: { template: { spec: { containers: [{ name: "x" }] } } },
        });
        expect(run("container-probes", job)).toEqual([]);
    });

    test("secrets-from-vault: literal data fails, TLS and system namespaces pass", () => {
        const secret = (over: Obj) =>
            res("kubernetes:core/v1:Secret", { metadata: { name: "s", namespace: "apps" }, ...over });
        expect(run("secrets-from-vault", secret({ stringData: { password: "x" } }))[0].message).toMatch(
            /Vault/,
        );
        expect(run("secrets-from-vault", secret({ data: { a: "eA==" } }))).toHaveLength(1);
        expect(
            run(
                "secrets-from-vault",
                secret({ type: "kubernetes.io/tls", data: { "tls.crt": "x", "tls.key": "y" } }),
            ),
        ).toEqual([]);
        expect(run("secrets-from-vault", secret({}))).toEqual([]);
        expect(
            run(
                "secrets-from-vault",
                res("kubernetes:core/v1:Secret", {
                    metadata: { name: "s", namespace: "kube-system" },
                    data: { a: "b" },
                }),
            ),
        ).toEqual([]);
        expect(byName.get("secrets-from-vault")!.enforcementLevel).toBe("advisory");
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
        for (const p of workloadPolicies)
            expect({ p: p.name, f: run(p.name, r) }).toEqual({ p: p.name, f: [] });
        const ns = res(
            "kubernetes:apps/v1:Deployment",
            preview({ ...props, metadata: { name: "web", namespace: unknownString } }),
        );
        expect(run("no-default-namespace", ns)).toEqual([]);
    });
});

describe("rbac", () => {
    const role = (rules: Obj[], kind = "ClusterRole") =>
        res(`kubernetes:rbac.authorization.k8s.io/v1:${kind}`, { metadata: { name: "r" }, rules });
    const binding = (
        roleRef: Obj,
        subjects: Obj[] = [{ kind: "User", name: "alice" }],
        kind = "ClusterRoleBinding",
    ) =>
        res(`kubernetes:rbac.authorization.k8s.io/v1:${kind}`, {
            metadata: { name: "b" },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", ...roleRef },
            subjects,
        });
    const reader = role([
        { apiGroups: [""], resources: ["pods", "services"], verbs: ["get", "list", "watch"] },
    ]);

    test("a read-only role passes every RBAC resource policy", () => {
        for (const p of rbacPolicies)
            expect({ p: p.name, f: run(p.name, reader) }).toEqual({ p: p.name, f: [] });
    });

    test("rbac-no-cluster-admin-binding", () => {
        expect(
            run("rbac-no-cluster-admin-binding", binding({ kind: "ClusterRole", name: "cluster-admin" })),
        ).toHaveLength(1);
        expect(
            run(
                "rbac-no-cluster-admin-binding",
                binding({ kind: "ClusterRole", name: "cluster-admin" }, [], "RoleBinding"),
            ),
        ).toHaveLength(1);
        expect(run("rbac-no-cluster-admin-binding", binding({ kind: "ClusterRole", name: "view" }))).toEqual(
            [],
        );
    });

    test("rbac-no-wildcards", () => {
        expect(
            run("rbac-no-wildcards", role([{ apiGroups: ["*"], resources: ["pods"], verbs: ["get"] }]))[0]
                .message,
        ).toMatch(/apiGroups/);
        expect(
            run("rbac-no-wildcards", role([{ apiGroups: [""], resources: ["*/scale"], verbs: ["get"] }]))[0]
                .message,
        ).toMatch(/resources/);
        expect(
            run(
                "rbac-no-wildcards",
                role([{ apiGroups: [""], resources: ["pods"], verbs: ["*"] }], "Role"),
            )[0].message,
        ).toMatch(/verbs/);
    });

    test("rbac-no-escalate-bind-impersonate: explicit verbs, and `*` on RBAC or identity resources", () => {
        expect(
            run(
                "rbac-no-escalate-bind-impersonate",
                role([{ apiGroups: [""], resources: ["users"], verbs: ["impersonate"] }]),
            ),
        ).toHaveLength(1);
        expect(
            run(
                "rbac-no-escalate-bind-impersonate",
                role([
                    { apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["*"] },
                ]),
            ),
        ).toHaveLength(1);
        expect(
            run(
                "rbac-no-escalate-bind-impersonate",
                role([{ apiGroups: [""], resources: ["configmaps"], verbs: ["*"] }]),
            ),
        ).toEqual([]);
    });

    test("rbac-no-nodes-proxy", () => {
        expect(
            run(
                "rbac-no-nodes-proxy",
                role([{ apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"] }]),
            ),
        ).toHaveLength(1);
        expect(
            run(
                "rbac-no-nodes-proxy",
                role([{ apiGroups: [""], resources: ["nodes", "nodes/metrics"], verbs: ["get"] }]),
            ),
        ).toEqual([]);
    });

    test("rbac-pods-exec-attach and rbac-sensitive-permissions are advisory", () => {
        expect(
            run(
                "rbac-pods-exec-attach",
                role([{ apiGroups: [""], resources: ["pods/exec"], verbs: ["create"] }]),
            ),
        ).toHaveLength(1);
        expect(
            run(
                "rbac-pods-exec-attach",
                role([{ apiGroups: [""], resources: ["pods/log"], verbs: ["get"] }]),
            ),
        ).toEqual([]);
        const f = run(
            "rbac-sensitive-permissions",
            role([
                { apiGroups: [""], resources: ["pods"], verbs: ["create"] },
                {
                    apiGroups: ["admissionregistration.k8s.io"],
                    resources: ["mutatingwebhookconfigurations"],
                    verbs: ["patch"],
                },
                { apiGroups: [""], resources: ["serviceaccounts/token"], verbs: ["create"] },
            ]),
        );
        expect(f.map((x) => x.message).join()).toMatch(/4.1.4.*4.1.11.*4.1.12/);
        expect(byName.get("rbac-pods-exec-attach")!.enforcementLevel).toBe("advisory");
        expect(byName.get("rbac-sensitive-permissions")!.enforcementLevel).toBe("advisory");
    });

    test("rbac-no-public-subject-binding", () => {
        expect(
            run(
                "rbac-no-public-subject-binding",
                binding({ kind: "ClusterRole", name: "view" }, [
                    { kind: "Group", name: "system:authenticated" },
                ]),
            ),
        ).toHaveLength(1);
        expect(
            run(
                "rbac-no-public-subject-binding",
                binding({ kind: "ClusterRole", name: "view" }, [{ kind: "User", name: "system:anonymous" }]),
            ),
        ).toHaveLength(1);
        expect(run("rbac-no-public-subject-binding", binding({ kind: "ClusterRole", name: "view" }))).toEqual(
            [],
        );
    });

    test("rbac-no-cluster-wide-secrets-read: only ClusterRoleBindings make it cluster-wide", () => {
        const secretReader = res("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", {
            metadata: { name: "secret-reader" },
            rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["list"] }],
        });
        const crb = binding({ kind: "ClusterRole", name: "secret-reader" });
        const rb = binding({ kind: "ClusterRole", name: "secret-reader" }, undefined, "RoleBinding");
        const findings = run("rbac-no-cluster-wide-secrets-read", [secretReader, crb, rb]);
        expect(findings).toEqual([expect.objectContaining({ urn: crb.urn })]);
        expect(
            run("rbac-no-cluster-wide-secrets-read", [binding({ kind: "ClusterRole", name: "edit" })]),
        ).toHaveLength(1);
        expect(
            run("rbac-no-cluster-wide-secrets-read", [reader, binding({ kind: "ClusterRole", name: "r" })]),
        ).toEqual([]);
    });
});

describe("exposure", () => {
    const svc = (spec: Obj, annotations: Obj = {}) =>
        res("kubernetes:core/v1:Service", { metadata: { name: "s", namespace: "apps", annotations }, spec });
    const ing = (spec: Obj, annotations: Obj = {}) =>
        res("kubernetes:networking.k8s.io/v1:Ingress", {
            metadata: { name: "i", namespace: "apps", annotations },
            spec,
        });

    test("service-no-nodeport and service-no-external-ips", () => {
        expect(run("service-no-nodeport", svc({ type: "NodePort" }))).toHaveLength(1);
        expect(run("service-no-nodeport", svc({ type: "ClusterIP" }))).toEqual([]);
        expect(run("service-no-external-ips", svc({ externalIPs: ["1.2.3.4"] }))).toHaveLength(1);
        expect(run("service-no-external-ips", svc({ externalIPs: [] }))).toEqual([]);
    });

    test("service-internal-load-balancer: scheme internal or the legacy annotation", () => {
        expect(run("service-internal-load-balancer", svc({ type: "LoadBalancer" }))).toHaveLength(1);
        expect(
            run(
                "service-internal-load-balancer",
                svc(
                    { type: "LoadBalancer" },
                    { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing" },
                ),
            ),
        ).toHaveLength(1);
        expect(
            run(
                "service-internal-load-balancer",
                svc(
                    { type: "LoadBalancer" },
                    { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal" },
                ),
            ),
        ).toEqual([]);
        expect(
            run(
                "service-internal-load-balancer",
                svc(
                    { type: "LoadBalancer" },
                    { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" },
                ),
            ),
        ).toEqual([]);
        expect(run("service-internal-load-balancer", svc({ type: "ClusterIP" }))).toEqual([]);
    });

    test("ingress-tls covers every rule host, wildcards by one label", () => {
        const rules = [{ host: "a.example.com" }, { host: "b.example.com" }];
        expect(run("ingress-tls", ing({ rules }))[0].message).toMatch(/no spec.tls/);
        expect(
            run("ingress-tls", ing({ rules, tls: [{ hosts: ["a.example.com"], secretName: "t" }] }))[0]
                .message,
        ).toMatch(/b.example.com/);
        expect(
            run("ingress-tls", ing({ rules, tls: [{ hosts: ["*.example.com"], secretName: "t" }] })),
        ).toEqual([]);
        expect(
            run(
                "ingress-tls",
                ing({ rules: [{ host: "x.a.example.com" }], tls: [{ hosts: ["*.example.com"] }] }),
            ),
        ).toHaveLength(1);
    });

    test("ingress-auth is advisory and configurable", () => {
        expect(run("ingress-auth", ing({}))).toHaveLength(1);
        expect(run("ingress-auth", ing({}, { "alb.ingress.kubernetes.io/auth-type": "oidc" }))).toEqual([]);
        expect(run("ingress-auth", ing({}, { "alb.ingress.kubernetes.io/auth-type": "none" }))).toHaveLength(
            1,
        );
        expect(run("ingress-auth", ing({}, { "my/auth": "on" }), { authAnnotations: ["my/auth"] })).toEqual(
            [],
        );
        expect(byName.get("ingress-auth")!.enforcementLevel).toBe("advisory");
    });
});

describe("namespaces (stack policies)", () => {
    const ns = (name: string, labels: Obj = {}) =>
        res("kubernetes:core/v1:Namespace", { metadata: { name, labels } }, `ns-${name}`);
    const enforce = (level: string) => ({ "pod-security.kubernetes.io/enforce": level });
    const netpol = (namespace: string | undefined, spec: Obj) =>
        res("kubernetes:networking.k8s.io/v1:NetworkPolicy", {
            metadata: { name: "np", ...(namespace ? { namespace } : {}) },
            spec,
        });
    const denyAll = (namespace: string) =>
        netpol(namespace, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });

    test("namespace-psa-enforce: label required (a NamespacePatch may add it), value validated, system namespaces skipped", () => {
        expect(run("namespace-psa-enforce", [ns("apps", enforce("restricted"))])).toEqual([]);
        const bare = ns("apps");
        expect(run("namespace-psa-enforce", [bare])).toEqual([expect.objectContaining({ urn: bare.urn })]);
        const patch = res("kubernetes:core/v1:NamespacePatch", {
            metadata: { name: "apps", labels: enforce("baseline") },
        });
        expect(run("namespace-psa-enforce", [bare, patch])).toEqual([]);
        expect(run("namespace-psa-enforce", [ns("apps", enforce("strict"))])[0].message).toMatch(/strict/);
        expect(
            run("namespace-psa-enforce", [
                ns("apps", {
                    ...enforce("restricted"),
                    "pod-security.kubernetes.io/enforce-version": "1.30",
                }),
            ]),
        ).toHaveLength(1);
        expect(run("namespace-psa-enforce", [ns("kube-system")])).toEqual([]);
    });

    test("namespace-privileged-requires-exemption reports every privileged namespace", () => {
        const falco = ns("falco", enforce("privileged"));
        expect(
            run("namespace-privileged-requires-exemption", [falco, ns("apps", enforce("restricted"))]),
        ).toEqual([expect.objectContaining({ urn: falco.urn })]);
        expect(run("namespace-privileged-requires-exemption", [ns("apps", enforce("baseline"))])).toEqual([]);
    });

    test("namespace-default-deny: both directions, policyTypes defaults, Helm releases count as workloads", () => {
        const apps = ns("apps", enforce("restricted"));
        const d = deployment();
        expect(run("namespace-default-deny", [apps, d, denyAll("apps")])).toEqual([]);
        expect(run("namespace-default-deny", [apps, d])).toEqual([
            expect.objectContaining({ urn: apps.urn, message: expect.stringMatching(/ingress and egress/) }),
        ]);
        // No policyTypes and no rules: Kubernetes reads it as Ingress only.
        expect(run("namespace-default-deny", [d, netpol("apps", { podSelector: {} })])[0].message).toMatch(
            /for egress/,
        );
        // A policy selecting some pods is no default deny.
        expect(
            run("namespace-default-deny", [
                d,
                netpol("apps", {
                    podSelector: { matchLabels: { a: "b" } },
                    policyTypes: ["Ingress", "Egress"],
                }),
            ]),
        ).toHaveLength(1);
        // A policy with an allow rule for a direction does not deny it.
        expect(
            run("namespace-default-deny", [
                d,
                netpol("apps", { podSelector: {}, policyTypes: ["Ingress", "Egress"], egress: [{ to: [] }] }),
            ])[0].message,
        ).toMatch(/for egress/);
        // Separate policies per direction combine.
        expect(
            run("namespace-default-deny", [
                d,
                netpol("apps", { podSelector: {}, policyTypes: ["Ingress"] }),
                netpol("apps", { podSelector: {}, policyTypes: ["Egress"] }),
            ]),
        ).toEqual([]);
        const release = res("kubernetes:helm.sh/v3:Release", { namespace: "vault", chart: "vault" });
        expect(run("namespace-default-deny", [release])).toEqual([
            expect.objectContaining({ urn: release.urn }),
        ]);
        expect(
            run("namespace-default-deny", [
                res("kubernetes:helm.sh/v3:Release", { namespace: "kube-system" }),
            ]),
        ).toEqual([]);
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
});

describe("aws", () => {
    const goodCluster: Obj = {
        name: "blueprint",
        encryptionConfig: {
            provider: { keyArn: "arn:aws:kms:eu-west-1:123456789012:key/abc" },
            resources: ["secrets"],
        },
        enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
        vpcConfig: { endpointPrivateAccess: true, endpointPublicAccess: false, subnetIds: ["s-1"] },
        accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
    };
    const cluster = (over: Obj = {}) => res("aws:eks/cluster:Cluster", { ...goodCluster, ...over });
    const eksPolicies = awsPolicies.filter(
        (p) => p.kind === "resource" && p.types?.includes("aws:eks/cluster:Cluster"),
    );

    test("a hardened cluster passes every EKS resource policy", () => {
        expect(eksPolicies.length).toBeGreaterThanOrEqual(6);
        for (const p of eksPolicies)
            expect({ p: p.name, f: run(p.name, cluster()) }).toEqual({ p: p.name, f: [] });
    });

    test("EKS cluster failures, including the AWS defaults of unset fields", () => {
        expect(
            run("eks-control-plane-logging", cluster({ enabledClusterLogTypes: ["api", "audit"] }))[0]
                .message,
        ).toMatch(/authenticator, controllerManager, scheduler/);
        expect(
            run("eks-private-endpoint", cluster({ vpcConfig: { endpointPrivateAccess: false } })),
        ).toHaveLength(1);
        expect(
            run("eks-public-endpoint-restricted", cluster({ vpcConfig: { endpointPrivateAccess: true } }))[0]
                .message,
        ).toMatch(/0.0.0.0\/0/);
        expect(
            run(
                "eks-public-endpoint-restricted",
                cluster({
                    vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24", "::/0"] },
                }),
            )[0].message,
        ).toMatch(/::\/0/);
        expect(
            run(
                "eks-public-endpoint-restricted",
                cluster({ vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] } }),
            ),
        ).toEqual([]);
        expect(run("eks-authentication-mode", cluster({ accessConfig: undefined }))[0].message).toMatch(
            /CONFIG_MAP/,
        );
        expect(
            run(
                "eks-authentication-mode",
                cluster({ accessConfig: { authenticationMode: "API_AND_CONFIG_MAP" } }),
            ),
        ).toEqual([]);
        expect(
            run("eks-no-bootstrap-admin", cluster({ accessConfig: { authenticationMode: "API" } }))[0]
                .message,
        ).toMatch(/unset, i.e. true/);
        expect(run("eks-secrets-encryption", cluster({ encryptionConfig: undefined }))).toHaveLength(1);
    });

    test("computed ARNs and ids during preview do not fail", () => {
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

    test("eks-vpc-cni-network-policy pairs add-ons to clusters by name, or to the only cluster when unknown", () => {
        const c = cluster();
        const addon = (over: Obj) =>
            res("aws:eks/addon:Addon", { addonName: "vpc-cni", clusterName: "blueprint", ...over });
        const on = JSON.stringify({ enableNetworkPolicy: "true" });
        expect(run("eks-vpc-cni-network-policy", [c, addon({ configurationValues: on })])).toEqual([]);
        expect(run("eks-vpc-cni-network-policy", [c])[0].message).toMatch(/no vpc-cni/);
        expect(run("eks-vpc-cni-network-policy", [c, addon({})])[0].message).toMatch(/enableNetworkPolicy/);
        expect(
            run("eks-vpc-cni-network-policy", [
                c,
                addon({ configurationValues: JSON.stringify({ enableNetworkPolicy: "false" }) }),
            ]),
        ).toHaveLength(1);
        expect(
            run("eks-vpc-cni-network-policy", [c, addon({ addonName: "coredns", configurationValues: on })]),
        ).toHaveLength(1);
        expect(
            run("eks-vpc-cni-network-policy", [
                c,
                addon({ clusterName: "other", configurationValues: on }),
                cluster({ name: "other" }),
            ]),
        ).toHaveLength(1);
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

    test("kms-key-rotation", () => {
        expect(run("kms-key-rotation", res("aws:kms/key:Key", { enableKeyRotation: true }))).toEqual([]);
        expect(run("kms-key-rotation", res("aws:kms/key:Key", {}))).toHaveLength(1);
        expect(
            run("kms-key-rotation", res("aws:kms/key:Key", { customerMasterKeySpec: "RSA_2048" })),
        ).toEqual([]);
    });

    test("launch templates: IMDSv2 with hop limit 1, encrypted EBS", () => {
        const lt = (over: Obj) =>
            res("aws:ec2/launchTemplate:LaunchTemplate", {
                metadataOptions: {
                    httpEndpoint: "enabled",
                    httpTokens: "required",
                    httpPutResponseHopLimit: 1,
                },
                blockDeviceMappings: [
                    { deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeType: "gp3" } },
                ],
                ...over,
            });
        expect(run("launch-template-imdsv2", lt({}))).toEqual([]);
        expect(
            run(
                "launch-template-imdsv2",
                lt({ metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 2 } }),
            ),
        ).toHaveLength(2);
        expect(run("launch-template-imdsv2", lt({ metadataOptions: undefined }))).toHaveLength(2);
        expect(run("launch-template-imdsv2", lt({ metadataOptions: { httpEndpoint: "disabled" } }))).toEqual(
            [],
        );
        expect(run("launch-template-ebs-encrypted", lt({}))).toEqual([]);
        expect(
            run(
                "launch-template-ebs-encrypted",
                lt({ blockDeviceMappings: [{ ebs: { encrypted: "false" } }] }),
            ),
        ).toHaveLength(1);
        expect(run("launch-template-ebs-encrypted", lt({ blockDeviceMappings: undefined }))).toHaveLength(1);
    });

    test("node-group-no-remote-access", () => {
        expect(
            run(
                "node-group-no-remote-access",
                res("aws:eks/nodeGroup:NodeGroup", { remoteAccess: { ec2SshKey: "k" } }),
            ),
        ).toHaveLength(1);
        expect(run("node-group-no-remote-access", res("aws:eks/nodeGroup:NodeGroup", {}))).toEqual([]);
    });

    test("log groups: retention at least the configured minimum, and a KMS key", () => {
        const lg = (over: Obj) =>
            res("aws:cloudwatch/logGroup:LogGroup", {
                retentionInDays: 365,
                kmsKeyId: "arn:aws:kms:x",
                ...over,
            });
        expect(run("log-group-retention", lg({}))).toEqual([]);
        expect(run("log-group-retention", lg({ retentionInDays: 30 }))[0].message).toMatch(/minimum is 365/);
        expect(run("log-group-retention", lg({ retentionInDays: 30 }), { minimumRetentionDays: 30 })).toEqual(
            [],
        );
        expect(run("log-group-retention", lg({ retentionInDays: undefined }))).toHaveLength(1);
        expect(run("log-group-kms", lg({}))).toEqual([]);
        expect(run("log-group-kms", lg({ kmsKeyId: undefined }))).toHaveLength(1);
    });

    test("security-group-no-public-ingress: inline, SecurityGroupRule and SecurityGroupIngressRule; allowed ports", () => {
        const sg = (ingress: Obj[]) => res("aws:ec2/securityGroup:SecurityGroup", { ingress });
        expect(
            run(
                "security-group-no-public-ingress",
                sg([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"] }]),
            ),
        ).toEqual([]);
        expect(
            run(
                "security-group-no-public-ingress",
                sg([{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }]),
            )[0].message,
        ).toMatch(/port 22/);
        expect(
            run(
                "security-group-no-public-ingress",
                sg([{ protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }]),
            )[0].message,
        ).toMatch(/all ports/);
        expect(
            run(
                "security-group-no-public-ingress",
                sg([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }]),
                { allowedPublicPorts: [443] },
            ),
        ).toEqual([]);
        expect(
            run(
                "security-group-no-public-ingress",
                sg([{ protocol: "tcp", fromPort: 440, toPort: 450, cidrBlocks: ["0.0.0.0/0"] }]),
                { allowedPublicPorts: [443] },
            ),
        ).toHaveLength(1);
        expect(
            run(
                "security-group-no-public-ingress",
                res("aws:ec2/securityGroupRule:SecurityGroupRule", {
                    type: "ingress",
                    protocol: "tcp",
                    fromPort: 80,
                    toPort: 80,
                    cidrBlocks: ["0.0.0.0/0"],
                }),
            ),
        ).toHaveLength(1);
        expect(
            run(
                "security-group-no-public-ingress",
                res("aws:ec2/securityGroupRule:SecurityGroupRule", {
                    type: "egress",
                    protocol: "-1",
                    fromPort: 0,
                    toPort: 0,
                    cidrBlocks: ["0.0.0.0/0"],
                }),
            ),
        ).toEqual([]);
        expect(
            run(
                "security-group-no-public-ingress",
                res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {
                    ipProtocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    cidrIpv6: "::/0",
                }),
            ),
        ).toHaveLength(1);
        expect(
            run(
                "security-group-no-public-ingress",
                res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {
                    ipProtocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    cidrIpv4: "10.0.0.0/16",
                }),
            ),
        ).toEqual([]);
    });
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

test("every policy of these areas has complete metadata", () => {
    for (const p of mine) {
        expect(p.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(p.description.length).toBeGreaterThan(10);
        expect(p.remediation.length).toBeGreaterThan(10);
        expect(p.frameworks.brief.length).toBeGreaterThan(0);
        for (const b of p.frameworks.brief) expect(b).toMatch(/^(F[1-6]|C[1-7]|R[1-8]|Q([1-9]|1[01]))$/);
        for (const c of p.frameworks.cisEks ?? []) expect(c).toMatch(/^[2-5]\.\d+\.\d+$/);
        if (p.kind === "resource") expect(p.types?.length).toBeGreaterThan(0);
    }
});
