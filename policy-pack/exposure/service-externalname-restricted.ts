/**
 * An ExternalName Service is a DNS CNAME that proxies and ingress controllers follow: pointed at localhost, the
 * cloud metadata service or the API server, it turns an ingress or mesh route into a request from the node or the
 * controller itself (CVE-2021-25737-style; kubescape's and Kyverno's externalName checks).
 */
import { ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { SERVICE_TYPES, who } from "./common";
import { serviceRules, whoCel } from "./admission";

/** Why a name is forbidden, or undefined. */
export function forbiddenExternalName(raw: string): string | undefined {
    const name = raw.trim().toLowerCase().replace(/\.$/, "");
    if (name === "localhost" || name.endsWith(".localhost")) return "the node or pod itself (localhost)";
    if (/^127\.\d+\.\d+\.\d+$/.test(name) || name === "::1" || name === "[::1]" || name === "0.0.0.0")
        return "the loopback address";
    if (/^169\.254\.\d+\.\d+$/.test(name) || name === "fd00:ec2::254" || name === "[fd00:ec2::254]")
        return "the link-local cloud metadata service";
    if (name === "metadata.google.internal" || name === "instance-data" || name.startsWith("instance-data."))
        return "a cloud metadata service name";
    if (/^kubernetes(\.default(\.svc(\.[a-z0-9.-]+)?)?)?$/.test(name)) return "the Kubernetes API server";
    if (/\.eks\.amazonaws\.com$/.test(name)) return "the EKS API endpoint";
    return undefined;
}

export const serviceExternalNameRestricted: ResourcePolicy = {
    kind: "resource",
    name: "service-externalname-restricted",
    since: "0.1.0",
    description:
        "No ExternalName Service points at localhost, a loopback or link-local (metadata) address, or the Kubernetes API server.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        "Point externalName at the external DNS name the app really needs, or use a Service with a selector; reach " +
        "the API server through kubernetes.default with the pod's own credentials, never through a proxy route.",
    frameworks: {
        nsa: "Network separation; protect the control plane and metadata",
        brief: ["R2", "R5", "F4"],
    },
    admission: {
        match: serviceRules,
        variables: [
            {
                name: "n",
                expression:
                    "has(object.spec) && has(object.spec.type) && object.spec.type == 'ExternalName' && " +
                    "has(object.spec.externalName) && type(object.spec.externalName) == string ? " +
                    "(object.spec.externalName.trim().lowerAscii().endsWith('.') ? " +
                    "object.spec.externalName.trim().lowerAscii().substring(0, " +
                    "size(object.spec.externalName.trim()) - 1) : object.spec.externalName.trim().lowerAscii()) : ''",
            },
            {
                name: "why",
                expression:
                    "variables.n == 'localhost' || variables.n.endsWith('.localhost') ? " +
                    "'the node or pod itself (localhost)' : " +
                    "variables.n.matches('^127\\\\.[0-9]+\\\\.[0-9]+\\\\.[0-9]+$') || " +
                    "variables.n in ['::1', '[::1]', '0.0.0.0'] ? 'the loopback address' : " +
                    "variables.n.matches('^169\\\\.254\\\\.[0-9]+\\\\.[0-9]+$') || " +
                    "variables.n in ['fd00:ec2::254', '[fd00:ec2::254]'] ? 'the link-local cloud metadata service' : " +
                    "variables.n in ['metadata.google.internal', 'instance-data'] || " +
                    "variables.n.startsWith('instance-data.') ? 'a cloud metadata service name' : " +
                    "variables.n.matches('^kubernetes(\\\\.default(\\\\.svc(\\\\.[a-z0-9.-]+)?)?)?$') ? " +
                    "'the Kubernetes API server' : " +
                    "variables.n.endsWith('.eks.amazonaws.com') ? 'the EKS API endpoint' : ''",
            },
        ],
        validations: [
            {
                expression: "variables.why == ''",
                messageExpression:
                    `${whoCel} + ' is an ExternalName for "' + object.spec.externalName + '", which is ' + ` +
                    "variables.why + '.'",
            },
        ],
        differences:
            "The admission form trims and lower-cases with CEL's ASCII functions; names with non-ASCII whitespace " +
            "or letters could be judged differently (the API server refuses such names as externalName anyway).",
    },
    types: SERVICE_TYPES,
    check(r) {
        const spec = known(
            () => ({
                type: r.props.spec?.type as unknown,
                externalName: r.props.spec?.externalName as unknown,
            }),
            undefined,
        );
        if (!spec || spec.type !== "ExternalName" || typeof spec.externalName !== "string") return [];
        const why = forbiddenExternalName(spec.externalName);
        return why
            ? [{ message: `${who(r)} is an ExternalName for "${spec.externalName}", which is ${why}.` }]
            : [];
    },
};
