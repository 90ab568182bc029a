/**
 * NetworkPolicy semantics, one case per rule of the Kubernetes documentation
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/). Each case builds the smallest
 * manifest set that shows the rule, and asserts both the allowed and the denied side.
 */
import { CapturedResource, analyzeReachability, formatMatrix, isAllowed } from "../../analysis/reachability";
import { cidrContains, cidrOf } from "../../lib/cidr";
import { labelsSatisfying, selectorMatches } from "../../lib/labels";

/* eslint-disable @typescript-eslint/no-explicit-any */
function ns(name: string, labels: Record<string, string> = {}): CapturedResource {
    return { type: "kubernetes:core/v1:Namespace", name, props: { metadata: { name, labels } } };
}
function deploy(
    namespace: string,
    name: string,
    labels: Record<string, string>,
    ports: any[] = [{ containerPort: 8080 }],
): CapturedResource {
    return {
        type: "kubernetes:apps/v1:Deployment",
        name,
        props: {
            metadata: { name, namespace },
            spec: { template: { metadata: { labels }, spec: { containers: [{ name: "c", ports }] } } },
        },
    };
}
function netpol(namespace: string, name: string, spec: any): CapturedResource {
    return {
        type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
        name,
        props: { metadata: { name, namespace }, spec },
    };
}
const A = { namespace: "a", labels: { app: "client" } };
const B = { namespace: "b", labels: { app: "server" } };
const base = [
    ns("a", { team: "alpha" }),
    ns("b", { team: "beta" }),
    deploy("a", "client", A.labels),
    deploy("b", "server", B.labels),
];

describe("isolation", () => {
    test("a pod selected by no policy is open in both directions", () => {
        expect(isAllowed(base, A, B, 8080)).toBe(true);
        expect(isAllowed(base, B, A, 8080)).toBe(true);
    });
    test("a pod selected by an Ingress policy with no rules is isolated for ingress only", () => {
        const rs = [...base, netpol("b", "deny-in", { podSelector: {}, policyTypes: ["Ingress"] })];
        expect(isAllowed(rs, A, B, 8080)).toBe(false);
        expect(isAllowed(rs, B, A, 8080)).toBe(true); // b's egress is still open
    });
    test("a policy that selects other pods does not isolate this one", () => {
        const rs = [
            ...base,
            netpol("b", "deny-other", {
                podSelector: { matchLabels: { app: "other" } },
                policyTypes: ["Ingress"],
            }),
        ];
        expect(isAllowed(rs, A, B, 8080)).toBe(true);
    });
    test("policies are additive: the union of the selecting policies' rules applies", () => {
        const rs = [
            ...base,
            netpol("b", "p1", { podSelector: {}, ingress: [{ ports: [{ port: 8080 }] }] }),
            netpol("b", "p2", { podSelector: {}, ingress: [{ ports: [{ port: 9090 }] }] }),
        ];
        expect(isAllowed(rs, A, B, 8080)).toBe(true);
        expect(isAllowed(rs, A, B, 9090)).toBe(true);
        expect(isAllowed(rs, A, B, 7070)).toBe(false);
    });
});

describe("both ends must allow", () => {
    test("egress denied at the source blocks a connection the destination allows", () => {
        const rs = [
            ...base,
            netpol("a", "deny-out", { podSelector: {}, policyTypes: ["Egress"] }),
            netpol("b", "allow-in", { podSelector: {}, ingress: [{}] }),
        ];
        expect(isAllowed(rs, A, B, 8080)).toBe(false);
    });
    test("ingress denied at the destination blocks a connection the source allows", () => {
        const rs = [
            ...base,
            netpol("a", "allow-out", { podSelector: {}, egress: [{}] }),
            netpol("b", "deny-in", { podSelector: {} }),
        ];
        expect(isAllowed(rs, A, B, 8080)).toBe(false);
    });
    test("allowed when egress and ingress both allow", () => {
        const rs = [
            ...base,
            netpol("a", "allow-out", { podSelector: {}, egress: [{ to: [{ namespaceSelector: {} }] }] }),
            netpol("b", "allow-in", { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] }),
        ];
        expect(isAllowed(rs, A, B, 8080)).toBe(true);
    });
});

describe("policyTypes defaults", () => {
    test("no policyTypes and no egress section: Ingress only, egress stays open", () => {
        const rs = [...base, netpol("a", "p", { podSelector: {} })];
        expect(isAllowed(rs, A, B, 8080)).toBe(true); // a's egress open
        expect(isAllowed(rs, B, A, 8080)).toBe(false); // a's ingress isolated, no rules
    });
    test("no policyTypes with egress rules: Ingress and Egress", () => {
        const rs = [
            ...base,
            netpol("a", "p", { podSelector: {}, egress: [{ ports: [{ port: 53, protocol: "UDP" }] }] }),
        ];
        expect(isAllowed(rs, A, B, 8080)).toBe(false);
        expect(isAllowed(rs, A, B, 53, "UDP")).toBe(true);
        expect(isAllowed(rs, B, A, 8080)).toBe(false);
    });
    test("no policyTypes with an EMPTY egress list: the API defaults to Ingress only", () => {
        const rs = [...base, netpol("a", "p", { podSelector: {}, ingress: [{}], egress: [] })];
        expect(isAllowed(rs, A, B, 8080)).toBe(true);
    });
    test("explicit policyTypes [Egress] does not isolate ingress, even with ingress rules present", () => {
        const rs = [
            ...base,
            netpol("b", "p", {
                podSelector: {},
                policyTypes: ["Egress"],
                ingress: [{ ports: [{ port: 1 }] }],
            }),
        ];
        expect(isAllowed(rs, A, B, 8080)).toBe(true);
        expect(isAllowed(rs, B, A, 8080)).toBe(false);
    });
});

describe("peers", () => {
    const withC = [
        ...base,
        ns("c", { team: "alpha" }),
        deploy("c", "client", { app: "client" }),
        deploy("a", "other", { app: "other" }),
    ];
    const C = { namespace: "c", labels: { app: "client" } };
    const O = { namespace: "a", labels: { app: "other" } };
    test("namespaceSelector AND podSelector in ONE peer: both must match", () => {
        const rs = [
            ...withC,
            netpol("b", "p", {
                podSelector: {},
                ingress: [
                    {
                        from: [
                            {
                                namespaceSelector: { matchLabels: { team: "alpha" } },
                                podSelector: { matchLabels: { app: "client" } },
                            },
                        ],
                    },
                ],
            }),
        ];
        expect(isAllowed(rs, A, B, 8080)).toBe(true);
        expect(isAllowed(rs, C, B, 8080)).toBe(true);
        expect(isAllowed(rs, O, B, 8080)).toBe(false); // right namespace, wrong pod
    });
    test("two peers are ORed: either matches", () => {
        const rs = [
            ...withC,
            netpol("b", "p", {
                podSelector: {},
                ingress: [
                    {
                        from: [
                            { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "c" } } },
                            { podSelector: { matchLabels: { app: "client" } } },
                        ],
                    },
                ],
            }),
        ];
        expect(isAllowed(rs, C, B, 8080)).toBe(true); // first peer (any pod in c)
        expect(isAllowed(rs, A, B, 8080)).toBe(false); // second peer means pods in b itself, not a
        expect(isAllowed(rs, { namespace: "b", labels: { app: "client" } }, B, 8080)).toBe(true);
    });
    test("a podSelector-only peer selects pods in the policy's own namespace", () => {
        const rs = [
            ...withC,
            netpol("b", "p", { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] }),
        ];
        expect(isAllowed(rs, A, B, 8080)).toBe(false);
        expect(isAllowed(rs, { namespace: "b", labels: {} }, B, 8080)).toBe(true);
    });
    test("an empty namespaceSelector selects every namespace", () => {
        const rs = [
            ...withC,
            netpol("b", "p", { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] }),
        ];
        expect(isAllowed(rs, A, B, 8080)).toBe(true);
        expect(isAllowed(rs, C, B, 8080)).toBe(true);
        expect(isAllowed(rs, { ip: "203.0.113.5" }, B, 8080)).toBe(false); // not a pod
    });
    test("an absent `from` matches every source, outside addresses included; an empty list too", () => {
        for (const rule of [{}, { from: [] }]) {
            const rs = [...withC, netpol("b", "p", { podSelector: {}, ingress: [rule] })];
            expect(isAllowed(rs, A, B, 8080)).toBe(true);
            expect(isAllowed(rs, { ip: "198.51.100.7" }, B, 8080)).toBe(true);
        }
    });
    test("namespaces carry the implicit kubernetes.io/metadata.name label", () => {
        const rs = [
            ...base,
            netpol("b", "p", {
                podSelector: {},
                ingress: [
                    {
                        from: [
                            { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "a" } } },
                        ],
                    },
                ],
            }),
        ];
        expect(isAllowed(rs, A, B, 8080)).toBe(true);
    });
});

describe("label selectors", () => {
    test.each([
        [
            { matchExpressions: [{ key: "tier", operator: "In", values: ["web", "api"] }] },
            { tier: "api" },
            true,
        ],
        [{ matchExpressions: [{ key: "tier", operator: "In", values: ["web"] }] }, { tier: "api" }, false],
        [{ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["web"] }] }, { tier: "api" }, true],
        [{ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["web"] }] }, {}, true], // absent key matches NotIn
        [{ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["web"] }] }, { tier: "web" }, false],
        [{ matchExpressions: [{ key: "tier", operator: "Exists" }] }, { tier: "x" }, true],
        [{ matchExpressions: [{ key: "tier", operator: "Exists" }] }, {}, false],
        [{ matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }, {}, true],
        [{ matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }, { tier: "x" }, false],
        [
            { matchLabels: { a: "1" }, matchExpressions: [{ key: "b", operator: "Exists" }] },
            { a: "1" },
            false,
        ], // ANDed
        [{}, { anything: "x" }, true],
        [{ matchExpressions: [{ key: "tier", operator: "Bogus" }] }, { tier: "x" }, false], // invalid matches nothing
    ])("%j on %j -> %s", (sel, labels, expected) => {
        expect(selectorMatches(sel as any, labels)).toBe(expected);
    });
    test("selectors apply to pod labels in a policy", () => {
        const rs = [
            ...base,
            netpol("b", "p", {
                podSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["server"] }] },
                ingress: [
                    {
                        from: [
                            {
                                namespaceSelector: {
                                    matchExpressions: [{ key: "team", operator: "NotIn", values: ["alpha"] }],
                                },
                            },
                        ],
                    },
                ],
            }),
        ];
        expect(isAllowed(rs, A, B, 8080)).toBe(false); // a is team alpha
        expect(isAllowed(rs, { namespace: "b", labels: {} }, B, 8080)).toBe(true); // b is team beta
    });
    test("labelsSatisfying builds a probe label map", () => {
        expect(
            labelsSatisfying({
                matchLabels: { a: "1" },
                matchExpressions: [
                    { key: "b", operator: "In", values: ["x"] },
                    { key: "c", operator: "Exists" },
                ],
            }),
        ).toEqual({ a: "1", b: "x", c: "probe" });
    });
});

describe("ipBlock", () => {
    const rs = [
        ...base,
        netpol("b", "in", {
            podSelector: {},
            ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/16", except: ["10.0.5.0/24"] } }] }],
        }),
        netpol("a", "out", {
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
                {
                    to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["169.254.169.254/32"] } }],
                    ports: [{ port: 443 }],
                },
            ],
        }),
    ];
    test("an address inside the cidr is allowed, one inside `except` is not", () => {
        expect(isAllowed(rs, { ip: "10.0.1.10" }, B, 8080)).toBe(true);
        expect(isAllowed(rs, { ip: "10.0.5.10" }, B, 8080)).toBe(false);
        expect(isAllowed(rs, { ip: "10.1.0.1" }, B, 8080)).toBe(false);
    });
    test("egress to an ipBlock: the internet yes, the metadata service no", () => {
        expect(isAllowed(rs, A, { ip: "203.0.113.10" }, 443)).toBe(true);
        expect(isAllowed(rs, A, { ip: "169.254.169.254" }, 443)).toBe(false);
        expect(isAllowed(rs, A, { ip: "203.0.113.10" }, 80)).toBe(false);
    });
    test("ipBlock peers do not match in-cluster pods", () => {
        expect(isAllowed(rs, A, B, 8080)).toBe(false);
    });
    test("CIDR arithmetic, IPv4 and IPv6", () => {
        expect(cidrContains("10.0.0.0/8", "10.255.1.1")).toBe(true);
        expect(cidrContains("10.0.0.0/8", "11.0.0.1")).toBe(false);
        expect(cidrContains("fd00:ec2::/64", "fd00:ec2::254")).toBe(true);
        expect(cidrContains("fd00:ec2::/64", "fd00:ec3::254")).toBe(false);
        expect(cidrContains("0.0.0.0/0", "fd00::1")).toBe(false);
        expect(cidrOf("10.0.0.0/33")).toBeUndefined();
    });
});

describe("ports and protocols", () => {
    const named = [
        ns("a"),
        ns("b"),
        deploy("a", "client", A.labels),
        deploy("b", "server", B.labels, [
            { name: "http", containerPort: 8080 },
            { name: "dns", containerPort: 5353, protocol: "UDP" },
        ]),
    ];
    test("a named port resolves against the destination's container ports", () => {
        const rs = [
            ...named,
            netpol("b", "p", { podSelector: {}, ingress: [{ ports: [{ port: "http" }] }] }),
        ];
        expect(isAllowed(rs, A, B, 8080)).toBe(true);
        expect(isAllowed(rs, A, B, 8081)).toBe(false);
    });
    test("a named port in an egress rule resolves against the destination pod", () => {
        const rs = [
            ...named,
            netpol("a", "p", {
                podSelector: {},
                policyTypes: ["Egress"],
                egress: [{ ports: [{ port: "http" }] }],
            }),
        ];
        expect(isAllowed(rs, A, B, 8080)).toBe(true);
        expect(isAllowed(rs, A, { ip: "203.0.113.1" }, 8080)).toBe(false); // no pod, no name
    });
    test("a named port must match the protocol too", () => {
        const rs = [
            ...named,
            netpol("b", "p", { podSelector: {}, ingress: [{ ports: [{ port: "dns", protocol: "UDP" }] }] }),
        ];
        expect(isAllowed(rs, A, B, 5353, "UDP")).toBe(true);
        expect(isAllowed(rs, A, B, 5353, "TCP")).toBe(false);
    });
    test("endPort makes an inclusive range", () => {
        const rs = [
            ...base,
            netpol("b", "p", { podSelector: {}, ingress: [{ ports: [{ port: 32000, endPort: 32768 }] }] }),
        ];
        expect(isAllowed(rs, A, B, 32000)).toBe(true);
        expect(isAllowed(rs, A, B, 32768)).toBe(true);
        expect(isAllowed(rs, A, B, 32769)).toBe(false);
        expect(isAllowed(rs, A, B, 31999)).toBe(false);
    });
    test("protocol defaults to TCP; UDP and SCTP are distinct", () => {
        const rs = [
            ...base,
            netpol("b", "p", {
                podSelector: {},
                ingress: [{ ports: [{ port: 53 }, { port: 9999, protocol: "SCTP" }] }],
            }),
        ];
        expect(isAllowed(rs, A, B, 53, "TCP")).toBe(true);
        expect(isAllowed(rs, A, B, 53, "UDP")).toBe(false);
        expect(isAllowed(rs, A, B, 9999, "SCTP")).toBe(true);
        expect(isAllowed(rs, A, B, 9999, "TCP")).toBe(false);
    });
    test("a port entry without a port number matches every port of its protocol", () => {
        const rs = [
            ...base,
            netpol("b", "p", { podSelector: {}, ingress: [{ ports: [{ protocol: "UDP" }] }] }),
        ];
        expect(isAllowed(rs, A, B, 1234, "UDP")).toBe(true);
        expect(isAllowed(rs, A, B, 1234, "TCP")).toBe(false);
    });
    test("a numeric string is a (invalid) port name, not a number, and is warned about", () => {
        const rs = [...base, netpol("b", "p", { podSelector: {}, ingress: [{ ports: [{ port: "8080" }] }] })];
        const r = analyzeReachability(rs, { synthesize: false });
        expect(isAllowed(r, A, B, 8080)).toBe(false);
        expect(r.warnings.join("\n")).toMatch(/port "8080" is a string/);
    });
});

describe("analysis output", () => {
    const rs = [
        ...base,
        netpol("b", "default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
        netpol("b", "allow-a", {
            podSelector: { matchLabels: { app: "server" } },
            ingress: [
                {
                    from: [{ namespaceSelector: { matchLabels: { team: "alpha" } } }],
                    ports: [{ port: 8080 }],
                },
            ],
        }),
    ];
    test("workloads come from pod templates of the pod-bearing kinds, with isolation status", () => {
        const cron = {
            type: "kubernetes:batch/v1:CronJob",
            name: "job",
            props: {
                metadata: { name: "job", namespace: "b" },
                spec: {
                    jobTemplate: {
                        spec: {
                            template: {
                                metadata: { labels: { app: "job" } },
                                spec: { containers: [{ name: "j" }] },
                            },
                        },
                    },
                },
            },
        };
        const r = analyzeReachability([...rs, cron], { synthesize: false });
        expect(r.workloads.map((w) => w.id).sort()).toEqual([
            "a/Deployment/client",
            "b/CronJob/job",
            "b/Deployment/server",
        ]);
        expect(r.workloads.find((w) => w.id === "a/Deployment/client")!.isolated).toEqual({
            ingress: false,
            egress: false,
        });
        expect(r.workloads.find((w) => w.id === "b/Deployment/server")!.isolated).toEqual({
            ingress: true,
            egress: true,
        });
    });
    test("connections list exactly the allowed (from, to, port, protocol)", () => {
        const r = analyzeReachability(rs, { synthesize: false, externalEndpoints: [] });
        const fmt = r.connections
            .map((c) => `${c.from.workload}->${c.to.workload}:${c.port}/${c.protocol}`)
            .sort();
        expect(fmt).toEqual([
            "a/Deployment/client->a/Deployment/client:8080/TCP",
            "a/Deployment/client->b/Deployment/server:8080/TCP",
        ]);
        expect(r.connections[0].from).toMatchObject({ namespace: "a", labels: { app: "client" } });
    });
    test("probe ports are checked on every pod", () => {
        const r = analyzeReachability(rs, {
            synthesize: false,
            externalEndpoints: [],
            probePorts: [{ port: 5432 }],
        });
        expect(r.connections.some((c) => c.port === 5432 && c.to.workload === "b/Deployment/server")).toBe(
            false,
        );
        expect(r.connections.some((c) => c.port === 5432 && c.to.workload === "a/Deployment/client")).toBe(
            true,
        );
    });
    test("synthesize adds probe pods for selectors that match nothing captured", () => {
        const only = [
            ns("v"),
            netpol("v", "p", {
                podSelector: { matchLabels: { app: "vault" } },
                ingress: [
                    {
                        from: [
                            { namespaceSelector: { matchLabels: { "blueprint.io/vault-client": "true" } } },
                        ],
                        ports: [{ port: 8200 }],
                    },
                ],
            }),
        ];
        const r = analyzeReachability(only, { externalEndpoints: [] });
        expect(r.workloads.map((w) => w.id)).toEqual([
            "v/probe{app=vault}",
            "~{blueprint.io/vault-client=true}/probe{}",
        ]);
        expect(
            r.connections.some(
                (c) =>
                    c.from.namespace.startsWith("~") &&
                    c.to.workload === "v/probe{app=vault}" &&
                    c.port === 8200,
            ),
        ).toBe(true);
    });
    test("formatMatrix prints each source with its destinations and flags open pods", () => {
        const text = formatMatrix(analyzeReachability(rs, { synthesize: false }));
        expect(text).toMatch(/a\/Deployment\/client \{app=client\} \[ingress OPEN, egress OPEN\]/);
        expect(text).toMatch(/ {2}-> b\/Deployment\/server: 8080\/TCP/);
        expect(text).toMatch(/b\/Deployment\/server \{app=server\}\n {2}-> \(nothing\)/);
    });
});

describe("Services: the VIP before translation (VPC CNI) AND every backend after it (issue 13, item 1)", () => {
    const api = {
        id: "default/kubernetes",
        namespace: "default",
        name: "kubernetes",
        clusterIP: "172.20.0.1",
        ports: [{ port: 443, targetPort: 443, protocol: "TCP" as const, name: "https" }],
        endpoints: ["10.0.0.100"],
    };
    const toApi = { service: "default/kubernetes" };
    const egress = (to: any[]) =>
        netpol("a", "egress", {
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [{ to, ports: [{ port: 443 }] }],
        });
    const run = (extra: CapturedResource[]) => analyzeReachability([...base, ...extra], { services: [api] });

    test("egress to the VPC only (the endpoints) does not reach the API Service: pods dial its ClusterIP", () => {
        const r = run([egress([{ ipBlock: { cidr: "10.0.0.0/16" } }])]);
        expect(isAllowed(r, A, { ip: "10.0.0.100" }, 443)).toBe(true); // the ENI itself
        expect(isAllowed(r, A, toApi, 443)).toBe(false);
    });
    test("egress to the ClusterIP only does not reach it either: the endpoints are checked after translation", () => {
        const r = run([egress([{ ipBlock: { cidr: "172.20.0.1/32" } }])]);
        expect(isAllowed(r, A, toApi, 443)).toBe(false);
    });
    test("the ClusterIP /32 and the endpoints together reach it, on the Service port only", () => {
        const r = run([
            egress([{ ipBlock: { cidr: "172.20.0.1/32" } }, { ipBlock: { cidr: "10.0.0.0/16" } }]),
        ]);
        expect(isAllowed(r, A, toApi, 443)).toBe(true);
        expect(isAllowed(r, A, toApi, 6443)).toBe(false);
        expect(
            r.connections.some(
                (c) => c.to.service === "default/kubernetes" && c.from.workload === "a/Deployment/client",
            ),
        ).toBe(true);
    });
    test("an unpoliced pod reaches it; an external source never does", () => {
        expect(isAllowed(run([]), A, toApi, 443)).toBe(true);
        expect(isAllowed(run([]), { ip: "203.0.113.10" }, toApi, 443)).toBe(false);
    });

    const svc = (spec: any): CapturedResource => ({
        type: "kubernetes:core/v1:Service",
        name: "server",
        props: { metadata: { name: "server", namespace: "b" }, spec },
    });
    const http = svc({ selector: B.labels, ports: [{ port: 80, targetPort: 8080 }] });
    const toSvc = { service: "b/server" };
    test("a pod-selector egress rule covers the Service's ClusterIP (the controller adds it) and its backends", () => {
        const rs = [
            http,
            netpol("a", "egress", {
                podSelector: {},
                policyTypes: ["Egress"],
                egress: [
                    {
                        to: [
                            {
                                namespaceSelector: { matchLabels: { team: "beta" } },
                                podSelector: { matchLabels: B.labels },
                            },
                        ],
                        ports: [{ port: 8080 }],
                    },
                ],
            }),
        ];
        const r = analyzeReachability([...base, ...rs]);
        expect(isAllowed(r, A, toSvc, 80)).toBe(true);
        expect(r.services.map((s) => s.id)).toEqual(["b/server"]);
    });
    test("an ipBlock rule cannot cover a ClusterIP the preview does not know", () => {
        const r = analyzeReachability([
            ...base,
            http,
            egress([{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }]),
        ]);
        expect(isAllowed(r, A, toSvc, 80)).toBe(false);
    });
    test("the backend's ingress still decides, on the target port", () => {
        const deny = netpol("b", "in", {
            podSelector: {},
            policyTypes: ["Ingress"],
            ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 80 }] }],
        });
        expect(isAllowed(analyzeReachability([...base, http, deny]), A, toSvc, 80)).toBe(false);
        const allow = netpol("b", "in", {
            podSelector: {},
            policyTypes: ["Ingress"],
            ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 8080 }] }],
        });
        expect(isAllowed(analyzeReachability([...base, http, allow]), A, toSvc, 80)).toBe(true);
    });
    test("a named targetPort resolves against the backend's container ports; no backend reaches nothing", () => {
        const named = [
            ns("a", { team: "alpha" }),
            ns("b", { team: "beta" }),
            deploy("a", "client", A.labels),
            deploy("b", "server", B.labels, [{ containerPort: 9000, name: "web" }]),
            svc({ selector: B.labels, ports: [{ port: 80, targetPort: "web" }] }),
            netpol("b", "in", {
                podSelector: {},
                policyTypes: ["Ingress"],
                ingress: [{ ports: [{ port: 9000 }] }],
            }),
        ];
        expect(isAllowed(analyzeReachability(named), A, toSvc, 80)).toBe(true);
        const orphan = svc({ selector: { app: "nobody" }, ports: [{ port: 80, targetPort: 8080 }] });
        expect(isAllowed(analyzeReachability([...base, orphan]), A, toSvc, 80)).toBe(false);
        expect(formatMatrix(analyzeReachability([...base, http]))).toMatch(
            /-> \(service\) b\/server: 80\/TCP/,
        );
    });
    test("headless and ExternalName Services have no VIP and are not Services of the matrix", () => {
        const r = analyzeReachability([
            ...base,
            svc({ clusterIP: "None", selector: B.labels, ports: [{ port: 80 }] }),
        ]);
        expect(r.services).toEqual([]);
    });
});
