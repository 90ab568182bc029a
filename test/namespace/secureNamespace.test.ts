import { installMocks, settle } from "../lib/mocks";
const resources = installMocks();
import { ConfigError } from "../../components/lib/errors";
import {
    SecureNamespace,
    namespaceDefaults,
    namespaceManifests,
    validateNamespaceArgs,
} from "../../components/namespace/secureNamespace";
import { developerRules, viewerRules } from "../../components/namespace/teamRoles";
import { CapturedResource, isAllowed } from "../../analysis/reachability";

/** The builder's objects as captured resources, for the reachability analysis. */
function captured(m: ReturnType<typeof namespaceManifests>): CapturedResource[] {
    return [
        { type: "kubernetes:core/v1:Namespace", name: m.namespace.metadata.name, props: m.namespace },
        ...m.networkPolicies.map((np) => ({
            type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            name: np.metadata.name,
            props: np,
        })),
    ];
}
function pod(namespace: string, labels: Record<string, string>, port = 8080): CapturedResource {
    return {
        type: "kubernetes:core/v1:Pod",
        name: `p-${namespace}`,
        props: {
            metadata: { name: `p-${namespace}`, namespace, labels },
            spec: { containers: [{ name: "c", ports: [{ containerPort: port }] }] },
        },
    };
}

describe("Pod Security Admission labels", () => {
    test("default: restricted for enforce, audit and warn, each with the pinned version", () => {
        const l = namespaceManifests({ name: "apps" }).namespace.metadata.labels;
        for (const mode of ["enforce", "audit", "warn"]) {
            expect(l[`pod-security.kubernetes.io/${mode}`]).toBe("restricted");
            expect(l[`pod-security.kubernetes.io/${mode}-version`]).toBe(
                namespaceDefaults.podSecurityVersion,
            );
        }
        expect(namespaceDefaults.podSecurityVersion).toMatch(/^v1\.\d+$/);
    });
    test("privileged with a reason: enforce privileged, audit/warn still restricted, reason recorded", () => {
        const m = namespaceManifests({
            name: "falco",
            podSecurityLevel: "privileged",
            exemptionReason: "Falco loads eBPF probes and reads host state",
            podSecurityVersion: "latest",
        });
        expect(m.namespace.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("privileged");
        expect(m.namespace.metadata.labels["pod-security.kubernetes.io/enforce-version"]).toBe("latest");
        expect(m.namespace.metadata.labels["pod-security.kubernetes.io/warn"]).toBe("restricted");
        expect(m.namespace.metadata.annotations["blueprint.io/pod-security-exemption"]).toMatch(/eBPF/);
    });
    test("user labels cannot override the PSA labels", () => {
        const l = namespaceManifests({
            name: "apps",
            labels: { "pod-security.kubernetes.io/enforce": "privileged", team: "a" },
        }).namespace.metadata.labels;
        expect(l["pod-security.kubernetes.io/enforce"]).toBe("restricted");
        expect(l.team).toBe("a");
    });
    test.each([
        [{ name: "x", podSecurityLevel: "privileged" as const }, /needs exemptionReason/],
        [
            { name: "x", podSecurityLevel: "baseline" as const, exemptionReason: "  " },
            /needs exemptionReason/,
        ],
        [{ name: "x", podSecurityVersion: "1.34" }, /podSecurityVersion "1.34"/],
        [{ name: "x", podSecurityLevel: "strict" as never }, /podSecurityLevel "strict" is not accepted/],
        [{ name: "Bad_Name" }, /DNS-1123/],
    ])("refused: %j", (args, msg) => {
        expect(() => namespaceManifests(args)).toThrow(ConfigError);
        expect(validateNamespaceArgs(args).join("\n")).toMatch(msg);
    });
});

describe("network policies", () => {
    const m = namespaceManifests({ name: "apps" });
    test("default-deny selects every pod for Ingress and Egress with no rules", () => {
        const d = m.networkPolicies.find((p) => p.metadata.name === "default-deny-all")!;
        expect(d.spec).toEqual({
            podSelector: {},
            policyTypes: ["Ingress", "Egress"],
            ingress: [],
            egress: [],
        });
    });
    test("DNS egress only to kube-dns in kube-system on 53 UDP and TCP", () => {
        const d = m.networkPolicies.find((p) => p.metadata.name === "allow-dns-egress")!;
        expect(d.spec.policyTypes).toEqual(["Egress"]);
        expect(d.spec.egress).toEqual([
            {
                to: [
                    {
                        namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
                        podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
                    },
                ],
                ports: [
                    { port: 53, protocol: "UDP" },
                    { port: 53, protocol: "TCP" },
                ],
            },
        ]);
    });
    test("in effect: pods reach kube-dns on 53 only; nothing reaches them; nothing else is reachable", () => {
        const rs = [
            ...captured(m),
            pod("apps", { app: "web" }),
            pod("kube-system", { "k8s-app": "kube-dns" }, 53),
            pod("other", { app: "x" }),
        ];
        const web = { namespace: "apps", labels: { app: "web" } };
        const dns = { namespace: "kube-system", labels: { "k8s-app": "kube-dns" } };
        expect(isAllowed(rs, web, dns, 53, "UDP")).toBe(true);
        expect(isAllowed(rs, web, dns, 53, "TCP")).toBe(true);
        expect(isAllowed(rs, web, dns, 443)).toBe(false);
        expect(isAllowed(rs, web, { namespace: "other", labels: { app: "x" } }, 8080)).toBe(false);
        expect(isAllowed(rs, { namespace: "other", labels: { app: "x" } }, web, 8080)).toBe(false);
        expect(isAllowed(rs, web, { namespace: "apps", labels: { app: "web" } }, 8080)).toBe(false); // even within the namespace
        expect(isAllowed(rs, web, { ip: "169.254.169.254" }, 80)).toBe(false);
    });
    test("allowDns: false leaves only the default deny", () => {
        expect(
            namespaceManifests({ name: "apps", allowDns: false }).networkPolicies.map((p) => p.metadata.name),
        ).toEqual(["default-deny-all"]);
    });
    test("vaultClient labels the namespace and allows egress to the Vault servers on 8200 only", () => {
        const v = namespaceManifests({ name: "apps", vaultClient: { namespace: "vault" } });
        expect(v.namespace.metadata.labels["blueprint.io/vault-client"]).toBe("true");
        const rs = [
            ...captured(v),
            pod("apps", { app: "web" }),
            pod("vault", { "app.kubernetes.io/name": "vault", component: "server" }, 8200),
        ];
        const web = { namespace: "apps", labels: { app: "web" } };
        expect(
            isAllowed(
                rs,
                web,
                { namespace: "vault", labels: { "app.kubernetes.io/name": "vault", component: "server" } },
                8200,
            ),
        ).toBe(true);
        expect(
            isAllowed(
                rs,
                web,
                { namespace: "vault", labels: { "app.kubernetes.io/name": "vault", component: "server" } },
                8201,
            ),
        ).toBe(false);
        expect(
            isAllowed(
                rs,
                web,
                { namespace: "vault", labels: { "app.kubernetes.io/name": "vault-agent-injector" } },
                8080,
            ),
        ).toBe(false);
    });
});

describe("quotas", () => {
    test("defaults: requests/limits caps, and no LoadBalancer or NodePort Services", () => {
        const m = namespaceManifests({ name: "apps" });
        expect(m.resourceQuota.spec.hard).toMatchObject({
            "requests.cpu": "4",
            "limits.memory": "16Gi",
            "services.loadbalancers": "0",
            "services.nodeports": "0",
        });
        expect(m.limitRange.spec.limits[0]).toMatchObject({
            type: "Container",
            defaultRequest: { cpu: "100m", memory: "128Mi" },
            default: { cpu: "500m", memory: "512Mi" },
        });
    });
    test("Args merge over the defaults", () => {
        const m = namespaceManifests({
            name: "monitoring",
            quota: { "requests.memory": "32Gi" },
            limits: { max: { memory: "8Gi" } },
        });
        expect(m.resourceQuota.spec.hard["requests.memory"]).toBe("32Gi");
        expect(m.resourceQuota.spec.hard["services.nodeports"]).toBe("0");
        expect(m.limitRange.spec.limits[0].max).toEqual({ memory: "8Gi" });
    });
    test("an empty quota value is refused", () => {
        expect(validateNamespaceArgs({ name: "x", quota: { pods: "" } }).join()).toMatch(/quota.pods/);
    });
});

describe("team access", () => {
    test("roles never grant Secrets, exec, attach, port-forward, tokens, RBAC or NetworkPolicy writes", () => {
        for (const rules of [viewerRules, developerRules]) {
            const resources = rules.flatMap((r) => r.resources);
            for (const bad of [
                "secrets",
                "pods/exec",
                "pods/attach",
                "pods/portforward",
                "serviceaccounts/token",
                "roles",
                "rolebindings",
            ])
                expect(resources).not.toContain(bad);
            expect(
                rules.every(
                    (r) => !r.verbs.includes("*") && !r.resources.includes("*") && !r.apiGroups.includes("*"),
                ),
            ).toBe(true);
            expect(
                rules
                    .filter((r) => r.resources.includes("networkpolicies"))
                    .every((r) => r.verbs.every((v) => ["get", "list", "watch"].includes(v))),
            ).toBe(true);
        }
        expect(viewerRules.every((r) => r.verbs.every((v) => ["get", "list", "watch"].includes(v)))).toBe(
            true,
        );
    });
    test("bindings reference the namespace's own Roles", () => {
        const m = namespaceManifests({
            name: "apps",
            teams: [
                { name: "alpha", role: "developer", groups: ["alpha-devs"] },
                { name: "audit", role: "viewer", users: ["auditor"] },
            ],
        });
        expect(m.roles.map((r) => r.metadata.name).sort()).toEqual(["team-developer", "team-viewer"]);
        expect(m.roleBindings[0]).toEqual({
            metadata: { name: "team-alpha", namespace: "apps" },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "team-developer" },
            subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "alpha-devs" }],
        });
    });
    test("a narrow ClusterRole (e.g. view) may be bound in the namespace", () => {
        const m = namespaceManifests({
            name: "apps",
            teams: [{ name: "ops", clusterRole: "view", groups: ["ops"] }],
        });
        expect(m.roleBindings[0].roleRef).toEqual({
            apiGroup: "rbac.authorization.k8s.io",
            kind: "ClusterRole",
            name: "view",
        });
    });
    test.each(["cluster-admin", "admin", "edit", "system:controller:foo"])(
        "clusterRole %s is refused",
        (cr) => {
            expect(() =>
                namespaceManifests({ name: "apps", teams: [{ name: "t", clusterRole: cr, groups: ["g"] }] }),
            ).toThrow(/is refused/);
        },
    );
    test("a team with no subject, or both role and clusterRole, is refused", () => {
        expect(
            validateNamespaceArgs({ name: "apps", teams: [{ name: "t", role: "viewer" }] }).join(),
        ).toMatch(/at least one group or user/);
        expect(
            validateNamespaceArgs({
                name: "apps",
                teams: [{ name: "t", role: "viewer", clusterRole: "view", groups: ["g"] }],
            }).join(),
        ).toMatch(/exactly one of role/);
    });
});

describe("SecureNamespace component", () => {
    test("registers the namespace, policies, quota, limits, roles and the default-SA patch", async () => {
        resources.length = 0;
        const ns = new SecureNamespace("apps", {
            name: "apps",
            teams: [{ name: "alpha", role: "viewer", groups: ["alpha"] }],
        });
        expect(ns.name).toBe("apps");
        await settle();
        const types = resources.map((r) => r.type);
        expect(types).toEqual(
            expect.arrayContaining([
                "blueprint:namespace:SecureNamespace",
                "kubernetes:core/v1:Namespace",
                "kubernetes:networking.k8s.io/v1:NetworkPolicy",
                "kubernetes:core/v1:ResourceQuota",
                "kubernetes:core/v1:LimitRange",
                "kubernetes:rbac.authorization.k8s.io/v1:Role",
                "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
                "kubernetes:core/v1:ServiceAccountPatch",
            ]),
        );
        const sa = resources.find((r) => r.type === "kubernetes:core/v1:ServiceAccountPatch")!;
        expect(sa.inputs.metadata).toMatchObject({ name: "default", namespace: "apps" });
        expect(sa.inputs.automountServiceAccountToken).toBe(false);
        const nsr = resources.find((r) => r.type === "kubernetes:core/v1:Namespace")!;
        expect(nsr.inputs.metadata.name).toBe("apps");
        expect(
            resources
                .filter((r) => r.type.endsWith("NetworkPolicy"))
                .map((r) => r.inputs.metadata.name)
                .sort(),
        ).toEqual(["allow-dns-egress", "default-deny-all"]);
    });
    test("bad Args throw ConfigError before any resource registers", async () => {
        resources.length = 0;
        expect(() => new SecureNamespace("bad", { name: "bad", podSecurityLevel: "privileged" })).toThrow(
            ConfigError,
        );
        await settle();
        expect(resources).toHaveLength(0);
    });
});
