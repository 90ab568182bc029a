/**
 * The platform's namespaces, as data: one per add-on. Neutral (lib/), so that the components (which create them) and
 * the policy pack (whose defaults protect them) read one list. policy-pack/blueprint.policy-config.json repeats the
 * privileged ones' reasons for review.
 */

/**
 * The one registry of platform namespaces (issue 19): per add-on its namespace name and Pod Security level; a
 * privileged one has its reviewed reason in {@link privilegedReasons}. SecurityPlatform, the flow catalogue's
 * defaults, Falco's rule defaults, the policy pack's defaults and the docs read it from here.
 */
export const platformNamespaceRegistry = {
    vault: { name: "vault", level: "restricted" },
    harbor: { name: "harbor", level: "restricted" },
    falco: { name: "falco", level: "privileged" },
    monitoring: { name: "monitoring", level: "restricted" },
    nodeExporter: { name: "node-exporter", level: "privileged" },
    trivy: { name: "trivy-system", level: "privileged" },
    kubeBench: { name: "kube-bench", level: "privileged" },
    kubeHunter: { name: "kube-hunter", level: "restricted" },
} as const;

/** The platform's namespace names, by add-on. */
export const platformNamespaceNames = Object.fromEntries(
    Object.entries(platformNamespaceRegistry).map(([k, v]) => [k, v.name]),
) as { [K in keyof typeof platformNamespaceRegistry]: (typeof platformNamespaceRegistry)[K]["name"] };

/** Why each privileged platform namespace is privileged (the same reasons as the reviewed policy config). */
export const privilegedReasons = {
    falco: "Falco's modern eBPF probe reads kernel events of every process on the node: host PID, /proc and /sys.",
    "node-exporter": "node-exporter reads node metrics: hostNetwork, hostPID and read-only host root mounts.",
    "kube-bench":
        "kube-bench runs the CIS node checks: hostPID and read-only hostPath mounts of kubelet config.",
    "trivy-system":
        "trivy-operator's node collector reads node configuration files through hostPath volumes.",
} as const;
