/**
 * A LoadBalancer Service is internet-facing unless annotated internal. Public entry goes through an Ingress
 * with TLS and authentication, never straight to a Service.
 */
import { ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { COMPUTED, SERVICE_TYPES, annotationsOf, who } from "./common";
import { celString } from "../lib/admission";
import { annotationsVariable, serviceRules, whoCel } from "./admission";

export const schemeAnnotation = "service.beta.kubernetes.io/aws-load-balancer-scheme";
export const legacyInternalAnnotation = "service.beta.kubernetes.io/aws-load-balancer-internal";

export const serviceInternalLoadBalancer: ResourcePolicy = {
    kind: "resource",
    name: "service-internal-load-balancer",
    since: "0.1.0",
    description:
        `LoadBalancer Services are internal: annotation \`${schemeAnnotation}: internal\` ` +
        `(or the legacy \`${legacyInternalAnnotation}: "true"\`).`,
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        `Annotate the Service with ${schemeAnnotation}: internal, or expose it publicly through an Ingress ` +
        "with TLS and authentication.",
    frameworks: { nsa: "Network separation: no direct internet exposure", brief: ["R5", "Q8", "F4", "C2"] },
    admission: {
        match: serviceRules,
        variables: [annotationsVariable],
        validations: [
            {
                expression:
                    "!has(object.spec) || !has(object.spec.type) || object.spec.type != 'LoadBalancer' || " +
                    `(${celString(schemeAnnotation)} in variables.a && variables.a[${celString(schemeAnnotation)}] == 'internal') || ` +
                    `(!(${celString(schemeAnnotation)} in variables.a) && ${celString(legacyInternalAnnotation)} in variables.a && ` +
                    `!(variables.a[${celString(legacyInternalAnnotation)}] in ['', 'false']))`,
                messageExpression:
                    `${whoCel} + ' is a LoadBalancer without ${schemeAnnotation}: internal' + ` +
                    `(${celString(schemeAnnotation)} in variables.a && variables.a[${celString(schemeAnnotation)}] != '' ? ` +
                    `' (scheme is "' + variables.a[${celString(schemeAnnotation)}] + '")' : '') + ` +
                    "', so it is reachable from the internet.'",
            },
        ],
    },
    types: SERVICE_TYPES,
    check(r) {
        const type = known(() => r.props.spec?.type as string | undefined, COMPUTED);
        if (type === COMPUTED)
            return [
                {
                    message: `${who(r)}: spec.type is unknown until apply, so whether it is an internet-facing load balancer`,
                    undecided: true,
                },
            ];
        if (type !== "LoadBalancer") return [];
        const a = annotationsOf(r);
        if (!a)
            return [
                {
                    message: `${who(r)}: its annotations are unknown until apply, so its scheme`,
                    undecided: true,
                },
            ];
        const scheme = a[schemeAnnotation];
        const legacy = a[legacyInternalAnnotation];
        if (scheme === COMPUTED || (scheme === undefined && legacy === COMPUTED))
            return [
                {
                    message: `${who(r)}: annotation ${scheme === COMPUTED ? schemeAnnotation : legacyInternalAnnotation} is unknown until apply, so whether the load balancer is internal`,
                    undecided: true,
                },
            ];
        if (scheme === "internal") return [];
        if (scheme === undefined && legacy !== undefined && legacy !== "" && legacy !== "false") return [];
        return [
            {
                message:
                    `${who(r)} is a LoadBalancer without ${schemeAnnotation}: internal` +
                    (scheme ? ` (scheme is "${scheme}")` : "") +
                    ", so it is reachable from the internet.",
            },
        ];
    },
};
