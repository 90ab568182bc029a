import { PolicyCases } from "../case";
import { denyAll, np } from "../fixtures/network";

export const cases: PolicyCases = {
    policy: "network-policy-allow-all",
    enforcementLevel: "advisory",
    pass: [
        { name: "a default-deny", resources: denyAll() },
        {
            name: "a narrow selector",
            resources: np("web", { podSelector: { matchLabels: { app: "web" } }, ingress: [{}] }),
        },
        {
            name: "port-limited egress (DNS)",
            resources: np("dns", {
                podSelector: {},
                policyTypes: ["Egress"],
                egress: [{ ports: [{ port: 53, protocol: "UDP" }, { port: 53 }] }],
            }),
        },
        {
            name: "a narrow namespace selector",
            resources: np("team", {
                podSelector: {},
                ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "a" } } }] }],
            }),
        },
        {
            name: "0.0.0.0/0 on one port",
            resources: np("https", {
                podSelector: {},
                policyTypes: ["Egress"],
                egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ port: 443 }] }],
            }),
        },
    ],
    fail: [
        {
            name: "an empty ingress rule",
            resources: np("open", { podSelector: {}, ingress: [{}] }),
            messages: [
                'NetworkPolicy "open" selects every pod of its namespace and allows ingress from every pod of every namespace, ingress from any address on every port.',
            ],
        },
        {
            name: "ingress from every namespace",
            resources: np("ns", { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] }),
            messages: [
                'NetworkPolicy "ns" selects every pod of its namespace and allows ingress from every pod of every namespace on every port.',
            ],
        },
        {
            name: "egress to 0.0.0.0/0",
            resources: np("out", {
                podSelector: {},
                policyTypes: ["Egress"],
                egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }],
            }),
            messages: [
                'NetworkPolicy "out" selects every pod of its namespace and allows egress to any address on every port.',
            ],
        },
    ],
};
