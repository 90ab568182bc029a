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
        default: "15d",
        description: "Prometheus retention, a Prometheus duration such as 15d or 12h.",
    },
    {
        key: "monitoring.storageSize",
        type: "string",
        default: "50Gi",
        description: "Size of Prometheus' volume on the encrypted StorageClass, e.g. 50Gi.",
    },
    {
        key: "monitoring.alertmanagerStorageSize",
        type: "string",
        default: "10Gi",
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

const quantity = { pattern: /^[1-9][0-9]*(Mi|Gi|Ti)$/, what: "a quantity such as 50Gi (Mi, Gi or Ti)" };

/** Reads and validates the monitoring.* keys; problems go to the reader (call `reader.done()` afterwards). */
export function readMonitoringConfig(reader: ConfigReader): MonitoringSettings {
    return {
        enabled: reader.boolean("monitoring.enabled"),
        retention: reader.string("monitoring.retention", {
            pattern: /^([0-9]+(ms|s|m|h|d|w|y))+$/,
            what: "a Prometheus duration such as 15d, 12h or 2w",
        }),
        storageSize: reader.string("monitoring.storageSize", quantity),
        alertmanagerStorageSize: reader.string("monitoring.alertmanagerStorageSize", quantity),
        eks: reader.boolean("monitoring.eks"),
    };
}
