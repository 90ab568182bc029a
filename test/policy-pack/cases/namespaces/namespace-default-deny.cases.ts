import { PolicyCases, res } from "../case";
import { denyAll, deployment, enforce, netpol, ns } from "../fixtures/catalogue";

const apps = ns("apps", enforce("restricted"));
const release = res("kubernetes:helm.sh/v3:Release", { namespace: "vault", chart: "vault" });

export const cases: PolicyCases = {
    policy: "namespace-default-deny",
    pass: [
        { name: "a deny-all policy for both directions", resources: [apps, deployment(), denyAll("apps")] },
        {
            name: "separate policies per direction combine",
            resources: [
                deployment(),
                netpol("apps", { podSelector: {}, policyTypes: ["Ingress"] }),
                netpol("apps", { podSelector: {}, policyTypes: ["Egress"] }),
            ],
        },
        {
            name: "a Helm release in a system namespace",
            resources: [res("kubernetes:helm.sh/v3:Release", { namespace: "kube-system" })],
        },
    ],
    fail: [
        {
            name: "no policy: the namespace is blamed for both directions",
            resources: [apps, deployment()],
            message: /ingress and egress/,
            count: 1,
            blame: apps,
        },
        {
            name: "no policyTypes and no rules is read as Ingress only",
            resources: [deployment(), netpol("apps", { podSelector: {} })],
            message: /for egress/,
        },
        {
            name: "a policy selecting some pods is no default deny",
            resources: [
                deployment(),
                netpol("apps", {
                    podSelector: { matchLabels: { a: "b" } },
                    policyTypes: ["Ingress", "Egress"],
                }),
            ],
            message: "apps",
            count: 1,
        },
        {
            name: "an allow rule for a direction does not deny it",
            resources: [
                deployment(),
                netpol("apps", { podSelector: {}, policyTypes: ["Ingress", "Egress"], egress: [{ to: [] }] }),
            ],
            message: /for egress/,
        },
        {
            name: "Helm releases count as workloads",
            resources: [release],
            message: "vault",
            count: 1,
            blame: release,
        },
    ],
};
