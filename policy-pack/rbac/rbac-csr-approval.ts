/**
 * Approving CertificateSigningRequests mints client certificates: with `update` on
 * `certificatesigningrequests/approval` and `approve` on a signer (`signers`, e.g. kubernetes.io/kube-apiserver-client)
 * an identity can approve its own request for any user or group, a cluster takeover (kubescape C-0188-style check).
 * Judged on what roles really grant (`role-rules-policy.ts`), so a binding of the built-in
 * `system:controller:certificate-controller` is reported too.
 */
import { grants } from "./rules-ext";
import { roleRulesPolicy } from "./role-rules-policy";
import { celGrants } from "./admission";

const group = ["certificates.k8s.io"];

export const rbacCsrApproval = roleRulesPolicy({
    name: "rbac-csr-approval",
    since: "0.1.0",
    description:
        "Roles and ClusterRoles grant neither update/patch on certificatesigningrequests/approval nor approve on signers.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediation:
        "Leave CSR approval to the control plane's csrapproving controller. If an operator must approve CSRs, give it " +
        "approve on one signer by resourceNames (never kubernetes.io/kube-apiserver-client) and exempt it with the reason.",
    frameworks: { nsa: "Least privilege RBAC: certificate signing", brief: ["R8", "C5", "Q1"] },
    cel: {
        hit: () =>
            celGrants({
                groups: group,
                resource: "certificatesigningrequests/approval",
                verbs: ["update", "patch"],
            }) +
            " || " +
            celGrants({ groups: group, resource: "signers", verbs: ["approve"] }),
        text: "grant update on certificatesigningrequests/approval or approve on signers",
    },
    hitFor: () => (rule) => {
        const hits = [
            grants(rule, {
                groups: group,
                resource: "certificatesigningrequests/approval",
                verbs: ["update", "patch"],
            })
                ? "update on certificatesigningrequests/approval"
                : undefined,
            grants(rule, { groups: group, resource: "signers", verbs: ["approve"] })
                ? `approve on signers${rule.resourceNames.length ? ` ${rule.resourceNames.join(", ")}` : " (every signer)"}`
                : undefined,
        ].filter(Boolean);
        return hits.length ? `grants ${hits.join(" and ")}` : undefined;
    },
});
