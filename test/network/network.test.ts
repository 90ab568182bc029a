import { installMocks, settle } from "../lib/mocks";
const resources = installMocks();
import { ConfigError } from "../../components/lib/errors";
import {
    allowFrom,
    allowTo,
    allowToCidrs,
    defaultDeny,
    networkPolicy,
    portOf,
} from "../../components/network/builder";
import { flowPolicies } from "../../components/network/flowPolicies";
import { chartPods, platformFlows, validatePlatformFlowArgs } from "../../components/network/platformFlows";
import {
    PlatformNetworkPolicies,
    platformPolicyManifests,
} from "../../components/network/platformNetworkPolicies";
import { analyzeReachability, isAllowed } from "../../analysis/reachability";

describe("builder", () => {
    test("allowFrom: a namespace by name AND pods, in one peer, with TCP ports", () => {
        expect(
            allowFrom("monitoring", { "app.kubernetes.io/name": "prometheus" }, [8200, "53/UDP", "http"]),
        ).toEqual({
            from: [
                {
                    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } },
                    podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } },
                },
            ],
            ports: [
                { port: 8200, protocol: "TCP" },
                { port: 53, protocol: "UDP" },
                { port: "http", protocol: "TCP" },
            ],
        });
    });
    test("allowTo: undefined namespace = the policy's own namespace (podSelector only); no ports = every port", () => {
        expect(allowTo(undefined, undefined, [])).toEqual({ to: [{ podSelector: {} }] });
        expect(allowTo({ matchLabels: { team: "a" } }, undefined, [])).toEqual({
            to: [{ namespaceSelector: { matchLabels: { team: "a" } } }],
        });
    });
    test("ports: endPort ranges pass through; bad ports are programming errors", () => {
        expect(portOf({ port: 32000, endPort: 32768 })).toEqual({
            port: 32000,
            endPort: 32768,
            protocol: "TCP",
        });
        expect(() => portOf("53/ICMP")).toThrow(/protocol/);
        expect(() => portOf("Not_A_Name")).toThrow(/port name/);
    });
    test("networkPolicy lists policyTypes explicitly; defaultDeny has both with no rules", () => {
        expect(
            networkPolicy("p", "ns", {}, { egress: [allowToCidrs(["0.0.0.0/0"], [443])] }).spec.policyTypes,
        ).toEqual(["Egress"]);
        expect(defaultDeny("ns").spec).toEqual({
            podSelector: {},
            policyTypes: ["Ingress", "Egress"],
            ingress: [],
            egress: [],
        });
        expect(() => networkPolicy("p", "ns", {}, {})).toThrow();
    });
});

describe("platform flows", () => {
    const args = { controlPlaneCidrs: ["10.0.0.0/16"] };
    test("every flow has a reason and a DNS-safe name; both ends of in-platform flows get a policy", () => {
        const flows = platformFlows(args);
        for (const f of flows) {
            expect(f.why.length).toBeGreaterThan(10);
            expect(f.name).toMatch(/^[a-z0-9-]+$/);
        }
        const { policies } = platformPolicyManifests(args);
        const names = policies.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
        expect(names).toEqual(
            expect.arrayContaining([
                "falco/flow-falco-sidekick-in",
                "falco/flow-falco-sidekick-out",
                "vault/flow-vault-clients-in",
                "monitoring/flow-prometheus-vault-out",
                "vault/flow-prometheus-vault-in",
            ]),
        );
        expect(names).not.toContain("vault/flow-vault-clients-out"); // app namespaces own their egress (SecureNamespace vaultClient)
        for (const p of policies) expect(p.metadata.name.length).toBeLessThanOrEqual(63);
    });
    test("the API server reaches the injector from the control-plane CIDR only", () => {
        const p = platformPolicyManifests(args).policies.find(
            (x) => x.metadata.name === "flow-apiserver-vault-injector-in",
        )!;
        expect(p.spec.podSelector).toEqual({ matchLabels: chartPods.vaultInjector });
        expect(p.spec.ingress).toEqual([
            { from: [{ ipBlock: { cidr: "10.0.0.0/16" } }], ports: [{ port: 8080, protocol: "TCP" }] },
        ]);
    });
    test("outbound HTTPS excludes private ranges and the metadata service by default", () => {
        const p = platformPolicyManifests(args).policies.find(
            (x) => x.metadata.name === "flow-vault-kms-out",
        )!;
        expect(p.spec.egress![0].to![0].ipBlock!.except).toEqual(
            expect.arrayContaining(["169.254.0.0/16", "10.0.0.0/8"]),
        );
    });
    test("Harbor ports follow internalTLS", () => {
        const off = platformPolicyManifests({ ...args, harborInternalTLS: false }).policies.find(
            (x) => x.metadata.name === "flow-ingress-harbor-in",
        )!;
        expect(off.spec.ingress![0].ports).toEqual([{ port: 8080, protocol: "TCP" }]);
        const on = platformPolicyManifests(args).policies.find(
            (x) => x.metadata.name === "flow-ingress-harbor-in",
        )!;
        expect(on.spec.ingress![0].ports).toEqual([{ port: 8443, protocol: "TCP" }]);
    });
    test("an ALB in IP mode: Harbor ingress from load-balancer CIDRs instead of a controller namespace", () => {
        const p = platformPolicyManifests({
            ...args,
            ingressFrom: { cidrs: ["10.0.100.0/24"] },
        }).policies.find((x) => x.metadata.name === "flow-ingress-harbor-in")!;
        expect(p.spec.ingress![0].from).toEqual([{ ipBlock: { cidr: "10.0.100.0/24" } }]);
    });
    test("a namespace set to false drops its flows, including cross-namespace ones", () => {
        const names = platformFlows({ ...args, namespaces: { harbor: false, monitoring: false } }).map(
            (f) => f.name,
        );
        expect(names.some((n) => n.includes("harbor"))).toBe(false);
        expect(names.some((n) => n.startsWith("prometheus"))).toBe(false);
        expect(names).toContain("vault-clients");
    });
    test("flowPolicies skips ends outside the managed namespaces", () => {
        const flows = platformFlows(args).filter((f) => f.name === "prometheus-vault");
        expect(flowPolicies(flows, ["vault"]).map((p) => p.metadata.namespace)).toEqual(["vault"]);
    });
    test.each([
        [{ controlPlaneCidrs: [] }, /controlPlaneCidrs must list/],
        [{ controlPlaneCidrs: ["10.0.0.0"] }, /"10.0.0.0" is not a CIDR/],
        [{ controlPlaneCidrs: ["10.0.0.0/16"], namespaces: { vault: "Vault!" } }, /namespaces.vault/],
        [{ controlPlaneCidrs: ["10.0.0.0/16"], ingressFrom: { cidrs: ["x"] } }, /ingressFrom.cidrs/],
    ])("refused: %j", (bad, msg) => {
        expect(validatePlatformFlowArgs(bad).join("\n")).toMatch(msg);
        expect(() => platformPolicyManifests(bad)).toThrow(ConfigError);
    });
    test("synthesized probes: the policies alone (as the guard captures a Helm-based stack) yield the flow matrix", () => {
        const rs = platformPolicyManifests(args).policies.map((np) => ({
            type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            name: np.metadata.name,
            props: np,
        }));
        const r = analyzeReachability(rs);
        expect(r.workloads.some((w) => w.synthetic && w.namespace === "vault")).toBe(true);
        expect(
            isAllowed(
                r,
                { namespace: "falco", labels: chartPods.falco },
                { namespace: "falco", labels: chartPods.falcosidekick },
                2801,
            ),
        ).toBe(true);
    });
});

describe("PlatformNetworkPolicies component", () => {
    test("registers one NetworkPolicy per generated manifest, with explicit names and namespaces", async () => {
        resources.length = 0;
        const c = new PlatformNetworkPolicies("platform", { controlPlaneCidrs: ["10.0.0.0/16"] });
        await settle();
        const nps = resources.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy");
        expect(nps.length).toBe(c.policyNames.length);
        expect(nps.map((r) => `${r.inputs.metadata.namespace}/${r.inputs.metadata.name}`).sort()).toEqual(
            [...c.policyNames].sort(),
        );
    });
    test("bad Args register nothing", async () => {
        resources.length = 0;
        expect(() => new PlatformNetworkPolicies("bad", { controlPlaneCidrs: [] })).toThrow(ConfigError);
        await settle();
        expect(resources).toHaveLength(0);
    });
});
