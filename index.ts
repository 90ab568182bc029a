/**
 * The blueprint stack: config -> HardenedCluster (or an existing cluster's provider) -> SecurityPlatform -> outputs.
 *
 * 1. Config: every key is read and validated first (config/index.ts); a bad value stops here, before any resource.
 * 2. Cluster: a HardenedCluster (cluster.mode=eks) or any conformant cluster (cluster.mode=existing).
 * 3. SecurityPlatform: namespaces, admission guardrails, monitoring, Vault, Harbor, trivy-operator, Falco,
 *    kube-bench, kube-hunter and the NetworkPolicy flows, in that order (components/platform/securityPlatform.ts).
 * 4. The example workload (off by default), then the outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { readBlueprintConfig } from "./config";
import { securityPlatformArgs } from "./config/platform";
import { apiServiceIp } from "./components/cluster/serviceCidr";
import { existingClusterProvider } from "./components/cluster/existingCluster";
import { HardenedCluster } from "./components/cluster/hardenedCluster";
import { exampleWorkload } from "./components/platform/exampleWorkload";
import { SecurityPlatform } from "./components/platform/securityPlatform";
import { falcoDefaults } from "./components/runtime/falco";

const cfg = readBlueprintConfig();
const c = cfg.cluster;

// --- 2. Cluster -------------------------------------------------------------------------------------------------
/** Falco's CloudWatch log group, when on: the cluster's volume key grants CloudWatch Logs use for its ARN too. */
const falcoLogGroup = cfg.runtime.enabled && cfg.runtime.cloudwatch ? falcoDefaults.logGroupName : undefined;
const eks =
    c.mode === "eks"
        ? new HardenedCluster("cluster", {
              ...c.args,
              extraLogGroupNames: falcoLogGroup ? [falcoLogGroup] : [],
          })
        : undefined;
const provider = eks
    ? eks.provider
    : existingClusterProvider("existing-cluster", c.mode === "existing" ? c : {});
const region = new pulumi.Config("aws").get("region") ?? ""; // required (and checked) only by opt-in AWS features
if (c.mode === "existing")
    pulumi.log.info(
        `NetworkPolicies allow the API server at ${apiServiceIp(c.serviceCidr)} (first address of cluster.serviceCidr=${c.serviceCidr}) and in cluster.vpcCidr=${c.networkCidr}; check with: kubectl get svc kubernetes -n default`,
    );

// --- 3. The in-cluster platform ---------------------------------------------------------------------------------
// Helm releases wait for their pods, so they start once nodes can run pods (node groups + vpc-cni).
const platform = new SecurityPlatform("platform", securityPlatformArgs(cfg, eks, region), {
    provider,
    dependsOn: eks?.nodesReady ?? [],
});

// --- 4. Example workload: restricted, digest-pinned, secrets injected by Vault (no Secret in env, none in state) ---
const { example, registry: reg } = cfg;
if (example.enabled)
    exampleWorkload(
        { ...example, harbor: reg.enabled ? { host: reg.host, project: reg.projects[0] } : undefined },
        platform,
        provider,
    );

// --- Outputs ----------------------------------------------------------------------------------------------------
export const clusterName = eks?.clusterName;
export const clusterEndpoint = eks?.endpoint;
export const oidcProviderArn = eks?.oidcProviderArn;
export const kubeconfig = eks?.kubeconfig; // a Pulumi secret
export const vaultAddress = platform.vaultAddress;
export const vaultCaCert = platform.vaultCaCert;
export const harborUrl = platform.harborUrl;
export const platformNamespaces = Object.entries(platform.namespaceLevels).map(
    ([n, level]) => `${n} (${level})`,
);
