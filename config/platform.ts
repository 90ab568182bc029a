/**
 * The blueprint's config, mapped onto SecurityPlatform's Args (issue 19): which parts are on, with which
 * overrides, and the EKS wiring from HardenedCluster. Pure (no resource); index.ts passes the result on.
 */
import type { HardenedCluster } from "../components/cluster/hardenedCluster";
import { SecurityPlatformArgs } from "../components/platform/securityPlatform";
import type { BlueprintConfig } from "./index";
import { readVaultToken } from "./vault";

/** SecurityPlatformArgs for a validated config, on a HardenedCluster (`eks`) or an existing cluster. */
export function securityPlatformArgs(
    cfg: BlueprintConfig,
    eks: HardenedCluster | undefined,
    region: string,
): SecurityPlatformArgs {
    const c = cfg.cluster;
    const example = cfg.example;
    const reg = cfg.registry;
    return {
        storageClass: eks ? eks.storageClassName : c.mode === "existing" ? c.storageClassName : undefined,
        statefulStorageClass: eks
            ? eks.retainStorageClassName
            : c.mode === "existing"
              ? c.storageClassName
              : undefined,
        networkCidr: c.networkCidr,
        serviceCidr: c.serviceCidr,
        eks: eks && {
            oidcProviderArn: eks.oidcProviderArn,
            oidcIssuerUrl: eks.oidcIssuerUrl,
            volumeKeyArn: eks.volumeKeyArn,
            region,
        },
        protectEvidence: c.mode === "eks" ? (c.args.protectEvidence ?? true) : true,
        vaultClientNamespaces: example.enabled ? [example.namespace] : [],
        admission: cfg.admission.enabled && { mode: cfg.admission.mode },
        monitoring: cfg.monitoring.enabled && {
            retention: cfg.monitoring.retention,
            prometheusStorageSize: cfg.monitoring.storageSize,
            alertmanagerStorageSize: cfg.monitoring.alertmanagerStorageSize,
            eks: cfg.monitoring.eks && !!eks,
        },
        vault: cfg.vault.enabled && {
            replicas: cfg.vault.replicas,
            // The example app reads `example/config` from Vault; its role is bound to exactly its service account.
            apps: [
                ...cfg.vault.apps,
                ...(example.enabled
                    ? [
                          {
                              name: "example",
                              namespace: example.namespace,
                              serviceAccount: "example",
                              secretPaths: ["example/config"],
                          },
                      ]
                    : []),
            ],
            address: cfg.vault.address,
            token: readVaultToken(),
        },
        harbor: reg.enabled && {
            host: reg.host,
            tls:
                reg.tlsMode === "alb"
                    ? { mode: "alb", acmCertificateArn: reg.acmCertificateArn, scheme: reg.albScheme }
                    : { mode: "secret", secretName: reg.tlsSecretName },
            ingressClassName: reg.ingressClassName,
            s3Bucket: reg.s3Bucket,
            projects: reg.projects,
            apiReachable: reg.apiReachable,
            vulnerabilitySeverity: reg.vulnerabilitySeverity,
            robotDurationDays: reg.robotDurationDays,
            // Harbor's ingress comes from the configured controller, or from the ALB's subnets in ALB mode.
            ingressFrom:
                reg.tlsMode === "alb"
                    ? { cidrs: reg.albSourceCidrs }
                    : {
                          namespace: reg.ingressControllerNamespace,
                          pods: { "app.kubernetes.io/name": "ingress-nginx" },
                      },
        },
        trivy: cfg.scanning.enabled && { severities: cfg.scanning.severities, airGap: cfg.scanning.airGap },
        falco: cfg.runtime.enabled && {
            priority: cfg.runtime.priority,
            airGapped: cfg.runtime.airGapped,
            shellAllowedImages: cfg.runtime.shellAllowedImages,
            vaultAllowedPorts: cfg.runtime.vaultAllowedPorts,
            cloudwatch: cfg.runtime.cloudwatch,
            logRetentionDays: cfg.runtime.logRetentionDays,
        },
        kubeBench: cfg.compliance.kubeBenchEnabled && {
            schedule: cfg.compliance.kubeBenchSchedule,
            imageDigest: cfg.compliance.kubeBenchImageDigest,
        },
        kubeHunter: cfg.compliance.kubeHunterEnabled && {},
    };
}
