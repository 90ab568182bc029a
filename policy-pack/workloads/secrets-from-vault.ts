/**
 * Application secrets belong in Vault (issue 6): injected by the Vault agent, never stored as a Kubernetes
 * Secret with literal data in Pulumi state and etcd (CIS EKS 4.4.2, the brief's R3/Q10/Q11). TLS secrets
 * (type kubernetes.io/tls) are exempt by the check itself: ingress controllers and webhooks read them from the
 * API; so are Helm's release records (type helm.sh/release.v1), which admission sees for every release. The blueprint's own bootstrap secrets are exempted in config, each with its reason.
 */
import { ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { celStringList } from "../lib/admission";

/** Secret types that legitimately hold data Vault cannot inject. */
const exemptTypes = new Set([
    "kubernetes.io/tls",
    "kubernetes.io/service-account-token",
    // Helm's release records (what `helm install` stores for each release revision, e.g. the blueprint's charts).
    "helm.sh/release.v1",
]);

export const defaultSystemNamespaces = ["kube-system", "kube-public", "kube-node-lease"];

export const secretsFromVault: ResourcePolicy = {
    kind: "resource",
    name: "secrets-from-vault",
    since: "0.1.0",
    description:
        "Kubernetes Secrets with literal data/stringData in a workload namespace should come from Vault instead " +
        "(TLS secrets excepted).",
    enforcementLevel: "advisory",
    severity: "medium",
    remediation:
        "Store the value in Vault's KV mount and inject it with vaultInjection() annotations. For a bootstrap " +
        "secret that must exist before Vault (e.g. a chart's existingSecret), add an exemption with the reason.",
    frameworks: {
        cisEks: ["4.4.2"],
        nsa: "Protect secrets: use an external secrets manager",
        brief: ["R3", "Q10", "Q11", "C5"],
    },
    configSchema: {
        systemNamespaces: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: defaultSystemNamespaces,
            description: "Namespaces that are not workload namespaces (the control plane's own).",
        },
    },
    admission: {
        match: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["secrets"] }],
        variables: [
            {
                name: "keys",
                expression:
                    "(has(object.data) ? object.data.map(k, k) : []) + " +
                    "(has(object.stringData) ? object.stringData.map(k, k) : [])",
            },
        ],
        validations: (config) => [
            {
                expression:
                    `(has(object.type) && object.type in ${celStringList([...exemptTypes])}) || ` +
                    `request.namespace in ${celStringList(config.systemNamespaces ?? defaultSystemNamespaces)} || ` +
                    "size(variables.keys) == 0",
                messageExpression:
                    "'Secret \"' + object.metadata.name + '\" in namespace \"' + request.namespace + " +
                    "'\" holds literal data (' + variables.keys.join(', ') + '); store it in Vault and inject it, or " +
                    "exempt it as a bootstrap secret with a reason.'",
            },
        ],
    },
    types: ["kubernetes:core/v1:Secret"],
    check(r, config) {
        const type = known(() => r.props.type as string | undefined, "(computed)");
        if (type && exemptTypes.has(type)) return [];
        const ns = known(() => r.props.metadata?.namespace as string | undefined, "(computed)");
        const system: string[] = config.systemNamespaces ?? defaultSystemNamespaces;
        if (ns === "(computed)" || (ns && system.includes(ns))) return [];
        const keys = (field: string) => known(() => Object.keys(r.props[field] ?? {}), [] as string[]);
        const literal = [...keys("data"), ...keys("stringData")];
        if (!literal.length) return [];
        const name = known(() => r.props.metadata?.name as string | undefined, undefined) ?? r.name;
        return [
            {
                message:
                    `Secret "${name}" in namespace "${ns ?? "default"}" holds literal data (${literal.join(", ")}); ` +
                    `store it in Vault and inject it, or exempt it as a bootstrap secret with a reason.`,
            },
        ];
    },
};
