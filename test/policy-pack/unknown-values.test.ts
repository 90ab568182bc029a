/**
 * Issue 12, "unknown values must never hide the rest of an object", through the real pack process: the string
 * `04da6b54-80e4-46f7-96ec-b56ff0331ba9` is the wire form of "unknown during preview", so @pulumi/policy turns it
 * into a value whose read throws. An unknown makes only that value unknown: every other check still runs, and a
 * check that cannot be decided says so in an ADVISORY finding; nothing passes silently.
 */
import { Diagnostic } from "../../guard/analyzer";
import { Pack, UNKNOWN, k8s, of } from "./pack-harness";

jest.setTimeout(120_000);

let pack: Pack;
beforeAll(async () => {
    pack = await Pack.start();
});
afterAll(() => pack?.close());

const ns = (name: string, labels: Record<string, string> = {}) =>
    k8s("v1", "Namespace", {
        metadata: {
            name,
            labels: { "pod-security.kubernetes.io/enforce": "restricted", ...labels },
        },
    });

const denyAll = (namespace: string) =>
    k8s("networking.k8s.io/v1", "NetworkPolicy", {
        metadata: { name: "default-deny", namespace },
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    });

const goodImage = "registry.k8s.io/pause:3.10@sha256:" + "a".repeat(64);
const deployment = (namespace: string, containers: unknown[], extra: Record<string, unknown> = {}) =>
    k8s("apps/v1", "Deployment", {
        metadata: { name: "web", namespace },
        spec: {
            selector: { matchLabels: { app: "web" } },
            template: {
                metadata: { labels: { app: "web" } },
                spec: { automountServiceAccountToken: false, containers, ...extra },
            },
        },
    });

const messages = (ds: Diagnostic[]) => ds.map((d) => `${d.level} ${d.policy}: ${d.message}`);

describe("a container named with the unknown sentinel", () => {
    let ds: Diagnostic[];
    beforeAll(async () => {
        const evil = {
            name: UNKNOWN,
            image: "nginx:latest",
            securityContext: { privileged: true, runAsUser: 0, capabilities: { add: ["SYS_ADMIN"] } },
            volumeMounts: [{ name: "host", mountPath: "/host" }],
        };
        ds = await pack.run([
            ns("apps"),
            denyAll("apps"),
            deployment("apps", [evil], { volumes: [{ name: "host", hostPath: { path: "/" } }] }),
        ]);
    });

    test.each([
        "pss-privileged",
        "pss-capabilities",
        "pss-restricted-volumes",
        "pss-run-as-user",
        "pss-run-as-non-root",
        "pss-allow-privilege-escalation",
        "image-tag-pinned",
        "allowed-image-registries",
        "container-resources",
    ])("still gets its %s violation, mandatory", (policy) => {
        expect({ policy, found: of(ds, policy, "mandatory").length > 0 }).toEqual({ policy, found: true });
    });

    test("and the message labels the container without the sentinel", () => {
        const m = of(ds, "pss-privileged", "mandatory")[0].message;
        expect(m).toContain("name unknown until apply");
        expect(m).not.toContain(UNKNOWN);
    });
});

describe("one object carrying the sentinel in a stack policy's path", () => {
    test("a default-deny NetworkPolicy whose namespace is unknown does not count for every namespace", async () => {
        const ds = await pack.run([
            ns("apps"),
            ns("other"),
            deployment("apps", [{ name: "web", image: goodImage }]),
            deployment("other", [{ name: "web", image: goodImage }]),
            denyAll("other"),
            denyAll(UNKNOWN),
        ]);
        expect(of(ds, "namespace-default-deny", "mandatory")).toEqual([]);
        const adv = of(ds, "namespace-default-deny", "advisory");
        expect(adv).toHaveLength(1);
        expect(adv[0].message).toContain('Namespace "apps"');
        expect(adv[0].message).not.toContain('Namespace "other"');
        expect(adv[0].message).toMatch(/unknown until apply/);
    });

    test("without any unknown, the missing default-deny stays mandatory", async () => {
        const ds = await pack.run([ns("apps"), deployment("apps", [{ name: "web", image: goodImage }])]);
        expect(of(ds, "namespace-default-deny", "mandatory")).toHaveLength(1);
    });

    test("an unknown label value does not clear a privileged namespace without exemption", async () => {
        const ds = await pack.run([
            ns("ops", { "pod-security.kubernetes.io/enforce": "privileged", team: UNKNOWN }),
        ]);
        expect(messages(of(ds, "namespace-privileged-requires-exemption", "mandatory"))).toEqual([
            expect.stringContaining('Namespace "ops" enforces the privileged Pod Security level'),
        ]);
    });

    test("an unknown enforce label is reported as not verified, not passed", async () => {
        const ds = await pack.run([ns("ops", { "pod-security.kubernetes.io/enforce": UNKNOWN })]);
        expect(of(ds, "namespace-privileged-requires-exemption", "mandatory")).toEqual([]);
        expect(of(ds, "namespace-privileged-requires-exemption", "advisory")[0].message).toContain(
            "pod-security.kubernetes.io/enforce",
        );
    });

    test("a ClusterRole that reads all Secrets is still found next to an unknown rule, and its binding flagged", async () => {
        const role = k8s("rbac.authorization.k8s.io/v1", "ClusterRole", {
            metadata: { name: "reader" },
            rules: [UNKNOWN, { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list"] }],
        });
        const binding = k8s("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", {
            metadata: { name: "reader" },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: UNKNOWN, name: "reader" },
            subjects: [{ kind: "Group", name: "devs", apiGroup: "rbac.authorization.k8s.io" }],
        });
        const ds = await pack.run([role, binding]);
        expect(of(ds, "rbac-no-cluster-wide-secrets-read", "mandatory").map((d) => d.urn)).toEqual([
            binding.urn,
        ]);
        // The unknown rule itself is reported as not verified by the rule-reading policies.
        expect(of(ds, "rbac-no-wildcards", "advisory")[0].message).toContain(".rules[0]");
    });

    test("an unknown load-balancer scheme is not verified, not passed; other annotations don't matter", async () => {
        const svc = (annotations: Record<string, string>) =>
            k8s("v1", "Service", {
                metadata: { name: "lb", namespace: "apps", annotations },
                spec: { type: "LoadBalancer", ports: [{ port: 443 }] },
            });
        const unknownScheme = await pack.run([
            svc({ "service.beta.kubernetes.io/aws-load-balancer-scheme": UNKNOWN }),
        ]);
        expect(of(unknownScheme, "service-internal-load-balancer", "mandatory")).toEqual([]);
        expect(of(unknownScheme, "service-internal-load-balancer", "advisory")[0].message).toContain(
            "aws-load-balancer-scheme",
        );
        const other = await pack.run([svc({ team: UNKNOWN })]);
        expect(of(other, "service-internal-load-balancer", "mandatory")).toHaveLength(1);
        const legacy = await pack.run([
            svc({ "service.beta.kubernetes.io/aws-load-balancer-internal": UNKNOWN }),
        ]);
        expect(of(legacy, "service-internal-load-balancer", "mandatory")).toEqual([]);
        expect(of(legacy, "service-internal-load-balancer", "advisory")).toHaveLength(1);
    });

    test("Ingress TLS: an unknown host hides neither the other hosts nor the missing TLS", async () => {
        const ing = (spec: Record<string, unknown>) =>
            k8s("networking.k8s.io/v1", "Ingress", { metadata: { name: "web", namespace: "apps" }, spec });
        const rules = (...hosts: string[]) =>
            hosts.map((host) => ({
                host,
                http: {
                    paths: [
                        {
                            path: "/",
                            pathType: "Prefix",
                            backend: { service: { name: "web", port: { number: 80 } } },
                        },
                    ],
                },
            }));
        const ds = await pack.run([
            ing({
                tls: [{ hosts: ["a.example.com"], secretName: "t" }],
                rules: rules(UNKNOWN, "b.example.com"),
            }),
        ]);
        expect(of(ds, "ingress-tls", "mandatory").map((d) => d.message)).toEqual([
            expect.stringContaining("b.example.com"),
        ]);
        expect(of(ds, "ingress-tls", "advisory")).toHaveLength(1);

        const unknownTlsHost = await pack.run([
            ing({ tls: [{ hosts: [UNKNOWN], secretName: "t" }], rules: rules("b.example.com") }),
        ]);
        expect(of(unknownTlsHost, "ingress-tls", "mandatory")).toEqual([]);
        expect(of(unknownTlsHost, "ingress-tls", "advisory")[0].message).toContain("b.example.com");
    });
});
