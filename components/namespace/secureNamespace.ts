/**
 * SecureNamespace: a namespace that is hardened on creation.
 *
 * - Pod Security Admission labels `enforce`, `audit` and `warn`, each with a pinned `-version` (brief Q7);
 * - a default-deny NetworkPolicy for ingress and egress, plus DNS egress to kube-dns only (brief R4, CIS EKS 4.3.2);
 * - a ResourceQuota (no LoadBalancer or NodePort Services by default) and a LimitRange;
 * - the `default` ServiceAccount patched to `automountServiceAccountToken: false` (brief R8, CIS EKS 4.1.6);
 * - optional team RoleBindings to least-privilege Roles; cluster-admin, admin and edit are refused;
 * - optionally, Vault client access: the `blueprint.io/vault-client=true` label, and egress to the Vault servers.
 *
 * `namespaceManifests(args)` is the pure builder; the component registers what it returns.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../lib/errors";
import {
    DnsTarget,
    allowTo,
    defaultDeny,
    defaultDnsTarget,
    dnsEgress,
    isDnsLabel,
    networkPolicy,
} from "../network/builder";
import { PodSecurityLevel, podSecurityLevels } from "../../lib/pss";
import { Labels, NetworkPolicyManifest } from "../network/types";
import { PolicyRule, TeamRole, forbiddenClusterRoles, teamRoleRules } from "./teamRoles";

/** Pod Security Standards levels: the one definition, in lib/pss.ts. */
export type PsaLevel = PodSecurityLevel;
/** Most restrictive first, as messages list them. */
const psaLevels: readonly PsaLevel[] = [...podSecurityLevels].reverse();

/** The label that marks a namespace whose pods may reach Vault (see components/network/platformFlows.ts). */
export const vaultClientLabel = "blueprint.io/vault-client";

/**
 * The label that records a namespace's tier. The policy pack applies stricter image rules to `app` namespaces
 * (only Harbor's images, pinned by digest: policies allowed-image-registries and app-image-digest-pinned).
 */
export const tierLabel = "blueprint.io/tier";

/** Namespace tiers: `app` for teams' workloads, `platform` for the blueprint's add-ons. */
export type NamespaceTier = "app" | "platform";
const tiers: readonly NamespaceTier[] = ["app", "platform"];

/** Labels of the Vault server pods (vault-helm 0.34: server StatefulSet pod template). */
export const vaultServerPods: Labels = { "app.kubernetes.io/name": "vault", component: "server" };

/** One team's access to the namespace. */
export interface TeamAccess {
    /** Team name, used in the RoleBinding name (DNS-1123 label). */
    name: string;
    /** A Role this component defines: "viewer" (read-only) or "developer" (deploy, no Secrets, no exec). */
    role?: TeamRole;
    /**
     * Instead of `role`, an existing ClusterRole to bind in this namespace only. cluster-admin, admin, edit and
     * `system:*` are refused.
     */
    clusterRole?: string;
    /** Groups bound (e.g. the Kubernetes groups of EKS access entries). */
    groups?: string[];
    /** Users bound. */
    users?: string[];
}

/** LimitRange values for containers that set none. */
export interface ContainerLimits {
    /** Requests applied to containers without requests. Default cpu 100m, memory 128Mi. */
    defaultRequest?: { cpu?: string; memory?: string };
    /** Limits applied to containers without limits. Default cpu 500m, memory 512Mi. */
    default?: { cpu?: string; memory?: string };
    /** Maximum per container; unset = no maximum. */
    max?: { cpu?: string; memory?: string };
}

export interface SecureNamespaceArgs {
    /** Namespace name (DNS-1123 label); explicit, so it is known at preview time. */
    name: string;
    /** PSA `enforce` level. Default "restricted". Any other level needs `exemptionReason`. */
    podSecurityLevel?: PsaLevel;
    /** PSA `audit` level. Default "restricted", so audit logs show what a looser namespace would violate. */
    podSecurityAuditLevel?: PsaLevel;
    /** PSA `warn` level. Default "restricted". */
    podSecurityWarnLevel?: PsaLevel;
    /** PSA policy version for the three `-version` labels: "v1.<minor>" or "latest". Default `namespaceDefaults.podSecurityVersion`. */
    podSecurityVersion?: string;
    /**
     * Why this namespace needs a level below restricted. Required when `podSecurityLevel` is not "restricted";
     * recorded in the `blueprint.io/pod-security-exemption` annotation. Also declare the exemption in
     * policy-pack/blueprint.policy-config.json.
     */
    exemptionReason?: string;
    /**
     * Tier of the namespace, recorded in the `blueprint.io/tier` label. Default "app": a team's namespace, where
     * the policy pack accepts only the app registries (Harbor by default) and digest-pinned images. "platform" is
     * for the blueprint's own add-ons (Vault, Harbor, Falco, monitoring, scanners), whose chart images come from
     * their upstream publishers.
     */
    tier?: NamespaceTier;
    /** Extra namespace labels (the PSA labels, the tier label and the vault-client label cannot be overridden). */
    labels?: Labels;
    /** Extra namespace annotations. */
    annotations?: Record<string, string>;
    /** ResourceQuota `hard` entries, merged over `namespaceDefaults.quota`. */
    quota?: Record<string, string>;
    /** LimitRange container defaults, merged over `namespaceDefaults.limits`. */
    limits?: ContainerLimits;
    /** Allow DNS egress to the cluster DNS pods. Default true. */
    allowDns?: boolean;
    /** Where cluster DNS runs. Default kube-system / `k8s-app: kube-dns`. */
    dns?: DnsTarget;
    /** Make this an app namespace that reaches Vault: labels it `blueprint.io/vault-client=true` and allows egress to the Vault servers. */
    vaultClient?: {
        /** Namespace of Vault. */
        namespace: string;
        /** Vault API port. Default 8200. */
        port?: number;
    };
    /** Team RoleBindings. Default none. */
    teams?: TeamAccess[];
}

/** Defaults, in one place. */
export const namespaceDefaults = {
    podSecurityLevel: "restricted" as PsaLevel,
    /** Tier of a namespace that does not say: app (the stricter image rules). */
    tier: "app" as NamespaceTier,
    /**
     * PSA policy version pinned in the `-version` labels: v1.34, the newest minor Amazon EKS supports at the time of
     * writing. Pinning keeps a control-plane upgrade from tightening (or changing) the policy under running
     * workloads; bump it deliberately after reading the PSS changelog. A cluster older than the pinned version
     * evaluates the newest policy it knows.
     */
    podSecurityVersion: "v1.34",
    quota: {
        "requests.cpu": "4",
        "requests.memory": "8Gi",
        "limits.cpu": "8",
        "limits.memory": "16Gi",
        pods: "50",
        services: "20",
        "services.loadbalancers": "0",
        "services.nodeports": "0",
        persistentvolumeclaims: "10",
        "requests.storage": "200Gi",
    } as Record<string, string>,
    limits: {
        defaultRequest: { cpu: "100m", memory: "128Mi" },
        default: { cpu: "500m", memory: "512Mi" },
    } as ContainerLimits,
    vaultPort: 8200,
};

/** Every problem with `args`, one line each (empty when valid). */
export function validateNamespaceArgs(args: SecureNamespaceArgs): string[] {
    const p: string[] = [];
    const where = `SecureNamespace ${args.name}`;
    if (typeof args.name !== "string" || !isDnsLabel(args.name))
        p.push(
            `${where}: name "${args.name}" must be a DNS-1123 label (lowercase letters, digits, '-', at most 63 characters)`,
        );
    for (const [key, v] of [
        ["podSecurityLevel", args.podSecurityLevel],
        ["podSecurityAuditLevel", args.podSecurityAuditLevel],
        ["podSecurityWarnLevel", args.podSecurityWarnLevel],
    ] as const) {
        if (v !== undefined && !psaLevels.includes(v))
            p.push(`${where}: ${key} "${v}" is not accepted; use one of: ${psaLevels.join(", ")}`);
    }
    if (args.tier !== undefined && !tiers.includes(args.tier))
        p.push(`${where}: tier "${args.tier}" is not accepted; use one of: ${tiers.join(", ")}`);
    const level = args.podSecurityLevel ?? namespaceDefaults.podSecurityLevel;
    if (level !== "restricted" && !(args.exemptionReason ?? "").trim())
        p.push(
            `${where}: podSecurityLevel "${level}" needs exemptionReason (why this namespace cannot run restricted)`,
        );
    const version = args.podSecurityVersion ?? namespaceDefaults.podSecurityVersion;
    if (!/^(v1\.\d{1,2}|latest)$/.test(version))
        p.push(
            `${where}: podSecurityVersion "${version}" is not accepted; use "v1.<minor>" (e.g. ${namespaceDefaults.podSecurityVersion}) or "latest"`,
        );
    for (const [k, v] of Object.entries(args.quota ?? {}))
        if (typeof v !== "string" || v === "")
            p.push(`${where}: quota.${k} must be a quantity string, e.g. "4" or "8Gi"`);
    if (args.vaultClient && !isDnsLabel(args.vaultClient.namespace))
        p.push(`${where}: vaultClient.namespace "${args.vaultClient.namespace}" must be a namespace name`);
    const seen = new Set<string>();
    for (const [i, t] of (args.teams ?? []).entries()) {
        const tw = `${where}: teams[${i}]`;
        if (!t.name || !isDnsLabel(t.name)) p.push(`${tw}: name "${t.name}" must be a DNS-1123 label`);
        if (seen.has(t.name)) p.push(`${tw}: name "${t.name}" is used twice`);
        seen.add(t.name);
        if ((t.role === undefined) === (t.clusterRole === undefined))
            p.push(`${tw}: give exactly one of role ("viewer" or "developer") or clusterRole`);
        if (t.role !== undefined && !(t.role in teamRoleRules))
            p.push(`${tw}: role "${t.role}" is not accepted; use viewer or developer`);
        if (
            t.clusterRole !== undefined &&
            (forbiddenClusterRoles.includes(t.clusterRole) || t.clusterRole.startsWith("system:"))
        )
            p.push(
                `${tw}: clusterRole "${t.clusterRole}" is refused (it grants Secrets, exec or RBAC); use role "viewer" or "developer", or a narrower ClusterRole`,
            );
        if ((t.groups ?? []).length + (t.users ?? []).length === 0)
            p.push(`${tw}: give at least one group or user`);
    }
    return p;
}

/** One LimitRange item for containers. */
export interface LimitItem {
    type: "Container";
    defaultRequest: { cpu?: string; memory?: string };
    default: { cpu?: string; memory?: string };
    max?: { cpu?: string; memory?: string };
}

/** Everything a SecureNamespace creates, as plain Kubernetes objects. */
export interface NamespaceManifests {
    namespace: { metadata: { name: string; labels: Labels; annotations: Record<string, string> } };
    networkPolicies: NetworkPolicyManifest[];
    resourceQuota: { metadata: { name: string; namespace: string }; spec: { hard: Record<string, string> } };
    limitRange: { metadata: { name: string; namespace: string }; spec: { limits: LimitItem[] } };
    roles: { metadata: { name: string; namespace: string }; rules: PolicyRule[] }[];
    roleBindings: {
        metadata: { name: string; namespace: string };
        roleRef: { apiGroup: string; kind: "Role" | "ClusterRole"; name: string };
        subjects: { apiGroup: string; kind: "Group" | "User"; name: string }[];
    }[];
    defaultServiceAccount: {
        metadata: { name: "default"; namespace: string };
        automountServiceAccountToken: false;
    };
}

/** The pure builder: validates, then returns every object. Throws ConfigError on bad Args. */
export function namespaceManifests(args: SecureNamespaceArgs): NamespaceManifests {
    throwIfProblems(validateNamespaceArgs(args));
    const name = args.name;
    const level = args.podSecurityLevel ?? namespaceDefaults.podSecurityLevel;
    const version = args.podSecurityVersion ?? namespaceDefaults.podSecurityVersion;
    const psa: Labels = {};
    for (const [mode, l] of [
        ["enforce", level],
        ["audit", args.podSecurityAuditLevel ?? "restricted"],
        ["warn", args.podSecurityWarnLevel ?? "restricted"],
    ] as const) {
        psa[`pod-security.kubernetes.io/${mode}`] = l;
        psa[`pod-security.kubernetes.io/${mode}-version`] = version;
    }
    const labels: Labels = {
        ...(args.labels ?? {}),
        "app.kubernetes.io/managed-by": "pulumi",
        [tierLabel]: args.tier ?? namespaceDefaults.tier,
        ...psa,
    };
    if (args.vaultClient) labels[vaultClientLabel] = "true";
    const annotations: Record<string, string> = { ...(args.annotations ?? {}) };
    if (level !== "restricted")
        annotations["blueprint.io/pod-security-exemption"] = args.exemptionReason!.trim();

    const networkPolicies = [defaultDeny(name)];
    if (args.allowDns ?? true) networkPolicies.push(dnsEgress(name, args.dns ?? defaultDnsTarget));
    if (args.vaultClient)
        networkPolicies.push(
            networkPolicy(
                "allow-vault-egress",
                name,
                {},
                {
                    egress: [
                        allowTo(args.vaultClient.namespace, vaultServerPods, [
                            args.vaultClient.port ?? namespaceDefaults.vaultPort,
                        ]),
                    ],
                },
            ),
        );

    const lim = { ...namespaceDefaults.limits, ...(args.limits ?? {}) };
    const limit: LimitItem = {
        type: "Container",
        defaultRequest: { ...namespaceDefaults.limits.defaultRequest, ...lim.defaultRequest },
        default: { ...namespaceDefaults.limits.default, ...lim.default },
    };
    if (lim.max) limit.max = lim.max;

    const teams = args.teams ?? [];
    const usedRoles = [...new Set(teams.filter((t) => t.role).map((t) => t.role as TeamRole))];
    return {
        namespace: { metadata: { name, labels, annotations } },
        networkPolicies,
        resourceQuota: {
            metadata: { name: "default-quota", namespace: name },
            spec: { hard: { ...namespaceDefaults.quota, ...(args.quota ?? {}) } },
        },
        limitRange: { metadata: { name: "default-limits", namespace: name }, spec: { limits: [limit] } },
        roles: usedRoles.map((r) => ({
            metadata: { name: `team-${r}`, namespace: name },
            rules: teamRoleRules[r],
        })),
        roleBindings: teams.map((t) => ({
            metadata: { name: `team-${t.name}`, namespace: name },
            roleRef: t.role
                ? { apiGroup: "rbac.authorization.k8s.io", kind: "Role" as const, name: `team-${t.role}` }
                : {
                      apiGroup: "rbac.authorization.k8s.io",
                      kind: "ClusterRole" as const,
                      name: t.clusterRole!,
                  },
            subjects: [
                ...(t.groups ?? []).map((g) => ({
                    apiGroup: "rbac.authorization.k8s.io",
                    kind: "Group" as const,
                    name: g,
                })),
                ...(t.users ?? []).map((u) => ({
                    apiGroup: "rbac.authorization.k8s.io",
                    kind: "User" as const,
                    name: u,
                })),
            ],
        })),
        defaultServiceAccount: {
            metadata: { name: "default", namespace: name },
            automountServiceAccountToken: false,
        },
    };
}

/**
 * A hardened namespace. Pass the cluster's `k8s.Provider` through `opts.provider`. Pass this object as the
 * `namespace` of the components that install into it (they wait for it); `.name` is the plain name.
 */
export class SecureNamespace extends pulumi.ComponentResource {
    /** The namespace name, known at preview time. */
    readonly name: string;
    /** The namespace name as an Output that resolves once the Namespace exists (carries the dependency). */
    readonly nameOutput: pulumi.Output<string>;
    /** The Namespace resource. */
    readonly namespace: k8s.core.v1.Namespace;

    constructor(name: string, args: SecureNamespaceArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const m = namespaceManifests(args); // validates before anything registers
        super("blueprint:namespace:SecureNamespace", name, {}, opts);
        const child = { parent: this };
        this.name = args.name;
        this.namespace = new k8s.core.v1.Namespace(`${name}`, { metadata: m.namespace.metadata }, child);
        const ns = this.namespace.metadata.name;
        const after = { parent: this, dependsOn: [this.namespace] };
        const inNs = <T extends { metadata: { name: string; namespace: string } }>(o: T) => ({
            ...o,
            metadata: { ...o.metadata, namespace: ns },
        });
        for (const np of m.networkPolicies)
            new k8s.networking.v1.NetworkPolicy(
                `${name}-${np.metadata.name}`,
                { metadata: { ...np.metadata, namespace: ns }, spec: np.spec },
                after,
            );
        new k8s.core.v1.ResourceQuota(`${name}-quota`, inNs(m.resourceQuota), after);
        new k8s.core.v1.LimitRange(`${name}-limits`, inNs(m.limitRange), after);
        const roles = new Map<string, k8s.rbac.v1.Role>();
        for (const r of m.roles)
            roles.set(r.metadata.name, new k8s.rbac.v1.Role(`${name}-${r.metadata.name}`, inNs(r), after));
        for (const b of m.roleBindings) {
            const dep = b.roleRef.kind === "Role" ? [roles.get(b.roleRef.name)!] : [this.namespace];
            new k8s.rbac.v1.RoleBinding(`${name}-${b.metadata.name}`, inNs(b), {
                parent: this,
                dependsOn: dep,
            });
        }
        new k8s.core.v1.ServiceAccountPatch(`${name}-default-sa`, inNs(m.defaultServiceAccount), after);
        this.nameOutput = ns;
        this.registerOutputs({ name: ns });
    }
}
