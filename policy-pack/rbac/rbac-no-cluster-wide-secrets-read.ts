/**
 * get/list/watch on Secrets cluster-wide reads every credential of every namespace (CIS EKS 4.1.2). A
 * ClusterRole alone grants nothing: it is the ClusterRoleBinding that makes it cluster-wide, so this is a stack
 * policy. It indexes the stack's ClusterRoles once, then checks each ClusterRoleBinding against the index and
 * against the built-in ClusterRoles that read Secrets. A ClusterRole bound per namespace through a RoleBinding
 * is not cluster-wide and passes.
 */
import { Finding, StackPolicy } from "../lib/types";
import { k8sKind } from "../lib/k8s";
import { known } from "../lib/unknowns";
import { coversGroup, coversResource, coversVerb, roleRefOf, rulesOf, who } from "./rules";

/** Built-in ClusterRoles that grant get/list/watch on secrets (cluster-admin via `*`, admin and edit explicitly). */
const builtInReaders = new Set(["cluster-admin", "admin", "edit"]);

export const rbacNoClusterWideSecretsRead: StackPolicy = {
    kind: "stack",
    name: "rbac-no-cluster-wide-secrets-read",
    description: "No ClusterRoleBinding grants get, list or watch on Secrets across the cluster.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        "Grant Secret access with a namespaced RoleBinding in the one namespace that needs it, limited by " +
        "resourceNames where possible; better, read the secret from Vault.",
    frameworks: {
        cisEks: ["4.1.2"],
        nsa: "Least privilege RBAC; protect secrets",
        brief: ["R3", "R8", "Q11"],
    },
    check(resources) {
        const readers = new Set<string>();
        const bindings = [];
        for (const r of resources) {
            const k = k8sKind(r.type);
            if (k?.group !== "rbac.authorization.k8s.io") continue;
            if (k.kind === "ClusterRole") {
                const grants = rulesOf(r).some(
                    (rule) =>
                        coversGroup(rule, "") &&
                        coversResource(rule, "secrets") &&
                        coversVerb(rule, "get", "list", "watch"),
                );
                const name = known(() => r.props.metadata?.name as string | undefined, undefined);
                if (grants && name) readers.add(name);
            } else if (k.kind === "ClusterRoleBinding") bindings.push(r);
        }
        const out: Finding[] = [];
        for (const b of bindings) {
            const ref = roleRefOf(b);
            if (ref.kind !== "ClusterRole" || ref.name === undefined) continue;
            if (readers.has(ref.name) || builtInReaders.has(ref.name))
                out.push({
                    message: `${who(b)} grants get/list/watch on Secrets cluster-wide through ClusterRole "${ref.name}".`,
                    urn: b.urn,
                });
        }
        return out;
    },
};
