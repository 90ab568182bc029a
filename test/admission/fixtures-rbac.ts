/**
 * Admission fixtures of the RBAC policies: Roles and ClusterRoles judged on their own rules and aggregationRule
 * (built-in ClusterRoles selected), and bindings on their roleRef (built-in ClusterRoles) and subjects.
 */
import { Obj } from "../../policy-pack/admission/generate";
import { AdmissionFixture } from "./objects";

const rbac = "rbac.authorization.k8s.io/v1";
type Rule = { apiGroups?: string[]; resources?: string[]; verbs: string[]; resourceNames?: string[] };

function role(name: string, rules: Rule[], ns = "apps"): Obj {
    return { apiVersion: rbac, kind: "Role", metadata: { name, namespace: ns }, rules };
}
function clusterRole(name: string, rules: Rule[], aggregationRule?: Obj): Obj {
    return { apiVersion: rbac, kind: "ClusterRole", metadata: { name }, rules, ...(aggregationRule ? { aggregationRule } : {}) };
} // prettier-ignore
const user = [{ kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "alice" }];
function roleBinding(name: string, roleRef: { kind: string; name: string }, subjects: Obj[] = user, ns = "apps"): Obj {
    return { apiVersion: rbac, kind: "RoleBinding", metadata: { name, namespace: ns }, roleRef: { apiGroup: "rbac.authorization.k8s.io", ...roleRef }, subjects };
} // prettier-ignore
function clusterRoleBinding(name: string, roleName: string, subjects: Obj[] = user): Obj {
    return { apiVersion: rbac, kind: "ClusterRoleBinding", metadata: { name }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: roleName }, subjects };
} // prettier-ignore

const readPods: Rule = { apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list", "watch"] };
const cr = (name: string) => ({ kind: "ClusterRole", name });

export const rbacFixtures: AdmissionFixture[] = [
    // Clean objects: every RBAC policy admits them.
    { id: "rbac-pass-role", policy: "rbac-no-wildcards", expect: "pass", object: role("reader", [readPods]) },
    { id: "rbac-pass-binding-view", policy: "rbac-no-cluster-admin-binding", expect: "pass", object: roleBinding("view-b", cr("view")) },
    { id: "rbac-pass-custom-crb", policy: "rbac-no-cluster-wide-secrets-read", expect: "pass", object: clusterRoleBinding("custom-crb", "team-reader") },
    { id: "rbac-pass-aggregate-view", policy: "rbac-no-escalate-bind-impersonate", expect: "pass",
      object: clusterRole("agg-view", [], { clusterRoleSelectors: [{ matchLabels: { "rbac.authorization.k8s.io/aggregate-to-view": "true" } }] }) },
    // rbac-no-wildcards
    { id: "wild-fail-verbs", policy: "rbac-no-wildcards", expect: "fail", object: role("wild", [{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["*"] }]) },
    { id: "wild-fail-subresource", policy: "rbac-no-wildcards", expect: "fail", object: clusterRole("wild-sub", [{ apiGroups: [""], resources: ["*/scale"], verbs: ["get"] }]) },
    { id: "wild-fail-aggregate-all", policy: "rbac-no-wildcards", expect: "fail", object: clusterRole("agg-all", [], { clusterRoleSelectors: [{}] }) },
    { id: "wild-fail-binding", policy: "rbac-no-wildcards", expect: "fail", object: clusterRoleBinding("hpa-b", "system:controller:horizontal-pod-autoscaler") },
    // rbac-no-escalate-bind-impersonate
    { id: "esc-fail-bind", policy: "rbac-no-escalate-bind-impersonate", expect: "fail",
      object: clusterRole("binder", [{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["bind"] }]) },
    { id: "esc-fail-star-sa", policy: "rbac-no-escalate-bind-impersonate", expect: "fail",
      object: role("sa-admin", [{ apiGroups: [""], resources: ["serviceaccounts"], verbs: ["*"] }]) },
    { id: "esc-fail-edit-binding", policy: "rbac-no-escalate-bind-impersonate", expect: "fail", object: roleBinding("edit-b", cr("edit")) },
    { id: "esc-fail-aggregate-edit", policy: "rbac-no-escalate-bind-impersonate", expect: "fail",
      object: clusterRole("agg-edit", [], { clusterRoleSelectors: [{ matchExpressions: [{ key: "rbac.authorization.k8s.io/aggregate-to-edit", operator: "In", values: ["true"] }] }] }) },
    // rbac-no-nodes-proxy
    { id: "proxy-fail", policy: "rbac-no-nodes-proxy", expect: "fail", object: clusterRole("proxy", [{ apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"] }]) },
    { id: "proxy-pass-metrics", policy: "rbac-no-nodes-proxy", expect: "pass", object: clusterRole("metrics", [{ apiGroups: [""], resources: ["nodes/metrics"], verbs: ["get"] }]) },
    { id: "proxy-fail-binding", policy: "rbac-no-nodes-proxy", expect: "fail", object: clusterRoleBinding("kubelet-admin-b", "system:kubelet-api-admin") },
    // rbac-pods-exec-attach
    { id: "exec-fail-get", policy: "rbac-pods-exec-attach", expect: "fail", object: role("exec", [{ apiGroups: [""], resources: ["pods/exec"], verbs: ["get"] }]) },
    { id: "exec-pass-log", policy: "rbac-pods-exec-attach", expect: "pass", object: role("logs", [readPods]) },
    // rbac-port-forward
    { id: "pf-fail", policy: "rbac-port-forward", expect: "fail", object: role("pf", [{ apiGroups: [""], resources: ["pods/portforward"], verbs: ["create"] }]) },
    { id: "pf-pass-other-group", policy: "rbac-port-forward", expect: "pass", object: role("pf-apps", [{ apiGroups: ["apps"], resources: ["pods/portforward"], verbs: ["create"] }]) },
    // rbac-sensitive-permissions
    { id: "sens-fail-pods", policy: "rbac-sensitive-permissions", expect: "fail", object: role("podmaker", [{ apiGroups: [""], resources: ["pods"], verbs: ["create"] }]) },
    { id: "sens-fail-webhooks", policy: "rbac-sensitive-permissions", expect: "fail",
      object: clusterRole("hooks", [{ apiGroups: ["admissionregistration.k8s.io"], resources: ["validatingwebhookconfigurations"], verbs: ["patch"] }]) },
    { id: "sens-pass-read", policy: "rbac-sensitive-permissions", expect: "pass", object: role("podreader", [readPods]) },
    // rbac-csr-approval
    { id: "csr-fail-signers", policy: "rbac-csr-approval", expect: "fail",
      object: clusterRole("approver", [{ apiGroups: ["certificates.k8s.io"], resources: ["signers"], verbs: ["approve"], resourceNames: ["example.com/serving"] }]) },
    { id: "csr-pass-read", policy: "rbac-csr-approval", expect: "pass",
      object: clusterRole("csr-reader", [{ apiGroups: ["certificates.k8s.io"], resources: ["certificatesigningrequests"], verbs: ["get", "list"] }]) },
    // rbac-endpoints-write
    { id: "ep-fail", policy: "rbac-endpoints-write", expect: "fail", object: role("ep", [{ apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["create"] }]) },
    { id: "ep-pass-read", policy: "rbac-endpoints-write", expect: "pass", object: role("ep-read", [{ apiGroups: [""], resources: ["endpoints"], verbs: ["get"] }]) },
    // rbac-no-cluster-admin-binding
    { id: "ca-fail-crb", policy: "rbac-no-cluster-admin-binding", expect: "fail", object: clusterRoleBinding("ca", "cluster-admin") },
    { id: "ca-fail-rb", policy: "rbac-no-cluster-admin-binding", expect: "fail", object: roleBinding("ca-ns", cr("cluster-admin")) },
    // rbac-no-cluster-wide-secrets-read
    { id: "cwsr-fail-admin", policy: "rbac-no-cluster-wide-secrets-read", expect: "fail", object: clusterRoleBinding("admin-crb", "admin") },
    // rbac-namespaced-secrets-read
    { id: "nssr-fail-list", policy: "rbac-namespaced-secrets-read", expect: "fail", object: role("secrets", [{ apiGroups: [""], resources: ["secrets"], verbs: ["list"] }]) },
    { id: "nssr-pass-named-get", policy: "rbac-namespaced-secrets-read", expect: "pass",
      object: role("one-secret", [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: ["db"] }]) },
    { id: "nssr-fail-edit-binding", policy: "rbac-namespaced-secrets-read", expect: "fail", object: roleBinding("edit-b2", cr("edit")) },
    // rbac-aws-auth
    { id: "awsauth-fail-role", policy: "rbac-aws-auth", expect: "fail",
      object: role("cm-editor", [{ apiGroups: [""], resources: ["configmaps"], verbs: ["patch"] }], "kube-system") },
    { id: "awsauth-pass-other-ns", policy: "rbac-aws-auth", expect: "pass",
      object: role("cm-editor2", [{ apiGroups: [""], resources: ["configmaps"], verbs: ["patch"], resourceNames: ["app-config"] }], "kube-system") },
    { id: "awsauth-fail-binding", policy: "rbac-aws-auth", expect: "fail", object: roleBinding("edit-ks", cr("edit"), user, "kube-system") },
    // rbac-no-public-subject-binding / rbac-no-system-masters-binding
    { id: "public-fail", policy: "rbac-no-public-subject-binding", expect: "fail",
      object: clusterRoleBinding("public", "team-reader", [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "system:authenticated" }]) },
    { id: "public-pass", policy: "rbac-no-public-subject-binding", expect: "pass", object: roleBinding("team", cr("view")) },
    { id: "masters-fail", policy: "rbac-no-system-masters-binding", expect: "fail",
      object: clusterRoleBinding("masters", "team-reader", [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "system:masters" }]) },
    { id: "masters-pass", policy: "rbac-no-system-masters-binding", expect: "pass", object: roleBinding("team2", cr("view")) },
]; // prettier-ignore
