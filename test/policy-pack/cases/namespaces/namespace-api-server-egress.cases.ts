import { PolicyCases } from "../case";
import { binding, denyAll, egressTo, eks, netpol, operator, release } from "../fixtures/api-egress";

const op = operator("ops");
const rel = release("monitoring", "kube-prometheus-stack");
/** Egress to the EKS other default Service address, 10.100.0.1. */
const otherDefault = () => [
    denyAll("ops"),
    egressTo("ops", ["10.100.0.1/32"]),
    operator("ops"),
    binding("ops"),
];
/** A default-deny namespace whose operator's service account a ClusterRoleBinding binds. */
const base = () => [
    eks("172.20.0.0/16"),
    denyAll("ops"),
    operator("ops"),
    binding("ops", "operator", "ClusterRoleBinding"),
];

export const cases: PolicyCases = {
    policy: "namespace-api-server-egress",
    enforcementLevel: "advisory",
    pass: [
        {
            name: "egress to the ClusterIP /32 (and the ENIs) on 443",
            resources: [
                eks("172.20.0.0/16"),
                denyAll("ops"),
                egressTo("ops", ["172.20.0.1/32", "10.0.0.0/16"]),
                operator("ops"),
                binding("ops"),
            ],
        },
        {
            name: "without a cluster, the configured defaults (EKS's other default)",
            resources: otherDefault(),
        },
        {
            name: "an allowance for every port",
            resources: [...base(), egressTo("ops", ["172.20.0.1/32"], {}, undefined)],
        },
        {
            name: "an allowance selecting the pods by matchExpressions",
            resources: [
                ...base(),
                egressTo("ops", ["172.20.0.1/32"], {
                    matchExpressions: [{ key: "app", operator: "In", values: ["op"] }],
                }),
            ],
        },
        {
            name: "an operator chart with API egress",
            resources: [
                eks("172.20.0.0/16"),
                denyAll("monitoring"),
                release("monitoring", "kube-prometheus-stack"),
                egressTo("monitoring", ["172.20.0.1/32"]),
            ],
        },
        { name: "not an API client chart", resources: [denyAll("web"), release("web", "harbor")] },
        {
            name: "skipped: a namespace without default-deny egress",
            resources: [operator("ops"), binding("ops")],
        },
        {
            name: "skipped: an unbound service account",
            resources: [denyAll("ops"), operator("ops", "app"), binding("ops")],
        },
        {
            name: "skipped: a binding of another namespace's service account",
            resources: [denyAll("ops"), operator("ops"), binding("elsewhere")],
        },
    ],
    fail: [
        {
            name: "a bound service account with egress to the VPC only (the blueprint's old flows)",
            resources: [
                eks("172.20.0.0/16"),
                denyAll("ops"),
                egressTo("ops", ["10.0.0.0/16"]),
                op,
                binding("ops"),
            ],
            message: /service account "operator".*172\.20\.0\.1:443/,
            count: 1,
            blame: op,
        },
        {
            name: "the Service CIDR the EKS cluster states decides the address",
            resources: [eks("172.20.0.0/16"), ...otherDefault()],
            message: "172.20.0.1:443",
            count: 1,
        },
        {
            name: "config apiServiceIps",
            resources: otherDefault(),
            config: { apiServiceIps: ["192.168.0.1"] },
            message: "192.168.0.1:443",
            count: 1,
        },
        {
            name: "the allowance must select the workload's pods",
            resources: [...base(), egressTo("ops", ["172.20.0.1/32"], { matchLabels: { app: "other" } })],
            message: 'service account "operator"',
            count: 1,
        },
        {
            name: "the allowance must allow TCP 443",
            resources: [...base(), egressTo("ops", ["172.20.0.1/32"], {}, 6443)],
            message: 'service account "operator"',
            count: 1,
        },
        {
            name: "the allowance must not except the address",
            resources: [
                ...base(),
                netpol("ops", {
                    podSelector: {},
                    policyTypes: ["Egress"],
                    egress: [
                        {
                            to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["172.16.0.0/12"] } }],
                            ports: [{ port: 443 }],
                        },
                    ],
                }),
            ],
            message: 'service account "operator"',
            count: 1,
        },
        {
            name: "an operator chart without API egress",
            resources: [eks("172.20.0.0/16"), denyAll("monitoring"), rel],
            message: /chart kube-prometheus-stack/,
            count: 1,
            blame: rel,
        },
        {
            name: "config apiClientCharts",
            resources: [denyAll("web"), release("web", "harbor")],
            config: { apiClientCharts: ["harbor"] },
            message: "chart harbor",
            count: 1,
        },
    ],
};
