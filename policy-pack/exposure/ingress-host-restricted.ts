/**
 * An Ingress rule without a host, a wildcard host (`*.example.com`) or a `defaultBackend` answers for host names
 * nobody reviewed: any DNS name pointed at the load balancer reaches the backend, which also defeats host-based
 * authentication and certificate checks in front of it.
 */
import { ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { INGRESS_TYPES, who } from "./common";
import { ingressRules, whoCel } from "./admission";

export const ingressHostRestricted: ResourcePolicy = {
    kind: "resource",
    name: "ingress-host-restricted",
    since: "0.1.0",
    description:
        "Every Ingress rule names one exact host: no empty or wildcard host, and no defaultBackend that catches every host.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediation:
        "Give each rule an exact `host` (one rule per name) and remove spec.defaultBackend; let the ingress " +
        "controller's own default backend answer unknown hosts with 404.",
    frameworks: { nsa: "Network separation: expose only what is intended", brief: ["R5", "Q5", "F4"] },
    admission: {
        match: ingressRules,
        variables: [
            {
                name: "badHosts",
                expression:
                    "has(object.spec) && has(object.spec.rules) ? object.spec.rules.filter(r, " +
                    "!has(r.host) || r.host == '' || r.host.contains('*'))" +
                    ".map(r, has(r.host) && r.host != '' ? '\"' + r.host + '\"' : '(no host)') : []",
            },
        ],
        validations: [
            {
                expression: "!has(object.spec) || !has(object.spec.defaultBackend)",
                messageExpression: `${whoCel} + ' has a defaultBackend, which serves every host name.'`,
            },
            {
                expression: "size(variables.badHosts) == 0",
                messageExpression:
                    `${whoCel} + ' has rules with no host or a wildcard host: ' + ` +
                    "variables.badHosts.join(', ') + '.'",
            },
        ],
    },
    types: INGRESS_TYPES,
    check(r) {
        const out = [];
        // networking.k8s.io/v1 `defaultBackend`; v1beta1 `backend`.
        const fallback = known(
            () => (r.props.spec?.defaultBackend ?? r.props.spec?.backend) as unknown,
            undefined,
        );
        if (fallback) out.push({ message: `${who(r)} has a defaultBackend, which serves every host name.` });
        const rules = known(
            () => (Array.isArray(r.props.spec?.rules) ? [...r.props.spec.rules] : []),
            [] as unknown[],
        );
        rules.forEach((rule, i) => {
            const host = known(() => (rule as { host?: unknown })?.host, "(computed)");
            if (host === undefined || host === null || host === "")
                out.push({ message: `${who(r)} rules[${i}] has no host, so it serves every host name.` });
            else if (typeof host === "string" && host.includes("*"))
                out.push({ message: `${who(r)} rules[${i}] has the wildcard host "${host}".` });
        });
        return out;
    },
};
