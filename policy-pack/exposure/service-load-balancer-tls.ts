/**
 * A LoadBalancer Service without a certificate at the AWS load balancer (`aws-load-balancer-ssl-cert`) carries
 * plain traffic on every port, unless the backend speaks TLS itself, which port 443 by convention signals. Ports
 * listed outside `aws-load-balancer-ssl-ports` (default: every port) stay plain too. Advisory: a backend may
 * terminate TLS on another port; exempt it with the reason.
 */
import { ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { SERVICE_TYPES, annotationsOf, who } from "./common";
import { celString } from "../lib/admission";
import { annotationsVariable, serviceRules, whoCel } from "./admission";

export const sslCertAnnotation = "service.beta.kubernetes.io/aws-load-balancer-ssl-cert";
export const sslPortsAnnotation = "service.beta.kubernetes.io/aws-load-balancer-ssl-ports";

export const serviceLoadBalancerTls: ResourcePolicy = {
    kind: "resource",
    name: "service-load-balancer-tls",
    since: "0.1.0",
    description: `LoadBalancer Services terminate TLS at the load balancer (\`${sslCertAnnotation}\`) on every port other than 443.`,
    enforcementLevel: "advisory",
    severity: "medium",
    remediation:
        `Annotate the Service with ${sslCertAnnotation}: <ACM certificate ARN> (and ${sslPortsAnnotation} listing ` +
        "every port, or leave it unset for all), or serve TLS from the backend on 443.",
    frameworks: { cisEks: ["5.4.5"], nsa: "Encrypt traffic in transit", brief: ["Q5", "R5", "F4"] },
    admission: {
        match: serviceRules,
        variables: [
            annotationsVariable,
            {
                name: "cert",
                expression: `${celString(sslCertAnnotation)} in variables.a && variables.a[${celString(sslCertAnnotation)}] != ''`,
            },
            {
                name: "sslPorts",
                expression:
                    `(${celString(sslPortsAnnotation)} in variables.a ? variables.a[${celString(sslPortsAnnotation)}] : '*')` +
                    ".split(',').map(s, s.trim()).filter(s, s != '')",
            },
            {
                name: "plain",
                expression:
                    "has(object.spec) && has(object.spec.type) && object.spec.type == 'LoadBalancer' && " +
                    "has(object.spec.ports) ? object.spec.ports.filter(p, has(p.port) && type(p.port) == int && " +
                    "p.port != 443 && !(variables.cert && ('*' in variables.sslPorts || string(p.port) in " +
                    "variables.sslPorts || (has(p.name) && type(p.name) == string && p.name in variables.sslPorts))))" +
                    ".map(p, string(p.port)) : []",
            },
        ],
        validations: [
            {
                expression: "size(variables.plain) == 0",
                messageExpression:
                    `variables.cert ? ${whoCel} + ' has a certificate at the load balancer, but ports ' + ` +
                    `variables.plain.join(', ') + ' are not in ${sslPortsAnnotation}: plain traffic.' : ` +
                    `${whoCel} + ' is a LoadBalancer without ${sslCertAnnotation}: port(s) ' + ` +
                    "variables.plain.join(', ') + ' carry plain traffic.'",
            },
        ],
    },
    types: SERVICE_TYPES,
    check(r) {
        const type = known(() => r.props.spec?.type as unknown, undefined);
        if (type !== "LoadBalancer") return [];
        const a = annotationsOf(r);
        if (!a) return [];
        const ports = known(
            () => (Array.isArray(r.props.spec?.ports) ? [...r.props.spec.ports] : []),
            [] as unknown[],
        );
        const cert = a[sslCertAnnotation];
        const sslPorts = (a[sslPortsAnnotation] ?? "*")
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean);
        if (cert === "(computed)" || sslPorts.includes("(computed)")) return [];
        const plain: string[] = [];
        for (const p of ports) {
            const port = known(
                () => ({ port: (p as { port?: unknown }).port, name: (p as { name?: unknown }).name }),
                undefined,
            );
            if (!port || typeof port.port !== "number" || port.port === 443) continue;
            const tls =
                !!cert &&
                (sslPorts.includes("*") ||
                    sslPorts.includes(String(port.port)) ||
                    (typeof port.name === "string" && sslPorts.includes(port.name)));
            if (!tls) plain.push(String(port.port));
        }
        if (!plain.length) return [];
        return [
            {
                message: cert
                    ? `${who(r)} has a certificate at the load balancer, but ports ${plain.join(", ")} are not in ${sslPortsAnnotation}: plain traffic.`
                    : `${who(r)} is a LoadBalancer without ${sslCertAnnotation}: port(s) ${plain.join(", ")} carry plain traffic.`,
            },
        ];
    },
};
