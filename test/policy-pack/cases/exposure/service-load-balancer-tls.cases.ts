import { PolicyCases } from "../case";
import { service } from "../fixtures/exposure";

const cert = {
    "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": "arn:aws:acm:eu-west-1:1:certificate/x",
};

export const cases: PolicyCases = {
    policy: "service-load-balancer-tls",
    enforcementLevel: "advisory",
    pass: [
        {
            name: "no certificate, port 443 only",
            resources: service({ type: "LoadBalancer", ports: [{ port: 443 }] }),
        },
        {
            name: "a certificate covers every port when ssl-ports is unset",
            resources: service({ type: "LoadBalancer", ports: [{ port: 8443 }, { port: 80 }] }, cert),
        },
        { name: "other Service types", resources: service({ type: "ClusterIP", ports: [{ port: 80 }] }) },
    ],
    fail: [
        {
            name: "no certificate: every port but 443 is plain",
            resources: service({
                type: "LoadBalancer",
                ports: [{ port: 443 }, { port: 80 }, { port: 8080 }],
            }),
            messages: [
                'Service "svc" is a LoadBalancer without service.beta.kubernetes.io/aws-load-balancer-ssl-cert: port(s) 80, 8080 carry plain traffic.',
            ],
        },
        {
            name: "ssl-ports narrows the certificate (by number or name)",
            resources: service(
                {
                    type: "LoadBalancer",
                    ports: [{ name: "https", port: 8443 }, { port: 9000 }, { port: 80 }],
                },
                { ...cert, "service.beta.kubernetes.io/aws-load-balancer-ssl-ports": "https, 9000" },
            ),
            messages: [
                'Service "svc" has a certificate at the load balancer, but ports 80 are not in service.beta.kubernetes.io/aws-load-balancer-ssl-ports: plain traffic.',
            ],
        },
    ],
};
