/**
 * Issue 16, exposure: Ingress hosts and catch-all backends, ExternalName targets, TLS at AWS load balancers, and
 * Services exposing SSH, RDP or the kubelet.
 */
import { forbiddenExternalName } from "../../policy-pack/exposure/service-externalname-restricted";
import { Obj, messages, preview, res, run, unknownString } from "./coverage-helpers";

const ingress = (spec: Obj, name = "web") =>
    res(
        "kubernetes:networking.k8s.io/v1:Ingress",
        { metadata: { name, namespace: "apps" }, spec },
        `ing-${name}`,
    );
const service = (spec: Obj, annotations: Obj = {}, name = "svc") =>
    res(
        "kubernetes:core/v1:Service",
        { metadata: { name, namespace: "apps", annotations }, spec },
        `svc-${name}`,
    );
const backend = { service: { name: "web", port: { number: 80 } } };
const rule = (host?: string) => ({
    ...(host === undefined ? {} : { host }),
    http: { paths: [{ path: "/", pathType: "Prefix", backend }] },
});

describe("ingress-host-restricted", () => {
    test("exact hosts pass", () => {
        expect(
            run(
                "ingress-host-restricted",
                ingress({ rules: [rule("shop.example.com"), rule("api.example.com")] }),
            ),
        ).toEqual([]);
    });
    test("no host, empty host, wildcard host, defaultBackend (v1) and backend (v1beta1)", () => {
        expect(
            messages(
                "ingress-host-restricted",
                ingress({
                    defaultBackend: backend,
                    rules: [rule(), rule(""), rule("*.example.com"), rule("ok.example.com")],
                }),
            ),
        ).toEqual([
            'Ingress "web" has a defaultBackend, which serves every host name.',
            'Ingress "web" rules[0] has no host, so it serves every host name.',
            'Ingress "web" rules[1] has no host, so it serves every host name.',
            'Ingress "web" rules[2] has the wildcard host "*.example.com".',
        ]);
        const legacy = res("kubernetes:extensions/v1beta1:Ingress", {
            metadata: { name: "old" },
            spec: { backend: { serviceName: "web", servicePort: 80 } },
        });
        expect(messages("ingress-host-restricted", legacy)).toEqual([
            'Ingress "old" has a defaultBackend, which serves every host name.',
        ]);
    });
    test("a host unknown during preview is not a finding; the other rules are still checked", () => {
        const i = ingress({ rules: [rule(unknownString as string), rule()] });
        i.props = preview(i.props);
        expect(messages("ingress-host-restricted", i)).toEqual([
            'Ingress "web" rules[1] has no host, so it serves every host name.',
        ]);
    });
});

describe("service-externalname-restricted", () => {
    test.each([
        ["localhost", "localhost"],
        ["LOCALHOST.", "localhost"],
        ["127.0.0.1", "loopback"],
        ["127.1.2.3", "loopback"],
        ["::1", "loopback"],
        ["169.254.169.254", "metadata"],
        ["fd00:ec2::254", "metadata"],
        ["metadata.google.internal", "metadata"],
        ["kubernetes.default", "API server"],
        ["kubernetes.default.svc.cluster.local", "API server"],
        ["ABCDEF0123.gr7.eu-west-1.eks.amazonaws.com", "EKS API"],
    ])("%s is refused", (name, why) => {
        const found = messages(
            "service-externalname-restricted",
            service({ type: "ExternalName", externalName: name }),
        );
        expect(found).toHaveLength(1);
        expect(found[0]).toContain(why);
    });
    test("external DNS names and non-ExternalName Services pass", () => {
        for (const n of [
            "db.example.com",
            "my-db.abc.eu-west-1.rds.amazonaws.com",
            "kubernetes-dashboard.example.com",
        ])
            expect({ n, why: forbiddenExternalName(n) }).toEqual({ n, why: undefined });
        expect(
            run("service-externalname-restricted", service({ type: "ClusterIP", ports: [{ port: 80 }] })),
        ).toEqual([]);
    });
});

describe("service-load-balancer-tls (advisory)", () => {
    const cert = {
        "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": "arn:aws:acm:eu-west-1:1:certificate/x",
    };
    test("no certificate: every port but 443 is plain", () => {
        expect(
            messages(
                "service-load-balancer-tls",
                service({ type: "LoadBalancer", ports: [{ port: 443 }, { port: 80 }, { port: 8080 }] }),
            ),
        ).toEqual([
            'Service "svc" is a LoadBalancer without service.beta.kubernetes.io/aws-load-balancer-ssl-cert: port(s) 80, 8080 carry plain traffic.',
        ]);
        expect(
            run("service-load-balancer-tls", service({ type: "LoadBalancer", ports: [{ port: 443 }] })),
        ).toEqual([]);
    });
    test("a certificate covers every port unless ssl-ports narrows it (by number or name)", () => {
        expect(
            run(
                "service-load-balancer-tls",
                service({ type: "LoadBalancer", ports: [{ port: 8443 }, { port: 80 }] }, cert),
            ),
        ).toEqual([]);
        const narrowed = { ...cert, "service.beta.kubernetes.io/aws-load-balancer-ssl-ports": "https, 9000" };
        expect(
            messages(
                "service-load-balancer-tls",
                service(
                    {
                        type: "LoadBalancer",
                        ports: [{ name: "https", port: 8443 }, { port: 9000 }, { port: 80 }],
                    },
                    narrowed,
                ),
            ),
        ).toEqual([
            'Service "svc" has a certificate at the load balancer, but ports 80 are not in service.beta.kubernetes.io/aws-load-balancer-ssl-ports: plain traffic.',
        ]);
    });
    test("other Service types pass", () => {
        expect(
            run("service-load-balancer-tls", service({ type: "ClusterIP", ports: [{ port: 80 }] })),
        ).toEqual([]);
    });
});

describe("service-no-remote-access-ports", () => {
    test("SSH, RDP and kubelet ports, as port or numeric targetPort", () => {
        const svc = service({
            ports: [
                { name: "ssh", port: 22 },
                { name: "alt", port: 2222, targetPort: 22 },
                { name: "rdp", port: 3389 },
                { name: "kubelet", port: 10250 },
                { name: "ro", port: 8080, targetPort: 10255 },
                { name: "web", port: 443, targetPort: 8443 },
            ],
        });
        expect(messages("service-no-remote-access-ports", svc)).toEqual([
            'Service "svc" exposes SSH (port 22).',
            'Service "svc" exposes SSH (port 2222, targetPort 22).',
            'Service "svc" exposes RDP (port 3389).',
            'Service "svc" exposes the kubelet API (port 10250).',
            'Service "svc" exposes the kubelet read-only API (port 8080, targetPort 10255).',
        ]);
    });
    test("ordinary ports and named targetPorts pass", () => {
        expect(
            run(
                "service-no-remote-access-ports",
                service({ ports: [{ port: 443, targetPort: "https" }, { port: 5432 }] }),
            ),
        ).toEqual([]);
    });
});
