/**
 * Issue 16, network: per-workload NetworkPolicy coverage (a workload expecting traffic in an ingress-isolated
 * namespace that no allow policy selects) and policies that select every pod with an allow-all rule. Both advisory,
 * both decided by the offline reachability analysis.
 */
import { PolicyResource } from "../../policy-pack/lib/types";
import {
    Obj,
    container,
    deployment,
    messages,
    podSpec,
    preview,
    res,
    run,
    unknownString,
} from "./coverage-helpers";

const np = (name: string, spec: Obj, ns = "apps"): PolicyResource =>
    res(
        "kubernetes:networking.k8s.io/v1:NetworkPolicy",
        { metadata: { name, namespace: ns }, spec },
        `np-${ns}-${name}`,
    );
const denyAll = (ns = "apps") =>
    np("default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }, ns);
const svc = (selector: Obj, ns = "apps") =>
    res("kubernetes:core/v1:Service", {
        metadata: { name: "s", namespace: ns },
        spec: { selector, ports: [{ port: 80 }] },
    });
const web = (labels: Obj = { app: "web" }, ports: Obj[] = [{ containerPort: 8080 }]) =>
    deployment(podSpec({ containers: [container({ ports })] }), "apps", "web", labels);

describe("network-workload-no-ingress (advisory)", () => {
    test("a workload with a port in a default-deny namespace and no allow policy", () => {
        const w = web();
        const found = run("network-workload-no-ingress", [denyAll(), w]);
        expect(found).toEqual([
            {
                message:
                    'apps/Deployment/web gets no ingress: NetworkPolicy "default-deny" isolates it and no policy with an ingress rule selects its labels, although it declares port(s) 8080.',
                urn: w.urn,
            },
        ]);
    });

    test("an allow policy selecting it passes; one selecting other pods does not", () => {
        const allowWeb = np("allow-web", {
            podSelector: { matchLabels: { app: "web" } },
            ingress: [{ ports: [{ port: 8080 }] }],
        });
        expect(run("network-workload-no-ingress", [denyAll(), allowWeb, web()])).toEqual([]);
        const allowDb = np("allow-db", { podSelector: { matchLabels: { app: "db" } }, ingress: [{}] });
        expect(run("network-workload-no-ingress", [denyAll(), allowDb, web()])).toHaveLength(1);
    });

    test("a workload without ports counts when a Service selects it; a worker with neither is fine", () => {
        const worker = web({ app: "worker" }, []);
        expect(run("network-workload-no-ingress", [denyAll(), worker])).toEqual([]);
        expect(messages("network-workload-no-ingress", [denyAll(), worker, svc({ app: "worker" })])).toEqual([
            expect.stringContaining("is selected by a Service"),
        ]);
    });

    test("no isolation (no default-deny) means open ingress: nothing to report here", () => {
        expect(run("network-workload-no-ingress", [web()])).toEqual([]);
        expect(run("network-workload-no-ingress", [denyAll("other"), web()])).toEqual([]);
    });

    test("a value unknown during preview makes the namespace 'not analyzed', never silently clean", () => {
        const p = np("default-deny", {
            podSelector: { matchLabels: { app: unknownString } },
            policyTypes: ["Ingress"],
        });
        p.props = preview(p.props);
        expect(messages("network-workload-no-ingress", [p, web()])).toEqual([
            'Namespace "apps": NetworkPolicy coverage not analyzed, a NetworkPolicy or workload holds a value unknown until apply.',
        ]);
    });
});

describe("network-policy-allow-all (advisory)", () => {
    test("a policy selecting every pod with an empty ingress rule, or from every namespace, or from 0.0.0.0/0", () => {
        expect(messages("network-policy-allow-all", np("open", { podSelector: {}, ingress: [{}] }))).toEqual([
            'NetworkPolicy "open" selects every pod of its namespace and allows ingress from every pod of every namespace, ingress from any address on every port.',
        ]);
        expect(
            messages(
                "network-policy-allow-all",
                np("ns", { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] }),
            ),
        ).toEqual([
            'NetworkPolicy "ns" selects every pod of its namespace and allows ingress from every pod of every namespace on every port.',
        ]);
        expect(
            messages(
                "network-policy-allow-all",
                np("out", {
                    podSelector: {},
                    policyTypes: ["Egress"],
                    egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }],
                }),
            ),
        ).toEqual([
            'NetworkPolicy "out" selects every pod of its namespace and allows egress to any address on every port.',
        ]);
    });

    test("narrow rules, narrow selectors, a default-deny and port-limited rules pass", () => {
        expect(run("network-policy-allow-all", denyAll())).toEqual([]);
        expect(
            run(
                "network-policy-allow-all",
                np("web", { podSelector: { matchLabels: { app: "web" } }, ingress: [{}] }),
            ),
        ).toEqual([]);
        expect(
            run(
                "network-policy-allow-all",
                np("dns", {
                    podSelector: {},
                    policyTypes: ["Egress"],
                    egress: [{ ports: [{ port: 53, protocol: "UDP" }, { port: 53 }] }],
                }),
            ),
        ).toEqual([]);
        expect(
            run(
                "network-policy-allow-all",
                np("team", {
                    podSelector: {},
                    ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "a" } } }] }],
                }),
            ),
        ).toEqual([]);
        expect(
            run(
                "network-policy-allow-all",
                np("https", {
                    podSelector: {},
                    policyTypes: ["Egress"],
                    egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ port: 443 }] }],
                }),
            ),
        ).toEqual([]);
    });
});
