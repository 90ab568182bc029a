/**
 * The platform's namespaces: one per add-on, restricted and default-deny, labelled `blueprint.io/tier: platform`
 * (app namespaces that read from Vault are tier `app`). Only those whose pods truly need the
 * host are privileged, each with the reason that policy-pack/blueprint.policy-config.json repeats for review.
 */
import { SecureNamespaceArgs } from "./secureNamespace";

/** Why each privileged platform namespace is privileged (the same reasons as the reviewed policy config). */
export const privilegedReasons = {
    falco: "Falco's modern eBPF probe reads kernel events of every process on the node: host PID, /proc and /sys.",
    "node-exporter": "node-exporter reads node metrics: hostNetwork, hostPID and read-only host root mounts.",
    "kube-bench":
        "kube-bench runs the CIS node checks: hostPID and read-only hostPath mounts of kubelet config.",
    "trivy-system":
        "trivy-operator's node collector reads node configuration files through hostPath volumes.",
} as const;

/** Which add-ons are on; each adds its namespace. */
export interface PlatformNamespaceSelection {
    vault: boolean;
    harbor: boolean;
    falco: boolean;
    monitoring: boolean;
    trivy: boolean;
    kubeBench: boolean;
    kubeHunter: boolean;
    /** App namespaces that read secrets from Vault (restricted, default-deny, egress to Vault on 8200). */
    vaultClients: string[];
}

/** Quotas sized for an add-on rather than an app team (Prometheus and Harbor need more than the app default). */
const platformQuota = {
    "requests.cpu": "8",
    "requests.memory": "16Gi",
    "limits.cpu": "16",
    "limits.memory": "32Gi",
    pods: "100",
    services: "30",
    "services.loadbalancers": "0",
    "services.nodeports": "0",
    persistentvolumeclaims: "20",
    "requests.storage": "500Gi",
};

function restricted(name: string): SecureNamespaceArgs {
    return { name, tier: "platform", podSecurityLevel: "restricted", quota: platformQuota };
}

function privileged(name: keyof typeof privilegedReasons): SecureNamespaceArgs {
    return {
        name,
        tier: "platform",
        podSecurityLevel: "privileged",
        // Audit and warn stay restricted, so every privileged pod still shows up in audit logs and kubectl warnings.
        podSecurityAuditLevel: "restricted",
        podSecurityWarnLevel: "restricted",
        exemptionReason: privilegedReasons[name],
        quota: platformQuota,
    };
}

/** The namespaces to create, in creation order. */
export function platformNamespaceSpecs(sel: PlatformNamespaceSelection): SecureNamespaceArgs[] {
    const out: SecureNamespaceArgs[] = [];
    if (sel.monitoring) out.push(restricted("monitoring"), privileged("node-exporter"));
    if (sel.vault) out.push(restricted("vault"));
    if (sel.harbor) out.push(restricted("harbor"));
    if (sel.trivy) out.push(privileged("trivy-system"));
    if (sel.falco) out.push(privileged("falco"));
    if (sel.kubeBench) out.push(privileged("kube-bench"));
    if (sel.kubeHunter) out.push(restricted("kube-hunter"));
    // App namespaces: tier "app", so the policy pack accepts only Harbor's (or appRegistries') digest-pinned images.
    for (const app of sel.vaultClients)
        out.push({
            name: app,
            tier: "app",
            podSecurityLevel: "restricted",
            vaultClient: { namespace: "vault" },
        });
    return out;
}
