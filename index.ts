/**
 * The blueprint stack: typed config -> validated args -> components -> resources.
 *
 * 1. Config: every key is read and validated first (config/index.ts); a bad value stops here, before any resource.
 * 2. Cluster: a HardenedCluster (cluster.mode=eks) or any conformant cluster (cluster.mode=existing).
 * 3. Platform namespaces: restricted and default-deny, privileged only where a reviewed exemption says why.
 * 4. Add-ons, each in its own namespace, with ordering declared explicitly (dependsOn) and nothing else.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { readBlueprintConfig } from "./config";
import { readVaultToken } from "./config/vault";
import { AdmissionGuardrails } from "./components/admission/admissionGuardrails";
import blueprintPolicyConfig from "./policy-pack/blueprint.policy-config.json";
import { CLUSTER_DEFAULTS } from "./components/cluster/defaults";
import { apiServiceIp } from "./components/cluster/serviceCidr";
import { existingClusterProvider } from "./components/cluster/existingCluster";
import { HardenedCluster } from "./components/cluster/hardenedCluster";
import { KubeBench } from "./components/compliance/kubeBench";
import { KubeHunter } from "./components/compliance/kubeHunter";
import { KubePrometheusStack } from "./components/monitoring/kubePrometheusStack";
import { platformNamespaceSpecs } from "./components/namespace/platformNamespaces";
import { SecureNamespace } from "./components/namespace/secureNamespace";
import { Harbor } from "./components/registry/harbor";
import { HarborProject } from "./components/registry/harborProject";
import { harborProjectsPending } from "./components/registry/harborGate";
import { harborImagePullSecret } from "./components/registry/pullSecret";
import { Falco, falcoDefaults } from "./components/runtime/falco";
import { TrivyOperator } from "./components/scanning/trivyOperator";
import { kvDataPath } from "./components/vault/hcl";
import { vaultInjection } from "./components/vault/injection";
import { Vault } from "./components/vault/vault";
import { VaultApp } from "./components/vault/vaultConfig";
import { PlatformNetworkPolicies } from "./components/network/platformNetworkPolicies";
import { SecureWorkload } from "./components/workload/secureWorkload";
import { VaultConfig, vaultConfigPending } from "./components/vault/vaultConfig";

const cfg = readBlueprintConfig();

// --- 2. Cluster -------------------------------------------------------------------------------------------------
/** Falco's CloudWatch log group, when on: the cluster's volume key grants CloudWatch Logs use for its ARN too. */
const falcoLogGroup = cfg.runtime.enabled && cfg.runtime.cloudwatch ? falcoDefaults.logGroupName : undefined;
const eks =
    cfg.cluster.mode === "eks"
        ? new HardenedCluster("cluster", {
              ...cfg.cluster.args,
              extraLogGroupNames: falcoLogGroup ? [falcoLogGroup] : [],
          })
        : undefined;
const provider: k8s.Provider = eks
    ? eks.provider
    : existingClusterProvider("existing-cluster", cfg.cluster.mode === "existing" ? cfg.cluster : {});
const storageClass = eks
    ? eks.storageClassName
    : cfg.cluster.mode === "existing"
      ? cfg.cluster.storageClassName
      : CLUSTER_DEFAULTS.storageClassName;
/** Stateful platform volumes (Vault, Harbor) use a Retain class on EKS; bring one with cluster.storageClassName. */
const statefulStorageClass = eks ? eks.retainStorageClassName : storageClass;
const protectEvidence = cfg.cluster.mode === "eks" ? (cfg.cluster.args.protectEvidence ?? true) : true;
/**
 * Helm releases wait for their pods, so they start once nodes can run pods (node groups + vpc-cni). They need not
 * wait for CoreDNS to finish installing: it comes up alongside them, and pods retry DNS until it does.
 */
const clusterReady: pulumi.Resource[] = eks?.nodesReady ?? [];
const region = new pulumi.Config("aws").get("region") ?? ""; // required (and checked) only by opt-in AWS features
/** Addresses of the cluster's network: where the EKS control plane's ENIs and the nodes live. */
const vpcCidr = cfg.cluster.networkCidr;
/** The cluster's Service CIDR: its first address is the `kubernetes` API Service that pods dial. */
const serviceCidr = cfg.cluster.serviceCidr;
if (cfg.cluster.mode === "existing")
    pulumi.log.info(
        `NetworkPolicies allow the API server at ${apiServiceIp(serviceCidr)} (first address of cluster.serviceCidr=${serviceCidr}) and in cluster.vpcCidr=${vpcCidr}; check with: kubectl get svc kubernetes -n default`,
    );

// --- 3. Platform namespaces -------------------------------------------------------------------------------------
const nsSpecs = platformNamespaceSpecs({
    vault: cfg.vault.enabled,
    harbor: cfg.registry.enabled,
    falco: cfg.runtime.enabled,
    monitoring: cfg.monitoring.enabled,
    trivy: cfg.scanning.enabled,
    kubeBench: cfg.compliance.kubeBenchEnabled,
    kubeHunter: cfg.compliance.kubeHunterEnabled,
    vaultClients: cfg.example.enabled ? [cfg.example.namespace] : [],
});
const namespaces: Record<string, SecureNamespace> = {};
for (const spec of nsSpecs) {
    namespaces[spec.name] = new SecureNamespace(`ns-${spec.name}`, spec, { provider });
}
const ns = (name: string): pulumi.Resource[] => (namespaces[name] ? [namespaces[name]] : []);

// --- 3b. Admission-time guardrails (issue 18) -------------------------------------------------------------------
// The pack's single-object policies as ValidatingAdmissionPolicies, with the same levels and exemptions as preview:
// kubectl, GitOps controllers and operators face them too. After the namespaces, so their PSA labels are checked.
if (cfg.admission.enabled)
    new AdmissionGuardrails(
        "admission",
        { mode: cfg.admission.mode, policyConfig: blueprintPolicyConfig },
        { provider, dependsOn: Object.values(namespaces) },
    );

// --- 4. Add-ons -------------------------------------------------------------------------------------------------
const monitoring = cfg.monitoring.enabled
    ? new KubePrometheusStack(
          "monitoring",
          {
              namespace: "monitoring",
              nodeExporterNamespace: "node-exporter",
              provider,
              storageClass,
              retention: cfg.monitoring.retention,
              prometheusStorageSize: cfg.monitoring.storageSize,
              alertmanagerStorageSize: cfg.monitoring.alertmanagerStorageSize,
              eks: cfg.monitoring.eks && !!eks,
          },
          { provider, dependsOn: [...ns("monitoring"), ...ns("node-exporter"), ...clusterReady] },
      )
    : undefined;
/** Components that create ServiceMonitors or PrometheusRules need the operator's CRDs first (not the whole stack). */
const afterMonitoring: pulumi.Resource[] = monitoring ? [monitoring.crds] : [];

/** The example app reads `example/config` from Vault; its role is bound to exactly its service account. */
const exampleApp: VaultApp | undefined = cfg.example.enabled
    ? {
          name: "example",
          namespace: cfg.example.namespace,
          serviceAccount: "example",
          secretPaths: ["example/config"],
      }
    : undefined;
const vaultApps: VaultApp[] = [...cfg.vault.apps, ...(exampleApp ? [exampleApp] : [])];

let vault: Vault | undefined;
if (cfg.vault.enabled) {
    vault = new Vault(
        "vault",
        {
            namespace: "vault",
            provider,
            replicas: cfg.vault.replicas,
            storageClass: statefulStorageClass,
            protectUnsealKey: protectEvidence,
            monitoring: !!monitoring,
            awsKmsUnseal: eks
                ? { oidcProviderArn: eks.oidcProviderArn, oidcIssuerUrl: eks.oidcIssuerUrl }
                : undefined,
            caSecretNamespaces: [...new Set(vaultApps.map((a) => a.namespace))],
        },
        {
            provider,
            dependsOn: [
                ...ns("vault"),
                ...vaultApps.flatMap((a) => ns(a.namespace)),
                ...afterMonitoring,
                ...clusterReady,
            ],
        },
    );
    const token = readVaultToken();
    const pending = vaultConfigPending({ address: cfg.vault.address, token });
    if (pending) pulumi.log.info(pending);
    else
        new VaultConfig(
            "vault-config",
            { address: cfg.vault.address, token: token!, caCertPem: vault.caCertPem, apps: vaultApps },
            { dependsOn: [vault] },
        );
}

let harbor: Harbor | undefined;
/** Pull-only robot of each Harbor project, by project name. */
const harborProjects: Record<string, HarborProject> = {};
if (cfg.registry.enabled) {
    const reg = cfg.registry;
    harbor = new Harbor(
        "harbor",
        {
            namespace: "harbor",
            host: reg.host,
            tls:
                reg.tlsMode === "alb"
                    ? { mode: "alb", acmCertificateArn: reg.acmCertificateArn, scheme: reg.albScheme }
                    : { mode: "secret", secretName: reg.tlsSecretName },
            ingressClassName: reg.ingressClassName,
            monitoring: !!monitoring,
            storageClass: statefulStorageClass,
            s3:
                reg.s3Bucket && eks
                    ? {
                          bucketName: reg.s3Bucket,
                          region,
                          oidcProviderArn: eks.oidcProviderArn,
                          oidcIssuerUrl: eks.oidcIssuerUrl,
                      }
                    : undefined,
        },
        { provider, dependsOn: [...ns("harbor"), ...afterMonitoring, ...clusterReady] },
    );
    // Phase 2 only: HarborProject calls https://<host>/api/v2.0, which the first `up` cannot reach yet.
    const harborPending = harborProjectsPending(reg);
    if (harborPending) pulumi.log.info(harborPending);
    for (const project of harborPending ? [] : reg.projects) {
        harborProjects[project] = new HarborProject(
            `harbor-${project}`,
            {
                harborUrl: harbor.url,
                password: harbor.adminPassword,
                projectName: project,
                severity: reg.vulnerabilitySeverity,
                robotDurationDays: reg.robotDurationDays,
            },
            { dependsOn: [harbor] },
        );
    }
}

if (cfg.scanning.enabled) {
    new TrivyOperator(
        "trivy-operator",
        {
            namespace: "trivy-system",
            severities: cfg.scanning.severities,
            monitoring: !!monitoring,
            storageClass,
            airGap: cfg.scanning.airGap,
        },
        { provider, dependsOn: [...ns("trivy-system"), ...afterMonitoring, ...clusterReady] },
    );
}

if (cfg.runtime.enabled) {
    const rt = cfg.runtime;
    new Falco(
        "falco",
        {
            namespace: "falco",
            provider,
            dependsOn: [...ns("falco"), ...afterMonitoring, ...clusterReady],
            priority: rt.priority,
            airGapped: rt.airGapped,
            shellAllowedImages: rt.shellAllowedImages,
            vaultAllowedPorts: rt.vaultAllowedPorts,
            vaultNamespace: "vault",
            platformNamespaces: nsSpecs.map((s) => s.name),
            cloudwatch:
                rt.cloudwatch && eks
                    ? {
                          oidcProviderArn: eks.oidcProviderArn,
                          oidcIssuerUrl: eks.oidcIssuerUrl,
                          region,
                          kmsKeyArn: eks.volumeKeyArn,
                          logGroupName: falcoLogGroup,
                          retentionInDays: rt.logRetentionDays,
                          protect: protectEvidence,
                      }
                    : undefined,
        },
        { provider },
    );
}

if (cfg.compliance.kubeBenchEnabled) {
    new KubeBench(
        "kube-bench",
        {
            namespace: "kube-bench",
            provider,
            schedule: cfg.compliance.kubeBenchSchedule,
            imageDigest: cfg.compliance.kubeBenchImageDigest,
        },
        { provider, dependsOn: [...ns("kube-bench"), ...clusterReady] },
    );
}
if (cfg.compliance.kubeHunterEnabled) {
    new KubeHunter(
        "kube-hunter",
        { namespace: "kube-hunter", provider },
        { provider, dependsOn: [...ns("kube-hunter"), ...clusterReady] },
    );
    // Its probe flows (API server, kubelets) come from the flow catalogue below (kubeHunterFlows).
}

// --- Network: explicit allow rules for every platform flow, on top of each namespace's default-deny ----------------
// The flow catalogue is the ONLY author of platform NetworkPolicies; Harbor, trivy-operator and kube-hunter
// contribute their flows to it (issue 13, item 16).
new PlatformNetworkPolicies(
    "platform-flows",
    {
        // The EKS control plane (API server -> webhooks) reaches pods from the cluster VPC's addresses; pods reach
        // the API server at the `kubernetes` Service VIP (first address of the Service CIDR) and at those ENIs.
        controlPlaneCidrs: [vpcCidr],
        serviceCidr,
        // Harbor's ingress comes from the configured controller, or from the ALB's subnets in ALB mode.
        ingressFrom:
            cfg.registry.tlsMode === "alb"
                ? { cidrs: cfg.registry.albSourceCidrs }
                : {
                      namespace: cfg.registry.ingressControllerNamespace,
                      pods: { "app.kubernetes.io/name": "ingress-nginx" },
                  },
        namespaces: {
            vault: cfg.vault.enabled && "vault",
            harbor: cfg.registry.enabled && "harbor",
            falco: cfg.runtime.enabled && "falco",
            monitoring: cfg.monitoring.enabled && "monitoring",
            trivy: cfg.scanning.enabled && "trivy-system",
            kubeBench: cfg.compliance.kubeBenchEnabled && "kube-bench",
            nodeExporter: cfg.monitoring.enabled && "node-exporter",
            kubeHunter: cfg.compliance.kubeHunterEnabled && "kube-hunter",
        },
    },
    { provider, dependsOn: Object.values(namespaces) },
);

// --- Example workload: restricted, digest-pinned, secrets injected by Vault (no Secret in env, none in state) ------
if (cfg.example.enabled) {
    // App namespaces pull from Harbor with the first project's pull-only robot; its secret stays a Pulumi secret.
    const project = harbor ? harborProjects[cfg.registry.projects[0]] : undefined;
    const pullSecret = project
        ? harborImagePullSecret(
              "example-harbor-pull",
              {
                  namespace: cfg.example.namespace,
                  registryHost: cfg.registry.host,
                  username: project.robotFullName,
                  password: project.robotSecret,
              },
              { provider, dependsOn: ns(cfg.example.namespace) },
          )
        : undefined;
    new SecureWorkload(
        "example",
        {
            name: "example",
            namespace: cfg.example.namespace,
            image: cfg.example.image,
            allowedRegistries: cfg.example.allowedRegistries.length
                ? cfg.example.allowedRegistries
                : harbor
                  ? [cfg.registry.host]
                  : [],
            ports: [{ name: "http", port: cfg.example.port }],
            replicas: cfg.example.replicas,
            imagePullSecrets: pullSecret ? ["harbor-pull"] : undefined,
            vaultAnnotations: vault
                ? vaultInjection({
                      role: "example",
                      secrets: [{ path: kvDataPath("apps", "example/config"), file: "config.env" }],
                  })
                : undefined,
        },
        { provider, dependsOn: [...ns(cfg.example.namespace), ...(pullSecret ? [pullSecret] : [])] },
    );
}

// --- Outputs ----------------------------------------------------------------------------------------------------
export const clusterName = eks?.clusterName;
export const clusterEndpoint = eks?.endpoint;
export const oidcProviderArn = eks?.oidcProviderArn;
export const kubeconfig = eks?.kubeconfig; // a Pulumi secret
export const vaultAddress = vault?.address;
export const vaultCaCert = vault?.caCertPem;
export const harborUrl = harbor?.url;
export const platformNamespaces = nsSpecs.map((s) => `${s.name} (${s.podSecurityLevel ?? "restricted"})`);
