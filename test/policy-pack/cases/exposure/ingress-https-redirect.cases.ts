import { PolicyCases, res } from "../case";
import { tlsIngress } from "../fixtures/holes";

const both = '[{"HTTP": 80}, {"HTTPS": 443}]';

export const cases: PolicyCases = {
    policy: "ingress-https-redirect",
    pass: [
        {
            name: "nginx: force-ssl-redirect brings the redirect back",
            resources: tlsIngress({
                "nginx.ingress.kubernetes.io/ssl-redirect": "false",
                "nginx.ingress.kubernetes.io/force-ssl-redirect": "true",
            }),
        },
        { name: "nginx by default", resources: tlsIngress({}, { ingressClassName: "nginx" }) },
        {
            name: "nginx ssl-redirect true",
            resources: tlsIngress({ "nginx.ingress.kubernetes.io/ssl-redirect": "true" }),
        },
        {
            name: "an ALB on HTTP 80 with ssl-redirect",
            resources: tlsIngress(
                {
                    "alb.ingress.kubernetes.io/listen-ports": both,
                    "alb.ingress.kubernetes.io/ssl-redirect": "443",
                },
                { ingressClassName: "alb" },
            ),
        },
        {
            name: "an ALB on HTTPS only",
            resources: tlsIngress(
                { "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS": 443}]' },
                { ingressClassName: "alb" },
            ),
        },
        {
            name: "an Ingress without tls is ingress-tls's",
            resources: res("kubernetes:networking.k8s.io/v1:Ingress", {
                metadata: {
                    name: "web",
                    annotations: { "nginx.ingress.kubernetes.io/ssl-redirect": "false" },
                },
                spec: { rules: [{ host: "a.example.com" }] },
            }),
        },
    ],
    fail: [
        {
            name: "nginx with ssl-redirect off serves plain HTTP",
            resources: tlsIngress(
                { "nginx.ingress.kubernetes.io/ssl-redirect": "false" },
                { ingressClassName: "nginx" },
            ),
            messages: [
                'Ingress "web" has a tls section but nginx.ingress.kubernetes.io/ssl-redirect: "false": it also serves every host over plain HTTP.',
            ],
        },
        {
            name: "an ALB listening on HTTP 80 without ssl-redirect",
            resources: tlsIngress(
                { "alb.ingress.kubernetes.io/listen-ports": both },
                { ingressClassName: "alb" },
            ),
            message: "its ALB listens on HTTP 80",
            count: 1,
        },
    ],
};
