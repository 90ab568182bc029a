import { PolicyCases, res } from "../case";
import { denyAll, deployment, enforce, netpol, ns } from "../fixtures/catalogue";
import { deny, np, pod } from "../fixtures/holes-pods";

const allowAllIngress = np({ podSelector: {}, policyTypes: ["Ingress"], ingress: [{}] });

const apps = ns("apps", enforce("restricted"));
const release = res("kubernetes:helm.sh/v3:Release", { namespace: "vault", chart: "vault" });

export const cases: PolicyCases = {
    policy: "namespace-default-deny",
    pass: [
        { name: "default-deny alone", resources: [pod({}), deny()] },
        {
            name: "narrow allows, an allow-all for some pods only, or in another namespace, do not cancel it",
            resources: [
                pod({}),
                deny(),
                np({ podSelector: {}, policyTypes: ["Ingress"], ingress: [{ ports: [{ port: 8080 }] }] }),
                np({ podSelector: { matchLabels: { app: "x" } }, policyTypes: ["Ingress"], ingress: [{}] }),
                np({ podSelector: {}, ingress: [{}] }, "other"),
            ],
        },
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
            name: "an allow-all ingress rule for every pod cancels the ingress default-deny",
            resources: [pod({}), deny(), allowAllIngress],
            message: /default-deny NetworkPolicy for ingress, but .*allows all ingress/,
            count: 1,
            blame: allowAllIngress,
        },
        {
            name: "an allow-all egress (to: [] and no ports) cancels the egress default-deny",
            resources: [
                pod({}),
                deny(),
                np({ podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [] }] }),
            ],
            message: "allows all egress",
            count: 1,
        },
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
