/**
 * A binding whose roleRef names a Role or ClusterRole that exists nowhere grants nothing today, and grants
 * whatever a later-created role of that name holds: a typo, or a dangling grant someone can fill (kubescape's
 * "missing role" check). A role exists when the stack defines it, when it is one of Kubernetes' built-in
 * ClusterRoles (`builtin-roles.ts`, the bootstrap policy of v1.34) or built-in namespaced Roles, or when the config
 * lists it (`knownRoles`: roles that EKS add-ons or Helm releases create, invisible to the pack). Advisory.
 */
import { Finding, PolicyResource, StackPolicy } from "../lib/types";
import { isBuiltinClusterRole } from "./builtin-roles";
import { who } from "./rules";
import { nameOf, namespaceOf, rbacKind, roleRefOf } from "./rules-ext";

/**
 * Kubernetes' built-in namespaced Roles (bootstrappolicy NamespaceRoles, v1.34): `namespace/name`. EKS and kubeadm
 * add their own (e.g. kube-system/kube-proxy), which `knownRoles` covers.
 */
export const builtinNamespacedRoles = new Set([
    "kube-system/extension-apiserver-authentication-reader",
    "kube-system/system::leader-locking-kube-controller-manager",
    "kube-system/system::leader-locking-kube-scheduler",
    "kube-system/system:controller:bootstrap-signer",
    "kube-system/system:controller:cloud-provider",
    "kube-system/system:controller:token-cleaner",
    "kube-public/system:controller:bootstrap-signer",
]);

/** A `knownRoles` entry matches exactly, or as a prefix when it ends with `*` (`ClusterRole/eks:*`). */
function known(entries: string[], key: string): boolean {
    return entries.some((e) => (e.endsWith("*") ? key.startsWith(e.slice(0, -1)) : key === e));
}

export const rbacMissingRole: StackPolicy = {
    kind: "stack",
    name: "rbac-missing-role",
    since: "0.1.0",
    description:
        "Every RoleBinding and ClusterRoleBinding references a Role or ClusterRole that the stack or Kubernetes' " +
        "built-ins define (or that the config lists as known).",
    enforcementLevel: "advisory",
    severity: "low",
    remediation:
        "Fix the roleRef name, create the role in the stack, or delete the binding. A role that an EKS add-on or a " +
        "Helm release creates: add `ClusterRole/<name>` or `Role/<namespace>/<name>` (a trailing * matches a prefix) " +
        "to this policy's `knownRoles` config.",
    previewOnly:
        "whether the role a binding references exists is decided by other objects (the cluster's roles, or the stack's): admission sees only the binding, and refusing every binding of a custom role would refuse the many whose role exists",
    frameworks: { nsa: "Least privilege RBAC: review bindings", brief: ["R8", "C5"] },
    configSchema: {
        knownRoles: {
            type: "array",
            items: { type: "string", pattern: "^(ClusterRole/[^/]+|Role/[^/]+/[^/]+)$" },
            default: [],
            description:
                "Roles that exist in the cluster without being in the stack: `ClusterRole/<name>` or " +
                "`Role/<namespace>/<name>`; a trailing * matches a prefix (e.g. `ClusterRole/eks:*`).",
        },
    },
    check(resources, config) {
        const extra: string[] = Array.isArray(config.knownRoles) ? config.knownRoles : [];
        const clusterRoles = new Set<string>();
        const roles = new Set<string>();
        // A role whose name (or namespace) is unknown during preview may be the one a binding names.
        let unknownClusterRole = false;
        const unknownRoleIn = new Set<string>();
        let unknownRoleAnywhere = false;
        const bindings: PolicyResource[] = [];
        for (const r of resources) {
            const kind = rbacKind(r.type);
            if (kind === "ClusterRole") {
                const name = nameOf(r);
                if (name) clusterRoles.add(name);
                else unknownClusterRole = true;
            } else if (kind === "Role") {
                const name = nameOf(r);
                const ns = namespaceOf(r);
                if (name && ns) roles.add(`${ns}/${name}`);
                else if (ns) unknownRoleIn.add(ns);
                else unknownRoleAnywhere = true;
            } else if (kind === "RoleBinding" || kind === "ClusterRoleBinding") bindings.push(r);
        }
        const out: Finding[] = [];
        for (const b of bindings) {
            const ref = roleRefOf(b);
            if (!ref) continue;
            if (ref.kind === "ClusterRole") {
                if (clusterRoles.has(ref.name) || isBuiltinClusterRole(ref.name) || unknownClusterRole)
                    continue;
                if (known(extra, `ClusterRole/${ref.name}`)) continue;
                out.push({
                    message: `${who(b)} references ClusterRole "${ref.name}", which neither the stack nor Kubernetes' built-ins define.`,
                    urn: b.urn,
                });
            } else if (ref.kind === "Role" && rbacKind(b.type) === "RoleBinding") {
                const ns = namespaceOf(b);
                if (!ns) continue;
                const key = `${ns}/${ref.name}`;
                if (roles.has(key) || builtinNamespacedRoles.has(key)) continue;
                if (unknownRoleAnywhere || unknownRoleIn.has(ns) || known(extra, `Role/${key}`)) continue;
                out.push({
                    message: `${who(b)} references Role "${ref.name}" in namespace "${ns}", which neither the stack nor Kubernetes' built-ins define.`,
                    urn: b.urn,
                });
            }
        }
        return out;
    },
};
