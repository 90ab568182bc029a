/**
 * An Ingress in front of an application should authenticate its users at the edge (the brief's R5: no ingress
 * authentication for services). Advisory: the application may authenticate itself.
 */
import { ResourcePolicy } from "../lib/types";
import { INGRESS_TYPES, annotationsOf, who } from "./common";
import { celStringList } from "../lib/admission";
import { annotationsVariable, ingressRules, whoCel } from "./admission";

export const defaultAuthAnnotations = [
    "nginx.ingress.kubernetes.io/auth-url",
    "nginx.ingress.kubernetes.io/auth-type",
    "nginx.ingress.kubernetes.io/auth-tls-verify-client",
    "alb.ingress.kubernetes.io/auth-type",
];

export const ingressAuth: ResourcePolicy = {
    kind: "resource",
    name: "ingress-auth",
    since: "0.1.0",
    description:
        "Every Ingress carries an authentication annotation of the ingress controller (config `authAnnotations`).",
    enforcementLevel: "advisory",
    severity: "medium",
    remediation:
        "Authenticate at the edge: e.g. alb.ingress.kubernetes.io/auth-type: oidc (or cognito), or " +
        "nginx.ingress.kubernetes.io/auth-url pointing at oauth2-proxy. If the application authenticates " +
        "every request itself, exempt the Ingress with that reason.",
    frameworks: { nsa: "Authentication for all exposed services", brief: ["R5", "Q1"] },
    configSchema: {
        authAnnotations: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: defaultAuthAnnotations,
            description:
                "Annotations that turn on authentication; any one present with a value other than `none`/`off`/`false` passes.",
        },
    },
    admission: {
        match: ingressRules,
        variables: [annotationsVariable],
        validations: (config) => {
            const keys: string[] = config.authAnnotations ?? defaultAuthAnnotations;
            return [
                {
                    expression:
                        `${celStringList(keys)}.exists(k, k in variables.a && variables.a[k] != '' && ` +
                        "!(variables.a[k].lowerAscii() in ['none', 'off', 'false']))",
                    messageExpression: `${whoCel} + ' has no authentication annotation (one of ${keys.join(", ")}).'`,
                },
            ];
        },
    },
    types: INGRESS_TYPES,
    check(r, config) {
        const a = annotationsOf(r);
        if (!a) return [];
        const keys: string[] = config.authAnnotations ?? defaultAuthAnnotations;
        const on = keys.some(
            (k) =>
                a[k] !== undefined && a[k] !== "" && !["none", "off", "false"].includes(a[k].toLowerCase()),
        );
        return on
            ? []
            : [{ message: `${who(r)} has no authentication annotation (one of ${keys.join(", ")}).` }];
    },
};
