/** Admission fixtures of the exposure policies (Services and Ingresses): a pass and a fail case or more each. */
import { Obj } from "../../policy-pack/admission/generate";
import { AdmissionFixture } from "./objects";

function svc(name: string, spec: Obj, annotations?: Record<string, string>): Obj {
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name, namespace: "apps", ...(annotations ? { annotations } : {}) },
        spec: { selector: { app: name }, ports: [{ name: "http", port: 80, targetPort: 8080 }], ...spec },
    };
}

const backend = { service: { name: "web", port: { number: 80 } } };
const tls = [{ hosts: ["a.example.com"], secretName: "tls" }];
const auth = { "nginx.ingress.kubernetes.io/auth-url": "https://oauth2.example.com/oauth2/auth" };

/** An Ingress with one rule per host (`""` for a rule without host), TLS for a.example.com, annotations. */
function ing(name: string, annotations: Record<string, string>, hosts: string[] = ["a.example.com"], spec: Obj = {}): Obj {
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: { name, namespace: "apps", annotations },
        spec: {
            ingressClassName: "nginx",
            tls,
            rules: hosts.map((host) => ({
                ...(host ? { host } : {}),
                http: { paths: [{ path: "/", pathType: "Prefix", backend }] },
            })),
            ...spec,
        },
    };
} // prettier-ignore

const lb = "LoadBalancer";
const scheme = "service.beta.kubernetes.io/aws-load-balancer-scheme";
const legacy = "service.beta.kubernetes.io/aws-load-balancer-internal";
const cert = "service.beta.kubernetes.io/aws-load-balancer-ssl-cert";
const sslPorts = "service.beta.kubernetes.io/aws-load-balancer-ssl-ports";
const acm = "arn:aws:acm:eu-west-1:111122223333:certificate/0e2b5c1a-1111-2222-3333-444455556666";
const listen = "alb.ingress.kubernetes.io/listen-ports";
const albRedirect = "alb.ingress.kubernetes.io/ssl-redirect";

export const exposureFixtures: AdmissionFixture[] = [
    // ingress-auth
    { id: "auth-pass-nginx", policy: "ingress-auth", expect: "pass", object: ing("auth-nginx", auth) },
    { id: "auth-pass-alb", policy: "ingress-auth", expect: "pass",
      object: ing("auth-alb", { "alb.ingress.kubernetes.io/auth-type": "OIDC" }) },
    { id: "auth-fail-none", policy: "ingress-auth", expect: "fail", object: ing("auth-none", {}) },
    { id: "auth-fail-off", policy: "ingress-auth", expect: "fail",
      object: ing("auth-off", { "alb.ingress.kubernetes.io/auth-type": "None" }) },
    // ingress-host-restricted
    { id: "host-pass", policy: "ingress-host-restricted", expect: "pass", object: ing("host-ok", auth, ["a.example.com", "b.example.com"]) },
    { id: "host-fail-wildcard", policy: "ingress-host-restricted", expect: "fail", object: ing("host-wild", auth, ["*.example.com"]) },
    { id: "host-fail-empty", policy: "ingress-host-restricted", expect: "fail", object: ing("host-empty", auth, ["a.example.com", ""]) },
    { id: "host-fail-default-backend", policy: "ingress-host-restricted", expect: "fail",
      object: ing("host-default", auth, ["a.example.com"], { defaultBackend: backend }) },
    // ingress-https-redirect
    { id: "redirect-pass-nginx-default", policy: "ingress-https-redirect", expect: "pass", object: ing("redir-default", auth) },
    { id: "redirect-pass-forced", policy: "ingress-https-redirect", expect: "pass",
      object: ing("redir-forced", { ...auth, "nginx.ingress.kubernetes.io/ssl-redirect": "false", "nginx.ingress.kubernetes.io/force-ssl-redirect": "true" }) },
    { id: "redirect-fail-nginx-off", policy: "ingress-https-redirect", expect: "fail",
      object: ing("redir-off", { ...auth, "nginx.ingress.kubernetes.io/ssl-redirect": " False" }) },
    { id: "redirect-pass-alb-https-only", policy: "ingress-https-redirect", expect: "pass",
      object: ing("redir-alb-https", { ...auth, [listen]: '[{"HTTPS": 443}]' }, ["a.example.com"], { ingressClassName: "alb" }) },
    { id: "redirect-pass-alb-redirect", policy: "ingress-https-redirect", expect: "pass",
      object: ing("redir-alb-80", { ...auth, [listen]: '[{"HTTP": 80}, {"HTTPS": 443}]', [albRedirect]: "443" }, ["a.example.com"], { ingressClassName: "alb" }) },
    { id: "redirect-fail-alb-http", policy: "ingress-https-redirect", expect: "fail",
      object: ing("redir-alb-http", { ...auth, [listen]: '[ {"http": 8080 ,"HTTPS":443} ]' }, ["a.example.com"], { ingressClassName: "alb" }) },
    { id: "redirect-pass-alb-malformed", policy: "ingress-https-redirect", expect: "pass",
      object: ing("redir-alb-bad", { ...auth, [listen]: '[{"HTTP": "80"}]' }, ["a.example.com"], { ingressClassName: "alb" }) },
    { id: "redirect-pass-no-tls", policy: "ingress-https-redirect", expect: "pass",
      object: ing("redir-no-tls", { ...auth, "nginx.ingress.kubernetes.io/ssl-redirect": "false" }, ["a.example.com"], { tls: undefined }) },
    // service-externalname-restricted
    { id: "extname-pass", policy: "service-externalname-restricted", expect: "pass",
      object: svc("ext-ok", { type: "ExternalName", externalName: "db.example.com", selector: undefined, ports: undefined }) },
    ...[
        ["metadata", "169.254.169.254"],
        ["loopback", "127.0.0.1"],
        ["localhost", "LocalHost."],
        ["apiserver", "kubernetes.default.svc.cluster.local"],
        ["eks", "abcdef0123.gr7.eu-west-1.eks.amazonaws.com"],
        ["gcp", "metadata.google.internal"],
    ].map(([id, name]): AdmissionFixture => ({
        id: `extname-fail-${id}`, policy: "service-externalname-restricted", expect: "fail",
        object: svc(`ext-${id}`, { type: "ExternalName", externalName: name, selector: undefined, ports: undefined }),
    })),
    // service-internal-load-balancer
    { id: "ilb-pass-internal", policy: "service-internal-load-balancer", expect: "pass",
      object: svc("ilb-ok", { type: lb }, { [scheme]: "internal", [cert]: acm }) },
    { id: "ilb-pass-legacy", policy: "service-internal-load-balancer", expect: "pass",
      object: svc("ilb-legacy", { type: lb }, { [legacy]: "true", [cert]: acm }) },
    { id: "ilb-fail-none", policy: "service-internal-load-balancer", expect: "fail",
      object: svc("ilb-public", { type: lb }, { [cert]: acm }) },
    { id: "ilb-fail-facing", policy: "service-internal-load-balancer", expect: "fail",
      object: svc("ilb-facing", { type: lb }, { [scheme]: "internet-facing", [legacy]: "true", [cert]: acm }) },
    // service-load-balancer-tls
    { id: "lbtls-pass-cert", policy: "service-load-balancer-tls", expect: "pass",
      object: svc("lbtls-ok", { type: lb }, { [scheme]: "internal", [cert]: acm }) },
    { id: "lbtls-pass-443", policy: "service-load-balancer-tls", expect: "pass",
      object: svc("lbtls-443", { type: lb, ports: [{ port: 443, targetPort: 8443 }] }, { [scheme]: "internal" }) },
    { id: "lbtls-pass-named-port", policy: "service-load-balancer-tls", expect: "pass",
      object: svc("lbtls-named", { type: lb }, { [scheme]: "internal", [cert]: acm, [sslPorts]: " http , 8443" }) },
    { id: "lbtls-fail-no-cert", policy: "service-load-balancer-tls", expect: "fail",
      object: svc("lbtls-plain", { type: lb }, { [scheme]: "internal" }) },
    { id: "lbtls-fail-port-not-listed", policy: "service-load-balancer-tls", expect: "fail",
      object: svc("lbtls-partial", { type: lb, ports: [{ name: "http", port: 80, targetPort: 8080 }, { name: "admin", port: 9000, targetPort: 9000 }] }, { [scheme]: "internal", [cert]: acm, [sslPorts]: "80" }) },
    // service-no-remote-access-ports
    { id: "remote-pass", policy: "service-no-remote-access-ports", expect: "pass",
      object: svc("remote-ok", { ports: [{ port: 8080, targetPort: "http" }] }) },
    { id: "remote-fail-ssh-target", policy: "service-no-remote-access-ports", expect: "fail",
      object: svc("remote-ssh", { ports: [{ name: "git", port: 2222, targetPort: 22 }] }) },
    { id: "remote-fail-kubelet", policy: "service-no-remote-access-ports", expect: "fail",
      object: svc("remote-kubelet", { ports: [{ name: "http", port: 80, targetPort: 8080 }, { name: "kubelet", port: 10250, targetPort: 10250 }] }) },
]; // prettier-ignore
