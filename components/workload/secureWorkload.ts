/**
 * SecureWorkload: a short spec (image, ports, env, resources, replicas) becomes a Deployment, a ServiceAccount, a
 * ClusterIP Service, a PodDisruptionBudget and the NetworkPolicy allowances the workload declares.
 *
 * Pod defaults: restricted security contexts (components/lib/security-context.ts), read-only root filesystem with
 * an emptyDir at /tmp, requests and limits, liveness and readiness probes, no service-account token.
 *
 * Refused before registration (ConfigError): an image that is not digest-pinned (`@sha256:<64 hex>`) or not from
 * `allowedRegistries`; env read from Secrets (`secretKeyRef`: use Vault injection instead); ports below 1024 (a
 * non-root container without NET_BIND_SERVICE cannot bind them).
 *
 * Service-account token: never automounted, neither by the ServiceAccount nor by the pod. When `vaultAnnotations`
 * are given, the injected Vault agent (and only the agent) gets a short-lived projected token through the
 * injector's `agent-service-account-token-volume-name` annotation: the app containers never see a token, and the
 * token serves only the Vault login bound to this account and namespace (issue 6).
 */
import { NamespaceArg, namespaceName, namespaceResources, withDependsOn } from "../namespace/namespaceRef";
import { FieldError, formatFieldErrors } from "../lib/validators";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../lib/errors";
import {
    nonRootId,
    restrictedContainerSecurityContext,
    restrictedPodSecurityContext,
} from "../lib/security-context";
import {
    NamespaceRef,
    PodRef,
    PortInput,
    allowFrom,
    allowFromCidrs,
    allowTo,
    allowToCidrs,
    isDnsLabel,
    networkPolicy,
} from "../network/builder";
import { EgressRule, IngressRule, Labels, NetworkPolicyManifest, Protocol } from "../network/types";
import { vaultDefaults } from "../vault/values";

/** Projected token volume that the Vault injector mounts into its agent containers only. */
export const vaultTokenVolume = "vault-token";
/** Where the injector mounts `vaultTokenVolume` in the agent containers when no app container mounts it. */
export const vaultTokenMountPath = "/var/run/secrets/vault.hashicorp.com/serviceaccount";

/** A port the container listens on; the Service exposes it under the same number and name. */
export interface WorkloadPort {
    /** Port name (lowercase, at most 15 characters), used by probes, the Service and NetworkPolicies. */
    name: string;
    /** Container port, 1024-65535 (the container runs as non-root without NET_BIND_SERVICE). */
    port: number;
    /** Default TCP. */
    protocol?: Protocol;
}

/** An environment variable: a plain value, or a reference to pod fields, resources or a ConfigMap. Never a Secret. */
export interface WorkloadEnvVar {
    /** Variable name. */
    name: string;
    /** Plain value. */
    value?: string;
    /** fieldRef, resourceFieldRef or configMapKeyRef. `secretKeyRef` is refused: use `vaultAnnotations`. */
    valueFrom?: {
        fieldRef?: unknown;
        resourceFieldRef?: unknown;
        configMapKeyRef?: unknown;
        secretKeyRef?: unknown;
    };
}

/** A NetworkPolicy allowance: pods in namespaces, or outside CIDRs. */
export interface Allowance {
    /** Namespace by name, a namespace LabelSelector, or omitted for the workload's own namespace. */
    namespace?: NamespaceRef;
    /** Pod labels (or selector); omitted = every pod of those namespaces. */
    pods?: PodRef;
    /** Outside addresses instead of pods (egress to a managed database, for example). */
    cidrs?: string[];
    /** Ports. Ingress default: the workload's ports. Egress: required (no "every port" by accident). */
    ports?: PortInput[];
}

/** A probe; default: a TCP check on the first port. */
export interface WorkloadProbe {
    /** HTTP GET on a path and port (name or number). */
    httpGet?: { path: string; port: string | number };
    /** TCP connect to a port (name or number). */
    tcpSocket?: { port: string | number };
    /** A command run in the container. */
    exec?: { command: string[] };
}

export interface SecureWorkloadArgs {
    /** Workload name (DNS-1123 label); names the Deployment, ServiceAccount, Service, PDB and policy. */
    name: string;
    /** Namespace: its SecureNamespace (the workload waits for it), or the name of one the caller orders. */
    namespace: NamespaceArg;
    /** Image, digest-pinned: `registry/repo[:tag]@sha256:<64 hex>`. */
    image: string;
    /** Registries (host, or host/path prefix) the image may come from, e.g. the Harbor host. Required. */
    allowedRegistries: string[];
    /** Ports the container listens on. */
    ports?: WorkloadPort[];
    /** Environment: a map of plain values, or a list of WorkloadEnvVar. */
    env?: Record<string, string> | WorkloadEnvVar[];
    /** Container command (entrypoint override). */
    command?: string[];
    /** Container args. */
    args?: string[];
    /** Requests and limits, merged over `workloadDefaults.resources`. */
    resources?: { requests?: { cpu?: string; memory?: string }; limits?: { cpu?: string; memory?: string } };
    /** Replicas. Default 2. */
    replicas?: number;
    /** Liveness probe; default TCP on the first port. Required when there are no ports. */
    livenessProbe?: WorkloadProbe;
    /** Readiness probe; default: the liveness probe. */
    readinessProbe?: WorkloadProbe;
    /** UID the container runs as (non-zero). Default 65532. */
    runAsUser?: number;
    /** Extra writable paths, each an emptyDir (the root filesystem is read-only; /tmp is always writable). */
    writablePaths?: string[];
    /** Vault Agent injection annotations (`vault.hashicorp.com/*`), e.g. from issue 6's `vaultInjection()`. */
    vaultAnnotations?: Record<string, string>;
    /** Who may connect to this workload. Default: nobody (the namespace is default-deny). */
    ingressFrom?: Allowance[];
    /** Where this workload may connect (DNS is allowed by the namespace). Default: nowhere. */
    egressTo?: Allowance[];
    /** Extra labels for the pods. */
    labels?: Labels;
    /** Extra pod annotations. */
    podAnnotations?: Record<string, string>;
    /** imagePullSecrets names (e.g. Harbor's robot account secret). */
    imagePullSecrets?: string[];
}

/** Defaults, in one place. */
export const workloadDefaults = {
    replicas: 2,
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    tmpSizeLimit: "64Mi",
    runAsUser: nonRootId,
};

const digestPinned =
    /^([a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+|[a-z0-9]+(?:[._-][a-z0-9]+)*)(?::[\w][\w.-]{0,127})?@sha256:[a-f0-9]{64}$/;

/** `nginx` -> `docker.io/library/nginx`; `harbor.example.com/apps/web` unchanged. Repository part only. */
export function normalizeRepository(image: string): string {
    const repo = image.split("@")[0].replace(/:[\w][\w.-]*$/, "");
    const first = repo.split("/")[0];
    const hasRegistry =
        repo.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
    if (hasRegistry) return repo;
    return repo.includes("/") ? `docker.io/${repo}` : `docker.io/library/${repo}`;
}

/** Problems with an image reference against the allowed registries, as data (path `image`). */
export function imageErrors(image: string, allowedRegistries?: string[]): FieldError[] {
    if (typeof image !== "string" || !digestPinned.test(image))
        return [
            {
                path: "image",
                value: image,
                message:
                    "is not digest-pinned; use <registry>/<repository>[:tag]@sha256:<64 hex digits> (resolve it with `crane digest` or your registry's UI)",
            },
        ];
    // No list: only the pinning is checked (the missing list is its own problem).
    if (!allowedRegistries) return [];
    const repo = normalizeRepository(image);
    if (
        !allowedRegistries.some(
            (a) => repo === a.replace(/\/$/, "") || repo.startsWith(`${a.replace(/\/$/, "")}/`),
        )
    )
        return [
            {
                path: "image",
                value: image,
                message: `is not from an allowed registry; allowed: ${allowedRegistries.join(", ") || "(none given)"}`,
            },
        ];
    return [];
}

/** Problems with an image reference against the allowed registries, one line each, labelled `where`. */
export function imageProblems(image: string, allowedRegistries: string[], where: string): string[] {
    return formatFieldErrors(imageErrors(image, allowedRegistries), () => where);
}

function envList(env: SecureWorkloadArgs["env"]): WorkloadEnvVar[] {
    if (!env) return [];
    return Array.isArray(env) ? env : Object.entries(env).map(([name, value]) => ({ name, value }));
}

/** Every problem with `args`, as data; paths name the Args field (`ports[0].port`). Pure. */
export function secureWorkloadArgsErrors(args: SecureWorkloadArgs): FieldError[] {
    const e: FieldError[] = [];
    const add = (path: string, value: unknown, message: string) => e.push({ path, value, message });
    if (!isDnsLabel(args.name ?? "")) add("name", args.name, "must be a DNS-1123 label");
    const ns = namespaceName(args.namespace);
    if (!isDnsLabel(ns ?? "")) add("namespace", ns, "must be a namespace name");
    if (!Array.isArray(args.allowedRegistries) || args.allowedRegistries.length === 0)
        add("allowedRegistries", undefined, "must list at least one registry (e.g. your Harbor host)");
    const allowed = args.allowedRegistries ?? [];
    e.push(...imageErrors(args.image, allowed.length > 0 ? allowed : undefined));
    const ports = args.ports ?? [];
    const names = new Set<string>();
    for (const [i, port] of ports.entries()) {
        if (!/^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(port.name ?? "") || !/[a-z]/.test(port.name ?? ""))
            add(
                `ports[${i}].name`,
                port.name,
                "must be a port name (lowercase letters, digits, '-', at most 15, with a letter)",
            );
        if (names.has(port.name)) add(`ports[${i}].name`, port.name, "is used twice");
        names.add(port.name);
        if (!Number.isInteger(port.port) || port.port < 1024 || port.port > 65535)
            add(
                `ports[${i}].port`,
                port.port,
                "must be 1024-65535 (the container runs as non-root without NET_BIND_SERVICE; map 80/443 in the Service instead)",
            );
    }
    for (const v of envList(args.env)) {
        if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(v.name ?? ""))
            add("env", v.name, "is not a valid variable name");
        if (v.valueFrom?.secretKeyRef !== undefined)
            add(
                `env.${v.name}`,
                undefined,
                "reads a Kubernetes Secret (secretKeyRef), which is refused; inject it from Vault with vaultAnnotations (vaultInjection() of components/vault) so no secret sits in env or in state",
            );
        else if (v.value !== undefined && typeof v.value !== "string")
            add(`env.${v.name}`, v.value, "must be a plain string value");
        else if (v.value === undefined && !v.valueFrom)
            add(
                `env.${v.name}`,
                undefined,
                "needs a value or a valueFrom (fieldRef, resourceFieldRef or configMapKeyRef)",
            );
    }
    if (args.replicas !== undefined && (!Number.isInteger(args.replicas) || args.replicas < 1))
        add("replicas", args.replicas, "must be an integer >= 1");
    if (args.runAsUser !== undefined && (!Number.isInteger(args.runAsUser) || args.runAsUser < 1))
        add("runAsUser", args.runAsUser, "must be a non-zero UID");
    if (ports.length === 0 && !args.livenessProbe)
        add(
            "livenessProbe",
            undefined,
            "is required when the workload has no ports (e.g. { exec: { command: [...] } })",
        );
    for (const [k] of Object.entries(args.vaultAnnotations ?? {}))
        if (!k.startsWith("vault.hashicorp.com/"))
            add("vaultAnnotations", k, "keys must start with vault.hashicorp.com/");
    for (const w of args.writablePaths ?? [])
        if (!w.startsWith("/") || w === "/" || w === "/tmp")
            add("writablePaths", w, "must be an absolute path other than / and /tmp");
    for (const [i, a] of (args.egressTo ?? []).entries())
        if (!a.ports || a.ports.length === 0)
            add(
                `egressTo[${i}].ports`,
                undefined,
                "is required (list the ports; every-port egress is not a default)",
            );
    for (const [list, key] of [
        [args.ingressFrom ?? [], "ingressFrom"],
        [args.egressTo ?? [], "egressTo"],
    ] as const)
        for (const [i, a] of list.entries())
            if (a.cidrs && (a.namespace !== undefined || a.pods !== undefined))
                add(`${key}[${i}]`, undefined, "gives cidrs with namespace/pods; use separate entries");
    return e;
}

/** Every problem with `args`, one line each, labelled `SecureWorkload <name>: <field>`. */
export function validateWorkloadArgs(args: SecureWorkloadArgs): string[] {
    return formatFieldErrors(secureWorkloadArgsErrors(args), (f) => `SecureWorkload ${args.name}: ${f}`);
}

/** Every object a SecureWorkload creates, as plain Kubernetes objects. */
export interface WorkloadManifests {
    selector: Labels;
    serviceAccount: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    deployment: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    service?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    podDisruptionBudget: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    networkPolicy?: NetworkPolicyManifest;
}

function probeOf(p: WorkloadProbe): Record<string, unknown> {
    if (p.httpGet) return { httpGet: { ...p.httpGet, scheme: "HTTP" } };
    if (p.tcpSocket) return { tcpSocket: p.tcpSocket };
    return { exec: p.exec };
}

/** The pure builder: validates, then returns every object. Throws ConfigError on bad Args. */
export function workloadManifests(args: SecureWorkloadArgs): WorkloadManifests {
    throwIfProblems(validateWorkloadArgs(args));
    const name = args.name;
    const namespace = namespaceName(args.namespace);
    const selector: Labels = { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": name };
    const labels: Labels = { ...(args.labels ?? {}), ...selector, "app.kubernetes.io/managed-by": "pulumi" };
    const ports = args.ports ?? [];
    const vault = Object.keys(args.vaultAnnotations ?? {}).length > 0;
    const liveness = args.livenessProbe ?? { tcpSocket: { port: ports[0]?.name } };
    const readiness = args.readinessProbe ?? liveness;
    const res = {
        requests: { ...workloadDefaults.resources.requests, ...(args.resources?.requests ?? {}) },
        limits: { ...workloadDefaults.resources.limits, ...(args.resources?.limits ?? {}) },
    };
    const writable = (args.writablePaths ?? []).map((path, i) => ({ name: `writable-${i}`, path }));
    const uid = args.runAsUser ?? workloadDefaults.runAsUser;
    const container = {
        name,
        image: args.image,
        imagePullPolicy: "IfNotPresent",
        ...(args.command ? { command: args.command } : {}),
        ...(args.args ? { args: args.args } : {}),
        ports: ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol ?? "TCP" })),
        env: envList(args.env),
        resources: res,
        securityContext: { ...restrictedContainerSecurityContext, runAsUser: uid, runAsGroup: uid },
        livenessProbe: { ...probeOf(liveness), periodSeconds: 10, failureThreshold: 3 },
        readinessProbe: { ...probeOf(readiness), periodSeconds: 5, failureThreshold: 3 },
        volumeMounts: [
            { name: "tmp", mountPath: "/tmp" },
            ...writable.map((w) => ({ name: w.name, mountPath: w.path })),
        ],
    };
    const podAnnotations = {
        ...(args.podAnnotations ?? {}),
        ...(args.vaultAnnotations ?? {}),
        ...(vault
            ? {
                  "vault.hashicorp.com/agent-service-account-token-volume-name": vaultTokenVolume,
                  "vault.hashicorp.com/auth-config-token-path": `${vaultTokenMountPath}/token`,
              }
            : {}),
    };
    const deployment = {
        metadata: { name, namespace, labels },
        spec: {
            replicas: args.replicas ?? workloadDefaults.replicas,
            revisionHistoryLimit: 3,
            selector: { matchLabels: selector },
            template: {
                metadata: {
                    labels,
                    ...(Object.keys(podAnnotations).length ? { annotations: podAnnotations } : {}),
                },
                spec: {
                    serviceAccountName: name,
                    automountServiceAccountToken: false,
                    enableServiceLinks: false,
                    securityContext: {
                        ...restrictedPodSecurityContext,
                        runAsUser: uid,
                        runAsGroup: uid,
                        fsGroup: uid,
                    },
                    containers: [container],
                    volumes: [
                        { name: "tmp", emptyDir: { sizeLimit: workloadDefaults.tmpSizeLimit } },
                        ...writable.map((w) => ({
                            name: w.name,
                            emptyDir: { sizeLimit: workloadDefaults.tmpSizeLimit },
                        })),
                        ...(vault
                            ? [
                                  {
                                      name: vaultTokenVolume,
                                      projected: {
                                          sources: [
                                              {
                                                  serviceAccountToken: {
                                                      path: "token",
                                                      expirationSeconds: 600,
                                                      // Only Vault accepts it (its roles require this audience).
                                                      audience: vaultDefaults.tokenAudience,
                                                  },
                                              },
                                          ],
                                      },
                                  },
                              ]
                            : []),
                    ],
                    ...(args.imagePullSecrets?.length
                        ? { imagePullSecrets: args.imagePullSecrets.map((n) => ({ name: n })) }
                        : {}),
                },
            },
        },
    };
    const out: WorkloadManifests = {
        selector,
        serviceAccount: { metadata: { name, namespace, labels }, automountServiceAccountToken: false },
        deployment,
        podDisruptionBudget: {
            metadata: { name, namespace, labels },
            spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
        },
    };
    if (ports.length > 0)
        out.service = {
            metadata: { name, namespace, labels },
            spec: {
                type: "ClusterIP",
                selector,
                ports: ports.map((p) => ({
                    name: p.name,
                    port: p.port,
                    targetPort: p.name,
                    protocol: p.protocol ?? "TCP",
                })),
            },
        };
    const defaultPorts = ports.map((p) => `${p.name}/${p.protocol ?? "TCP"}`);
    const ingress: IngressRule[] = (args.ingressFrom ?? []).map((a) =>
        a.cidrs
            ? allowFromCidrs(a.cidrs, a.ports ?? defaultPorts)
            : allowFrom(
                  a.namespace,
                  a.pods ?? (a.namespace === undefined ? {} : undefined),
                  a.ports ?? defaultPorts,
              ),
    );
    const egress: EgressRule[] = (args.egressTo ?? []).map((a) =>
        a.cidrs
            ? allowToCidrs(a.cidrs, a.ports ?? [])
            : allowTo(a.namespace, a.pods ?? (a.namespace === undefined ? {} : undefined), a.ports ?? []),
    );
    if (ingress.length + egress.length > 0)
        out.networkPolicy = networkPolicy(`${name}-allow`, namespace, selector, {
            ...(ingress.length ? { ingress } : {}),
            ...(egress.length ? { egress } : {}),
        });
    return out;
}

/** A hardened Deployment with its ServiceAccount, Service, PDB and NetworkPolicy. Pass the `k8s.Provider` in `opts.provider`. */
export class SecureWorkload extends pulumi.ComponentResource {
    /** Labels selecting this workload's pods (for other workloads' allowances). */
    readonly selector: Labels;
    /** The Deployment. */
    readonly deployment: k8s.apps.v1.Deployment;
    /** In-cluster DNS name of the Service, when the workload has ports. */
    readonly serviceHost?: string;

    constructor(name: string, args: SecureWorkloadArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const m = workloadManifests(args); // validates before anything registers
        super(
            "blueprint:workload:SecureWorkload",
            name,
            {},
            withDependsOn(opts, namespaceResources([args.namespace])),
        );
        const child = { parent: this };
        const sa = new k8s.core.v1.ServiceAccount(`${name}-sa`, m.serviceAccount, child);
        this.deployment = new k8s.apps.v1.Deployment(
            `${name}`,
            { metadata: m.deployment.metadata, spec: m.deployment.spec },
            { parent: this, dependsOn: [sa] },
        );
        if (m.service) new k8s.core.v1.Service(`${name}-svc`, m.service, child);
        new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, m.podDisruptionBudget, child);
        if (m.networkPolicy)
            new k8s.networking.v1.NetworkPolicy(
                `${name}-netpol`,
                { metadata: m.networkPolicy.metadata, spec: m.networkPolicy.spec },
                child,
            );
        this.selector = m.selector;
        this.serviceHost = m.service ? `${args.name}.${namespaceName(args.namespace)}.svc` : undefined;
        this.registerOutputs({ selector: this.selector, serviceHost: this.serviceHost });
    }
}
