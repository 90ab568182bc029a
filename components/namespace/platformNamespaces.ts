/**
 * The platform's namespaces: one per add-on, restricted and default-deny, labelled `blueprint.io/tier: platform`
 * (app namespaces that read from Vault are tier `app`). Only those whose pods truly need the
 * host are privileged, each with the reason that policy-pack/blueprint.policy-config.json repeats for review.
 */
import { platformNamespaceRegistry, privilegedReasons } from "../../lib/platformNamespaces";
import type { SecureNamespaceArgs } from "./secureNamespace";

// The registry itself is neutral data in lib/ so that the policy pack reads the same names (issue 19).
export {
    platformNamespaceNames,
    platformNamespaceRegistry,
    privilegedReasons,
} from "../../lib/platformNamespaces";

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
    const R = platformNamespaceRegistry;
    const spec = (e: (typeof R)[keyof typeof R]) =>
        e.level === "privileged" ? privileged(e.name) : restricted(e.name);
    if (sel.monitoring) out.push(spec(R.monitoring), spec(R.nodeExporter));
    if (sel.vault) out.push(spec(R.vault));
    if (sel.harbor) out.push(spec(R.harbor));
    if (sel.trivy) out.push(spec(R.trivy));
    if (sel.falco) out.push(spec(R.falco));
    if (sel.kubeBench) out.push(spec(R.kubeBench));
    if (sel.kubeHunter) out.push(spec(R.kubeHunter));
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
