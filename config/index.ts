/**
 * The blueprint's whole stack config: every key of every area (config/<area>.ts), read and validated together so
 * that a user sees every problem at once, one line each, before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../components/lib/errors";
import { AdmissionSettings, admissionKeys, readAdmissionConfig } from "./admission";
import { ClusterConfig, clusterKeys, readClusterConfig } from "./cluster";
import { complianceKeys, ComplianceSettings, readComplianceConfig } from "./compliance";
import { monitoringKeys, MonitoringSettings, readMonitoringConfig } from "./monitoring";
import { ConfigReader } from "./reader";
import { readRegistryConfig, registryKeys, RegistrySettings } from "./registry";
import { readRuntimeConfig, runtimeKeys, RuntimeSettings } from "./runtime";
import { readScanningConfig, scanningKeys, ScanningSettings } from "./scanning";
import { KeySpec } from "./spec";
import { readVaultConfig, vaultKeys, VaultSettings } from "./vault";
import { ExampleWorkloadConfig, readExampleWorkload, workloadKeys } from "./workload";

/** Every project config key, in documentation order. */
export const allKeys: KeySpec[] = [
    ...clusterKeys,
    ...vaultKeys,
    ...registryKeys,
    ...scanningKeys,
    ...monitoringKeys,
    ...runtimeKeys,
    ...complianceKeys,
    ...workloadKeys,
    ...admissionKeys,
];

export interface BlueprintConfig {
    cluster: ClusterConfig;
    vault: VaultSettings;
    registry: RegistrySettings;
    scanning: ScanningSettings;
    monitoring: MonitoringSettings;
    runtime: RuntimeSettings;
    compliance: ComplianceSettings;
    example: ExampleWorkloadConfig;
    admission: AdmissionSettings;
}

/** Reads every key; throws one ConfigError listing all problems of all areas. */
export function readBlueprintConfig(cfg: pulumi.Config = new pulumi.Config()): BlueprintConfig {
    const problems: string[] = [];
    let cluster: ClusterConfig | undefined;
    try {
        cluster = readClusterConfig(cfg);
    } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        problems.push(...e.problems);
    }
    const reader = new ConfigReader(cfg, allKeys);
    const registry = readRegistryConfig(reader);
    const settings = {
        vault: readVaultConfig(reader),
        registry,
        scanning: readScanningConfig(reader, registry.enabled ? registry.host : ""),
        monitoring: readMonitoringConfig(reader),
        runtime: readRuntimeConfig(reader),
        compliance: readComplianceConfig(reader),
        example: readExampleWorkload(reader, registry.enabled ? registry.host : ""),
        admission: readAdmissionConfig(reader),
    };
    // Opt-in AWS features need the provider's region (aws:region), which no project key duplicates.
    const region = new pulumi.Config("aws").get("region");
    if (!region && (settings.registry.s3Bucket || settings.runtime.cloudwatch))
        reader.problem(
            "aws:region",
            "is required by harbor.s3Bucket and falco.cloudwatch; set it with pulumi config set aws:region <region>",
        );
    problems.push(...reader.problems);
    if (problems.length > 0) throw new ConfigError(problems);
    return { cluster: cluster!, ...settings };
}
