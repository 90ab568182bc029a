/**
 * The `default` namespace has no PSA labels, quotas or network policies of ours, and everyone uses it: workloads
 * and their objects belong in a dedicated namespace (CIS EKS 4.5.2, the brief's Q4).
 */
import { ResourcePolicy } from "../lib/types";
import { cosmetic, known } from "../../lib/unknowns";
import { POD_TYPES } from "./pod";
import { podRules } from "../lib/admission";

export const noDefaultNamespace: ResourcePolicy = {
    kind: "resource",
    name: "no-default-namespace",
    since: "0.1.0",
    description: "Workloads and their namespaced objects name a namespace other than `default`.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediation:
        "Set metadata.namespace to a dedicated namespace created with SecureNamespace. An object without " +
        "metadata.namespace lands in the provider's default namespace, usually `default`.",
    frameworks: {
        cisEks: ["4.5.1", "4.5.2"],
        nsa: "Use namespaces to isolate resources",
        brief: ["Q4", "C5"],
    },
    types: [
        ...POD_TYPES,
        "kubernetes:core/v1:Service",
        "kubernetes:core/v1:Secret",
        "kubernetes:core/v1:ConfigMap",
        "kubernetes:core/v1:ServiceAccount",
        "kubernetes:core/v1:PersistentVolumeClaim",
        "kubernetes:networking.k8s.io/v1:Ingress",
        "kubernetes:rbac.authorization.k8s.io/v1:Role",
        "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    ],
    admission: {
        // request.namespace: the namespace the object lands in (metadata.namespace, else the client's default).
        match: [
            ...podRules,
            {
                apiGroups: [""],
                apiVersions: ["v1"],
                resources: ["services", "secrets", "configmaps", "serviceaccounts", "persistentvolumeclaims"],
            },
            { apiGroups: ["networking.k8s.io"], apiVersions: ["v1"], resources: ["ingresses"] },
            {
                apiGroups: ["rbac.authorization.k8s.io"],
                apiVersions: ["v1"],
                resources: ["roles", "rolebindings"],
            },
        ],
        validations: [
            {
                expression: "request.namespace != 'default'",
                messageExpression:
                    "object.kind + ' \"' + (has(object.metadata.name) ? object.metadata.name : '') + " +
                    "'\" is in the `default` namespace.'",
            },
        ],
    },
    check(r) {
        const ns = known(() => r.props.metadata?.namespace as string | undefined, "(computed)");
        const kind = r.type.split(":").pop();
        const name = cosmetic(() => r.props.metadata?.name as string | undefined, undefined) ?? r.name;
        if (ns === undefined || ns === "")
            return [
                {
                    message: `${kind} "${name}" has no metadata.namespace, so it lands in the default namespace.`,
                },
            ];
        if (ns === "default") return [{ message: `${kind} "${name}" is in the \`default\` namespace.` }];
        return [];
    },
};
