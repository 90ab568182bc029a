/**
 * Pure Helm values builder for the `vault` chart (pinned below). Every key set here exists in the chart's
 * values.yaml and the whole object validates against its values.schema.json (test/vault/values.test.ts).
 */
import { restrictedContainerSecurityContext } from "../lib/security-context";
import { serverConfigHcl, tlsFiles, tlsMountPath } from "./hcl";

/** The chart, pinned. */
export const vaultChart = {
    chart: "vault",
    version: "0.34.1",
    repo: "https://helm.releases.hashicorp.com",
} as const;

/** Defaults of the Vault component, in one place. */
export const vaultDefaults = {
    /** Helm release name; with chart "vault" it is also the chart's fullname, so Services are `vault`, `vault-active`, ... */
    releaseName: "vault",
    replicas: 3,
    injectorReplicas: 2,
    storageClass: "gp3-encrypted",
    dataStorageSize: "10Gi",
    auditStorageSize: "10Gi",
    /** Kubernetes Secret (type kubernetes.io/tls, plus ca.crt) holding the server certificate. */
    tlsSecretName: "vault-tls",
    /** Secret holding only `ca.crt`, for clients: the ServiceMonitor and the injected agents (`tls-secret`). */
    caSecretName: "vault-ca",
    /** CA and server certificate lifetimes, in hours. */
    caValidityHours: 5 * 365 * 24,
    certValidityHours: 365 * 24,
    /** UID/GID of the `vault` user in the hashicorp/vault and hashicorp/vault-k8s images (the chart's defaults). */
    uid: 100,
    gid: 1000,
    monitoring: false,
    /** Namespace label that opts a namespace in to agent injection (SecureNamespace's `vaultClient` sets it). */
    clientNamespaceLabel: "blueprint.io/vault-client",
    /** Audience of the projected service-account tokens agents log in with, and of every Kubernetes auth role. */
    tokenAudience: "vault",
} as const;

/** Input of {@link buildVaultValues}: plain values only (the component resolves Outputs first). */
export interface VaultValuesInput {
    /** Namespace the release is installed into. */
    namespace: string;
    /** Raft voters (odd, 3..7). */
    replicas: number;
    /** Injector webhook replicas. */
    injectorReplicas: number;
    /** StorageClass of the data and audit volumes (encrypted). */
    storageClass: string;
    /** Size of each pod's Raft data volume. */
    dataStorageSize: string;
    /** Size of each pod's audit log volume. */
    auditStorageSize: string;
    /** Telemetry stanza + ServiceMonitor (needs the Prometheus Operator CRDs). */
    monitoring: boolean;
    /** Labels on the ServiceMonitor so Prometheus selects it; chart default `release: prometheus`. */
    serviceMonitorSelectors?: Record<string, string>;
    /** AWS KMS auto-unseal: region and key id for the seal stanza, IRSA role for the server service account. */
    seal?: { region: string; kmsKeyId: string; roleArn: string };
    /**
     * Namespaces the injector webhook never intercepts, even when labelled (with failurePolicy Fail). The webhook
     * only selects namespaces labelled `blueprint.io/vault-client=true` in any case.
     */
    webhookExcludedNamespaces: string[];
}

/** Pod security context of the server and injector: restricted, as the image's `vault` user. */
export function vaultPodSecurityContext(): Record<string, unknown> {
    return {
        runAsNonRoot: true,
        runAsUser: vaultDefaults.uid,
        runAsGroup: vaultDefaults.gid,
        fsGroup: vaultDefaults.gid,
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/** Container security context of the server and injector: the shared restricted context. */
export function vaultContainerSecurityContext(): Record<string, unknown> {
    return {
        ...restrictedContainerSecurityContext,
        capabilities: { drop: [...restrictedContainerSecurityContext.capabilities.drop] },
        seccompProfile: { ...restrictedContainerSecurityContext.seccompProfile },
    };
}

/**
 * Environment of the injector: the agent containers it injects run as a non-root UID/GID with a security context
 * (vault-k8s then sets runAsNonRoot, allowPrivilegeEscalation false, drop ALL, readOnlyRootFilesystem). The chart
 * has no agentDefaults key for this; vault-k8s reads these AGENT_INJECT_* variables.
 */
export function injectorAgentEnv(): Record<string, string> {
    return {
        AGENT_INJECT_SET_SECURITY_CONTEXT: "true",
        AGENT_INJECT_RUN_AS_USER: String(vaultDefaults.uid),
        AGENT_INJECT_RUN_AS_GROUP: String(vaultDefaults.gid),
        AGENT_INJECT_RUN_AS_SAME_USER: "false",
    };
}

/**
 * Paths below which values.yaml has an empty map (or a Kubernetes-typed object) that we fill with Kubernetes API
 * fields or free-form content. `unknownKeys()` does not descend into them.
 */
export const vaultFreeFormValues = [
    "server.ha.raft.config", // the HCL string
    "server.extraEnvironmentVars", // env name -> value
    "server.serviceAccount.annotations", // annotations
    "server.statefulSet.securityContext.pod", // core/v1 PodSecurityContext
    "server.statefulSet.securityContext.container", // core/v1 SecurityContext
    "server.resources", // core/v1 ResourceRequirements
    "injector.extraEnvironmentVars", // env name -> value
    "injector.securityContext.pod", // core/v1 PodSecurityContext
    "injector.securityContext.container", // core/v1 SecurityContext
    "injector.resources", // core/v1 ResourceRequirements
    "injector.podDisruptionBudget", // policy/v1 PodDisruptionBudgetSpec fields (values.yaml documents maxUnavailable)
    "injector.webhook.namespaceSelector", // meta/v1 LabelSelector
    "serverTelemetry.serviceMonitor.selectors", // labels
    "serverTelemetry.serviceMonitor.tlsConfig", // monitoring.coreos.com/v1 TLSConfig
];

/** Builds the chart values. Pure: same input, same object. */
export function buildVaultValues(input: VaultValuesInput): Record<string, unknown> {
    const name = vaultDefaults.releaseName;
    const config = serverConfigHcl({
        releaseName: name,
        replicas: input.replicas,
        seal: input.seal ? { region: input.seal.region, kmsKeyId: input.seal.kmsKeyId } : undefined,
        telemetry: input.monitoring,
    });
    const env: Record<string, string> = { VAULT_CACERT: tlsFiles.ca };
    if (input.seal) env.AWS_REGION = input.seal.region;

    return {
        global: {
            enabled: true,
            // TLS end to end: the chart's scheme (probes, VAULT_ADDR, injector address) becomes https. The listener
            // files are in the HCL; setting only one of the two is the classic mistake.
            tlsDisable: false,
        },
        injector: {
            enabled: true,
            replicas: input.injectorReplicas,
            leaderElector: { enabled: true },
            // Fail closed: a pod that asks for secrets is not admitted without its agent.
            failurePolicy: "Fail",
            webhook: {
                failurePolicy: "Fail",
                // Opt-in: only Vault-client namespaces. A fail-closed webhook over every namespace turns an injector
                // outage into "no pod can be created" in kube-system's neighbours and the whole platform.
                namespaceSelector: {
                    matchLabels: { [vaultDefaults.clientNamespaceLabel]: "true" },
                    matchExpressions: [
                        {
                            key: "kubernetes.io/metadata.name",
                            operator: "NotIn",
                            values: [...input.webhookExcludedNamespaces],
                        },
                    ],
                },
            },
            extraEnvironmentVars: injectorAgentEnv(),
            securityContext: { pod: vaultPodSecurityContext(), container: vaultContainerSecurityContext() },
            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "250m", memory: "128Mi" } },
            podDisruptionBudget: { maxUnavailable: 1 },
        },
        server: {
            enabled: true,
            ha: {
                enabled: true,
                replicas: input.replicas,
                // The pod's DNS name (covered by the certificate), not its IP. VAULT_K8S_POD_NAME is defined before
                // VAULT_API_ADDR in the StatefulSet, so Kubernetes expands it.
                apiAddr: `https://$(VAULT_K8S_POD_NAME).${name}-internal:8200`,
                raft: { enabled: true, setNodeId: true, config },
                disruptionBudget: { enabled: true },
            },
            dataStorage: { enabled: true, storageClass: input.storageClass, size: input.dataStorageSize },
            auditStorage: { enabled: true, storageClass: input.storageClass, size: input.auditStorageSize },
            extraEnvironmentVars: env,
            volumes: [
                {
                    name: "vault-tls",
                    secret: { secretName: vaultDefaults.tlsSecretName, defaultMode: 0o440 },
                },
                // The chart's start script writes the rendered config to /tmp; the root filesystem is read-only.
                { name: "tmp", emptyDir: { sizeLimit: "16Mi" } },
            ],
            volumeMounts: [
                { name: "vault-tls", mountPath: tlsMountPath, readOnly: true },
                { name: "tmp", mountPath: "/tmp" },
            ],
            serviceAccount: {
                create: true,
                // Named explicitly: the IRSA trust policy pins exactly system:serviceaccount:<namespace>:vault.
                name,
                annotations: input.seal ? { "eks.amazonaws.com/role-arn": input.seal.roleArn } : {},
            },
            statefulSet: {
                securityContext: {
                    pod: vaultPodSecurityContext(),
                    container: vaultContainerSecurityContext(),
                },
            },
            resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
            authDelegator: { enabled: true },
        },
        ui: { enabled: false },
        csi: { enabled: false },
        serverTelemetry: {
            serviceMonitor: {
                enabled: input.monitoring,
                ...(input.serviceMonitorSelectors ? { selectors: { ...input.serviceMonitorSelectors } } : {}),
                // Verify the server certificate instead of the chart's insecureSkipVerify default.
                tlsConfig: {
                    ca: { secret: { name: vaultDefaults.caSecretName, key: "ca.crt" } },
                    serverName: `${name}-active.${input.namespace}.svc`,
                },
            },
        },
    };
}

/** DNS names the server certificate covers: every Service name form and every pod behind the headless Service. */
export function serverCertDnsNames(
    namespace: string,
    releaseName: string = vaultDefaults.releaseName,
): string[] {
    const out: string[] = [];
    for (const svc of [
        releaseName,
        `${releaseName}-active`,
        `${releaseName}-standby`,
        `${releaseName}-internal`,
    ]) {
        out.push(
            svc,
            `${svc}.${namespace}`,
            `${svc}.${namespace}.svc`,
            `${svc}.${namespace}.svc.cluster.local`,
        );
    }
    out.push(
        `*.${releaseName}-internal`,
        `*.${releaseName}-internal.${namespace}`,
        `*.${releaseName}-internal.${namespace}.svc`,
        `*.${releaseName}-internal.${namespace}.svc.cluster.local`,
    );
    return out;
}

/** IP SANs of the server certificate: loopback, for the CLI and probes inside the pod (VAULT_ADDR=https://127.0.0.1:8200). */
export const serverCertIpAddresses = ["127.0.0.1"];
