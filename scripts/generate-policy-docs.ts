/**
 * Renders the policy catalogue documentation from the policies' own metadata, so the docs cannot drift from
 * the pack: docs/policies.md (every policy: level, severity, what it checks, remediation, framework references,
 * config) and docs/cis-eks.md (CIS Amazon EKS Benchmark 1.8.0, sections 2-5, mapped to the policies and
 * components that address each control). Run as main, it writes both files; test/policy-pack/policy-docs.test.ts
 * fails when the committed files differ from what this renders.
 */
import * as fs from "fs";
import * as path from "path";
import { configSchemaOf } from "../policy-pack/lib/adapter";
import { BlueprintPolicy } from "../policy-pack/lib/types";
import { allPolicies } from "../policy-pack/policies";

/** How a CIS control is verified. */
type Coverage = "preview" | "component" | "runtime" | "manual";

/** One CIS EKS 1.8.0 control of sections 2-5, with the components that address it besides policies. */
interface Control {
    id: string;
    title: string;
    coverage: Coverage;
    components: string;
}

const coverageText: Record<Coverage, string> = {
    preview: "yes: policy at preview",
    component: "partly: secure default of a component, no policy",
    runtime: "no: runtime only (kube-bench / trivy-operator on the live cluster)",
    manual: "no: organisational / manual review",
};

const kubeBench = "kube-bench CronJob (`--benchmark eks-1.8.0`, components/compliance)";

/** CIS Amazon EKS Benchmark 1.8.0, sections 2 to 5 (control ids and titles as in kube-bench's cfg/eks-1.8.0). */
export const cisEksControls: Control[] = [
    {
        id: "2.1.1",
        title: "Enable audit Logs",
        coverage: "preview",
        components: "HardenedCluster: all five log types, log group created first",
    },
    {
        id: "2.1.2",
        title: "Ensure audit logs are collected and managed",
        coverage: "preview",
        components: "HardenedCluster: `/aws/eks/<name>/cluster` log group with retention and KMS",
    },
    {
        id: "3.1.1",
        title: "Ensure that the kubeconfig file permissions are set to 644 or more restrictive",
        coverage: "runtime",
        components: kubeBench,
    },
    {
        id: "3.1.2",
        title: "Ensure that the kubelet kubeconfig file ownership is set to root:root",
        coverage: "runtime",
        components: kubeBench,
    },
    {
        id: "3.1.3",
        title: "Ensure that the kubelet configuration file has permissions set to 644 or more restrictive",
        coverage: "runtime",
        components: kubeBench,
    },
    {
        id: "3.1.4",
        title: "Ensure that the kubelet configuration file ownership is set to root:root",
        coverage: "runtime",
        components: kubeBench,
    },
    {
        id: "3.2.1",
        title: "Ensure that the Anonymous Auth is Not Enabled",
        coverage: "runtime",
        components: `${kubeBench}; EKS-optimised AMI default`,
    },
    {
        id: "3.2.2",
        title: "Ensure that the --authorization-mode argument is not set to AlwaysAllow",
        coverage: "runtime",
        components: `${kubeBench}; EKS-optimised AMI default`,
    },
    {
        id: "3.2.3",
        title: "Ensure that a Client CA File is Configured",
        coverage: "runtime",
        components: `${kubeBench}; EKS-optimised AMI default`,
    },
    {
        id: "3.2.4",
        title: "Ensure that the --read-only-port is disabled",
        coverage: "runtime",
        components: `${kubeBench}; EKS-optimised AMI default`,
    },
    {
        id: "3.2.5",
        title: "Ensure that the --streaming-connection-idle-timeout argument is not set to 0",
        coverage: "runtime",
        components: kubeBench,
    },
    {
        id: "3.2.6",
        title: "Ensure that the --make-iptables-util-chains argument is set to true",
        coverage: "runtime",
        components: kubeBench,
    },
    {
        id: "3.2.7",
        title: "Ensure that the --eventRecordQPS argument is set to 0 or a level which ensures appropriate event capture",
        coverage: "runtime",
        components: kubeBench,
    },
    {
        id: "3.2.8",
        title: "Ensure that the --rotate-certificates argument is not present or is set to true",
        coverage: "runtime",
        components: kubeBench,
    },
    {
        id: "3.2.9",
        title: "Ensure that the RotateKubeletServerCertificate argument is set to true",
        coverage: "runtime",
        components: kubeBench,
    },
    {
        id: "4.1.1",
        title: "Ensure that the cluster-admin role is only used where required",
        coverage: "preview",
        components: "HardenedCluster: admins through EKS access entries",
    },
    {
        id: "4.1.2",
        title: "Minimize access to secrets",
        coverage: "preview",
        components: "SecureNamespace team roles grant no Secrets",
    },
    {
        id: "4.1.3",
        title: "Minimize wildcard use in Roles and ClusterRoles",
        coverage: "preview",
        components: "",
    },
    { id: "4.1.4", title: "Minimize access to create pods", coverage: "preview", components: "" },
    {
        id: "4.1.5",
        title: "Ensure that default service accounts are not actively used",
        coverage: "preview",
        components:
            "SecureNamespace: `default` ServiceAccount patched to automountServiceAccountToken: false",
    },
    {
        id: "4.1.6",
        title: "Ensure that Service Account Tokens are only mounted where necessary",
        coverage: "preview",
        components: "SecureWorkload: no token automount",
    },
    {
        id: "4.1.7",
        title: "Cluster Access Manager API to streamline and enhance the management of access controls within EKS clusters",
        coverage: "preview",
        components: "HardenedCluster: authenticationMode API, access entries",
    },
    {
        id: "4.1.8",
        title: "Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster",
        coverage: "preview",
        components: "",
    },
    {
        id: "4.1.9",
        title: "Minimize access to create PersistentVolume objects",
        coverage: "preview",
        components: "",
    },
    {
        id: "4.1.10",
        title: "Minimize access to the proxy sub-resource of Node objects",
        coverage: "preview",
        components: "",
    },
    {
        id: "4.1.11",
        title: "Minimize access to webhook configuration objects",
        coverage: "preview",
        components: "",
    },
    {
        id: "4.1.12",
        title: "Minimize access to the service account token creation",
        coverage: "preview",
        components: "",
    },
    {
        id: "4.2.1",
        title: "Minimize the admission of privileged containers",
        coverage: "preview",
        components: "SecureNamespace: PSA enforce restricted",
    },
    {
        id: "4.2.2",
        title: "Minimize the admission of containers wishing to share the host process ID namespace",
        coverage: "preview",
        components: "SecureNamespace: PSA enforce restricted",
    },
    {
        id: "4.2.3",
        title: "Minimize the admission of containers wishing to share the host IPC namespace",
        coverage: "preview",
        components: "SecureNamespace: PSA enforce restricted",
    },
    {
        id: "4.2.4",
        title: "Minimize the admission of containers wishing to share the host network namespace",
        coverage: "preview",
        components: "SecureNamespace: PSA enforce restricted",
    },
    {
        id: "4.2.5",
        title: "Minimize the admission of containers with allowPrivilegeEscalation",
        coverage: "preview",
        components: "SecureNamespace: PSA enforce restricted",
    },
    {
        id: "4.3.1",
        title: "Ensure CNI plugin supports network policies",
        coverage: "preview",
        components: "HardenedCluster: vpc-cni add-on with enableNetworkPolicy",
    },
    {
        id: "4.3.2",
        title: "Ensure that all Namespaces have Network Policies defined",
        coverage: "preview",
        components:
            "SecureNamespace: default-deny both ways; reachability analysis (`npm run guard -- --reachability`)",
    },
    {
        id: "4.4.1",
        title: "Prefer using secrets as files over secrets as environment variables",
        coverage: "preview",
        components: "SecureWorkload + vaultInjection: secrets as files",
    },
    {
        id: "4.4.2",
        title: "Consider external secret storage",
        coverage: "preview",
        components: "Vault (components/vault) with sidecar injection",
    },
    {
        id: "4.5.1",
        title: "Create administrative boundaries between resources using namespaces",
        coverage: "preview",
        components: "SecureNamespace: one namespace per add-on",
    },
    { id: "4.5.2", title: "The default namespace should not be used", coverage: "preview", components: "" },
    {
        id: "5.1.1",
        title: "Ensure Image Vulnerability Scanning using Amazon ECR image scanning or a third party provider",
        coverage: "runtime",
        components: "Harbor scan on push + trivy-operator in-cluster reports",
    },
    {
        id: "5.1.2",
        title: "Minimize user access to Amazon ECR",
        coverage: "manual",
        components: "IAM review (outside the cluster stack)",
    },
    {
        id: "5.1.3",
        title: "Minimize cluster access to read-only for Amazon ECR",
        coverage: "component",
        components: "HardenedCluster node role: ECR read-only managed policy",
    },
    {
        id: "5.1.4",
        title: "Minimize Container Registries to only those approved",
        coverage: "preview",
        components: "SecureWorkload refuses unapproved registries; Harbor as the private registry",
    },
    {
        id: "5.2.1",
        title: "Prefer using dedicated EKS Service Accounts",
        coverage: "component",
        components: "IrsaRole: one least-privilege IAM role per service account",
    },
    {
        id: "5.3.1",
        title: "Ensure Kubernetes Secrets are encrypted using Customer Master Keys (CMKs) managed in AWS KMS",
        coverage: "preview",
        components: "HardenedCluster: customer KMS key with rotation",
    },
    {
        id: "5.4.1",
        title: "Restrict Access to the Control Plane Endpoint",
        coverage: "preview",
        components: "HardenedCluster: public endpoint off by default, CIDR list required",
    },
    {
        id: "5.4.2",
        title: "Ensure clusters are created with Private Endpoint Enabled and Public Access Disabled",
        coverage: "preview",
        components: "HardenedCluster: private endpoint",
    },
    {
        id: "5.4.3",
        title: "Ensure clusters are created with Private Nodes",
        coverage: "component",
        components: "HardenedCluster: nodes in private subnets, no public IPs",
    },
    {
        id: "5.4.4",
        title: "Ensure Network Policy is Enabled and set as appropriate",
        coverage: "preview",
        components: "HardenedCluster: vpc-cni enableNetworkPolicy; SecureNamespace default-deny",
    },
    {
        id: "5.4.5",
        title: "Encrypt traffic to HTTPS load balancers with TLS certificates",
        coverage: "preview",
        components: "",
    },
    {
        id: "5.5.1",
        title: "Manage Kubernetes RBAC users with AWS IAM Authenticator for Kubernetes or Upgrade to AWS CLI v1.16.156 or greater",
        coverage: "preview",
        components: "HardenedCluster: kubeconfig uses `aws eks get-token`",
    },
];

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (s: string) => `\`${s}\``;

function refs(p: BlueprintPolicy): string[] {
    const f = p.frameworks;
    return [
        ...(f.cisEks?.length ? [`CIS EKS 1.8.0: ${f.cisEks.join(", ")}`] : []),
        ...(f.pss ? [`Pod Security Standards: ${f.pss}`] : []),
        ...(f.nsa ? [`NSA/CISA: ${f.nsa}`] : []),
        `Brief: ${f.brief.join(", ")}`,
    ];
}

function renderConfig(p: BlueprintPolicy): string[] {
    const props = configSchemaOf(p).properties as Record<string, Record<string, unknown>>;
    const lines = ["| property | type | default | description |", "|---|---|---|---|"];
    for (const [name, schema] of Object.entries(props)) {
        const type =
            schema.type === "array"
                ? `${(schema.items as { type?: string } | undefined)?.type ?? "any"}[]`
                : String(schema.type);
        lines.push(
            `| ${code(name)} | ${type} | ${code(JSON.stringify(schema.default))} | ${cell(String(schema.description ?? ""))} |`,
        );
    }
    return lines;
}

function renderPolicies(policies: BlueprintPolicy[]): string {
    const out = [
        "# Policy catalogue",
        "",
        "<!-- Generated by scripts/generate-policy-docs.ts from the policies' metadata. Do not edit: run `npm run docs`. -->",
        "",
        "The CrossGuard pack in `policy-pack/` enforces these policies at `pulumi preview` time (and offline with",
        "`npm run guard`). Every policy accepts `exemptions: [{namespace?, name?, kind?, reason}]` in its config; the",
        "reason is required. The blueprint's own exemptions are in `policy-pack/blueprint.policy-config.json`:",
        "",
        "```sh",
        "pulumi preview --policy-pack ./policy-pack --policy-pack-config policy-pack/blueprint.policy-config.json",
        "```",
        "",
        `${policies.length} policies: ${policies.filter((p) => p.enforcementLevel === "mandatory").length} mandatory, ` +
            `${policies.filter((p) => p.enforcementLevel === "advisory").length} advisory.`,
        "",
        "**Enforced at**: `preview` is the pack (pulumi preview, the guard); `admission` is the same policy generated as",
        "a ValidatingAdmissionPolicy (CEL written beside the check, installed by the blueprint's AdmissionGuardrails,",
        "`admission.enabled`/`admission.mode`), so kubectl, GitOps and operators face it too. Pod Security is enforced at",
        "admission by Pod Security Admission through the namespace labels (`PSA`); policies that need the whole stack or",
        "another object stay preview-only, each with its reason below (**Why preview-only**, from the policy's",
        "`previewOnly` metadata).",
        "",
        "| policy | scope | level | severity | enforced at | CIS EKS 1.8.0 | brief |",
        "|---|---|---|---|---|---|---|",
        ...policies.map(
            (p) =>
                `| [${p.name}](#${p.name}) | ${p.kind} | ${p.enforcementLevel} | ${p.severity} | ${enforcedAt(p)} | ${(p.frameworks.cisEks ?? []).join(", ")} | ${p.frameworks.brief.join(", ")} |`,
        ),
        "",
    ];
    for (const p of policies) {
        out.push(
            `## ${p.name}`,
            "",
            `- **Level**: ${p.enforcementLevel} · **Severity**: ${p.severity} · **Scope**: ${p.kind === "resource" ? "resource" : "stack"}`,
            `- **Enforced at**: ${enforcedAt(p)}`,
            ...(p.admission?.differences
                ? [`- **Admission differs from preview**: ${p.admission.differences}`]
                : []),
            ...(!p.admission && !p.frameworks.pss && p.previewOnly
                ? [`- **Why preview-only**: ${p.previewOnly}`]
                : []),
            `- **Checks**: ${p.description}`,
            `- **Remediation**: ${p.remediation}`,
            `- **References**: ${refs(p).join("; ")}`,
        );
        if (p.kind === "resource" && p.types?.length)
            out.push(`- **Resource types**: ${p.types.map(code).join(", ")}`);
        out.push("", "Config:", "", ...renderConfig(p), "");
    }
    return out.join("\n");
}

/** Where a policy is enforced: preview always; admission with an admission form; PSA for Pod Security. */
export function enforcedAt(p: BlueprintPolicy): string {
    if (p.admission) return "preview, admission";
    if (p.frameworks.pss) return "preview, admission (PSA)";
    return "preview";
}

function renderCis(policies: BlueprintPolicy[]): string {
    const byControl = new Map<string, string[]>();
    for (const p of policies)
        for (const id of p.frameworks.cisEks ?? []) byControl.set(id, [...(byControl.get(id) ?? []), p.name]);
    const out = [
        "# CIS Amazon EKS Benchmark 1.8.0: coverage",
        "",
        "<!-- Generated by scripts/generate-policy-docs.ts from the policies' metadata. Do not edit: run `npm run docs`. -->",
        "",
        "Sections 2 to 5 of the benchmark, mapped to the policies (from their `frameworks.cisEks` metadata) and the",
        "components that address each control. **Statically checkable** says whether a preview-time policy can verify",
        "the control from the Pulumi program alone. Worker-node controls (section 3) live in files and kubelet flags",
        "on the nodes: only kube-bench, running on the cluster, can check them. A policy sees only what the stack (or",
        "the manifests given to the guard) declares: objects that Helm charts and operators create inside the cluster",
        "are covered at run time by kube-bench and trivy-operator's reports.",
        "",
        "| control | title | policies | components | statically checkable |",
        "|---|---|---|---|---|",
    ];
    for (const c of cisEksControls) {
        const ps = (byControl.get(c.id) ?? []).map((n) => `[${n}](policies.md#${n})`).join(", ");
        const coverage = c.coverage === "preview" && !ps ? coverageText.component : coverageText[c.coverage];
        out.push(
            `| ${c.id} | ${cell(c.title)} | ${ps || "-"} | ${cell(c.components) || "-"} | ${coverage} |`,
        );
    }
    const listed = new Set(cisEksControls.map((c) => c.id));
    const unknownIds = [...byControl.keys()].filter((id) => !listed.has(id)).sort();
    if (unknownIds.length) out.push("", `Policies also reference: ${unknownIds.join(", ")}.`);
    out.push("");
    return out.join("\n");
}

/** Renders both documents from the metadata of every policy in the pack. */
export function renderPolicyDocs(policies: BlueprintPolicy[] = allPolicies): {
    policiesMd: string;
    cisEksMd: string;
} {
    return { policiesMd: renderPolicies(policies), cisEksMd: renderCis(policies) };
}

/** Where the generated documents live, relative to the repository root. */
export const docPaths = { policiesMd: "docs/policies.md", cisEksMd: "docs/cis-eks.md" };

if (require.main === module) {
    const root = path.resolve(__dirname, "..");
    const docs = renderPolicyDocs();
    for (const key of Object.keys(docPaths) as Array<keyof typeof docPaths>) {
        const file = path.join(root, docPaths[key]);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, docs[key]);
        console.log(`wrote ${docPaths[key]}`);
    }
}
