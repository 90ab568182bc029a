/**
 * Permissions that are stepping stones to cluster takeover, each a CIS EKS 1.8.0 control: creating pods (run as
 * any service account of the namespace, 4.1.4), creating PersistentVolumes (mount any host path, 4.1.9), writing
 * admission webhook configurations (intercept or mutate every object, 4.1.11) and minting service account tokens
 * (4.1.12). Advisory: controllers and operators legitimately hold some of them; review each one. Judged on what
 * roles really grant (`role-rules-policy.ts`): a binding of the built-in `edit` (create pods, serviceaccounts/token)
 * is reported too.
 */
import { Rule } from "./rules";
import { roleRulesPolicy } from "./role-rules-policy";
import { field } from "./admission";
import { celString, celStringList } from "../lib/admission";

const sensitive: Array<{ what: string; groups: string[]; resource: string; verbs: string[] }> = [
    { what: "create pods (CIS 4.1.4)", groups: [""], resource: "pods", verbs: ["create"] },
    {
        what: "create persistentvolumes (CIS 4.1.9)",
        groups: [""],
        resource: "persistentvolumes",
        verbs: ["create"],
    },
    {
        what: "write validatingwebhookconfigurations (CIS 4.1.11)",
        groups: ["admissionregistration.k8s.io"],
        resource: "validatingwebhookconfigurations",
        verbs: ["create", "update", "patch", "delete"],
    },
    {
        what: "write mutatingwebhookconfigurations (CIS 4.1.11)",
        groups: ["admissionregistration.k8s.io"],
        resource: "mutatingwebhookconfigurations",
        verbs: ["create", "update", "patch", "delete"],
    },
    {
        what: "create serviceaccounts/token (CIS 4.1.12)",
        groups: [""],
        resource: "serviceaccounts/token",
        verbs: ["create"],
    },
];

/** Explicit grants only: wildcards are reported by rbac-no-wildcards. */
function explicit(rule: Rule, s: (typeof sensitive)[number]): boolean {
    return (
        rule.apiGroups.some((g) => s.groups.includes(g)) &&
        rule.resources.includes(s.resource) &&
        rule.verbs.some((v) => s.verbs.includes(v))
    );
}

export const rbacSensitivePermissions = roleRulesPolicy({
    name: "rbac-sensitive-permissions",
    since: "0.1.0",
    description:
        "Roles and ClusterRoles do not grant create on pods, persistentvolumes or serviceaccounts/token, or write " +
        "access to admission webhook configurations, directly, through aggregation, or through a binding of a " +
        "built-in ClusterRole (edit, admin, ...).",
    enforcementLevel: "advisory",
    severity: "medium",
    remediation:
        "Keep these permissions to controllers that need them (Deployments create pods, not people) and exempt each " +
        "reviewed role with its reason.",
    frameworks: {
        cisEks: ["4.1.4", "4.1.9", "4.1.11", "4.1.12"],
        nsa: "Least privilege RBAC",
        brief: ["R8", "C5"],
    },
    cel: {
        hit: () =>
            sensitive
                .map(
                    (s) =>
                        `(${field("apiGroups")}.exists(g, g in ${celStringList(s.groups)}) && ` +
                        `${celString(s.resource)} in ${field("resources")} && ${field("verbs")}.exists(v, v in ${celStringList(s.verbs)}))`,
                )
                .join(" || "),
        text: "grant create on pods, persistentvolumes or serviceaccounts/token, or write admission webhook configurations",
    },
    hitFor: () => (rule) => {
        const hits = sensitive.filter((s) => explicit(rule, s));
        return hits.length ? `grants ${hits.map((h) => h.what).join("; ")}` : undefined;
    },
});
