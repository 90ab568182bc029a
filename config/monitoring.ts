import { monitoringDefaults, resolveMonitoringArgs } from "../components/monitoring/kubePrometheusStack";
import { ConfigReader } from "./reader";
import { KeySpec } from "./spec";

/** Stack config of the monitoring stack (issue 8): kube-prometheus-stack, dashboards and security alerts. */
export const monitoringKeys: KeySpec[] = [
    {
        key: "monitoring.enabled",
        type: "boolean",
        default: true,
        description:
            "Install kube-prometheus-stack (Prometheus, Alertmanager, Grafana) with the security dashboards and alerts.",
    },
    {
        key: "monitoring.retention",
        type: "string",
        default: monitoringDefaults.retention,
        description: "Prometheus retention, a Prometheus duration such as 15d or 12h.",
    },
    {
        key: "monitoring.storageSize",
        type: "string",
        default: monitoringDefaults.prometheusStorageSize,
        description: "Size of Prometheus' volume on the encrypted StorageClass, e.g. 50Gi.",
    },
    {
        key: "monitoring.alertmanagerStorageSize",
        type: "string",
        default: monitoringDefaults.alertmanagerStorageSize,
        description: "Size of Alertmanager's volume on the encrypted StorageClass.",
    },
    {
        key: "monitoring.eks",
        type: "boolean",
        default: true,
        description:
            "Disable the control-plane scrape targets EKS hides (controller-manager, scheduler, etcd, kube-proxy). Set false on clusters that expose them.",
    },
];

/** Typed monitoring settings. */
export interface MonitoringSettings {
    enabled: boolean;
    retention: string;
    storageSize: string;
    alertmanagerStorageSize: string;
    eks: boolean;
}

/** Maps KubePrometheusStackArgs fields (validator paths) to the config keys that set them. */
export const MONITORING_CONFIG_KEYS: Record<string, string> = {
    retention: "monitoring.retention",
    prometheusStorageSize: "monitoring.storageSize",
    alertmanagerStorageSize: "monitoring.alertmanagerStorageSize",
};

/**
 * Reads the monitoring.* keys and validates them with KubePrometheusStack's own validator (problems name the config
 * key); problems go to the reader (call `reader.done()` afterwards).
 */
export function readMonitoringConfig(reader: ConfigReader): MonitoringSettings {
    const settings: MonitoringSettings = {
        enabled: reader.boolean("monitoring.enabled"),
        retention: reader.string("monitoring.retention"),
        storageSize: reader.string("monitoring.storageSize"),
        alertmanagerStorageSize: reader.string("monitoring.alertmanagerStorageSize"),
        eks: reader.boolean("monitoring.eks"),
    };
    reader.validateWith(
        resolveMonitoringArgs({
            namespace: "monitoring",
            retention: settings.retention,
            prometheusStorageSize: settings.storageSize,
            alertmanagerStorageSize: settings.alertmanagerStorageSize,
        }).errors,
        MONITORING_CONFIG_KEYS,
        "KubePrometheusStackArgs",
    );
    return settings;
}
