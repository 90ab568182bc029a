/**
 * An Ingress terminates TLS for every host it serves (the brief's Q5; CIS EKS 5.4.5 for the load balancer
 * in front of it).
 */
import { Finding, ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { INGRESS_TYPES, who } from "./common";

/** True when a TLS host (possibly `*.example.com`) covers the rule host. */
function covers(tlsHost: string, host: string): boolean {
    if (tlsHost === host) return true;
    if (tlsHost.startsWith("*.")) {
        const dot = host.indexOf(".");
        return dot > 0 && host.slice(dot) === tlsHost.slice(1);
    }
    return false;
}

export const ingressTls: ResourcePolicy = {
    kind: "resource",
    name: "ingress-tls",
    since: "0.1.0",
    description: "Every Ingress has a tls section that covers each of its rule hosts.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        "Add spec.tls: [{ hosts: [<every rule host>], secretName: <certificate secret> }] (e.g. from cert-manager).",
    frameworks: { cisEks: ["5.4.5"], nsa: "Encrypt traffic in transit", brief: ["Q5", "R5", "F4"] },
    types: INGRESS_TYPES,
    admission: {
        match: [{ apiGroups: ["networking.k8s.io"], apiVersions: ["v1"], resources: ["ingresses"] }],
        // TLS hosts flattened first (host names hold no space), so the rule check nests two comprehensions, not three.
        variables: [
            {
                name: "tlsHosts",
                expression:
                    "has(object.spec) && has(object.spec.tls) ? object.spec.tls.filter(t, has(t.hosts))" +
                    ".map(t, t.hosts.join(' ')).join(' ').split(' ').filter(h, h != '') : []",
            },
            {
                name: "uncovered",
                expression:
                    "has(object.spec) && has(object.spec.rules) ? object.spec.rules.filter(r, has(r.host) && " +
                    "r.host != '' && !variables.tlsHosts.exists(th, th == r.host || (th.startsWith('*.') && " +
                    "r.host.indexOf('.') > 0 && r.host.substring(r.host.indexOf('.')) == th.substring(1))))" +
                    ".map(r, r.host) : []",
            },
        ],
        validations: [
            {
                expression: "has(object.spec) && has(object.spec.tls) && size(object.spec.tls) > 0",
                messageExpression:
                    "'Ingress \"' + object.metadata.name + '\" has no spec.tls: it serves plain HTTP.'",
            },
            {
                expression: "size(variables.uncovered) == 0",
                messageExpression:
                    "'Ingress \"' + object.metadata.name + '\" serves ' + variables.uncovered.join(', ') + " +
                    "' without TLS (not in any spec.tls hosts).'",
            },
        ],
    },
    check(r) {
        const COMPUTED = "\u0000(computed)";
        const tls = known(
            () => (Array.isArray(r.props.spec?.tls) ? [...r.props.spec.tls] : []),
            undefined as unknown[] | undefined,
        );
        if (tls === undefined)
            return [
                {
                    message: `${who(r)}: spec.tls is unknown until apply, so whether it serves TLS`,
                    undecided: true,
                },
            ];
        if (!tls.length) return [{ message: `${who(r)} has no spec.tls: it serves plain HTTP.` }];
        // Each host is read on its own: an unknown one makes only that host unknown.
        const strings = (read: () => unknown): string[] => {
            const xs = known(() => read() as unknown[] | undefined, [COMPUTED]);
            const n = known(() => (Array.isArray(xs) ? xs.length : 0), 0);
            const out: string[] = [];
            for (let i = 0; i < n; i++) {
                const v = known(() => (xs as unknown[])[i], COMPUTED);
                if (v) out.push(String(v));
            }
            return out;
        };
        const tlsHosts = tls.flatMap((_, i) => strings(() => (tls[i] as { hosts?: string[] })?.hosts));
        const rules = known(() => r.props.spec?.rules as Array<{ host?: string }> | undefined, undefined);
        const n = known(() => (Array.isArray(rules) ? rules.length : 0), 0);
        const hosts: string[] = [];
        for (let i = 0; i < n; i++) {
            const h = known(() => (rules as Array<{ host?: string }>)[i]?.host, COMPUTED);
            if (h) hosts.push(String(h));
        }
        const someTlsUnknown = tlsHosts.includes(COMPUTED);
        const uncovered = hosts.filter((h) => h !== COMPUTED && !tlsHosts.some((t) => covers(t, h)));
        const out: Finding[] = [];
        if (uncovered.length)
            out.push(
                someTlsUnknown
                    ? {
                          message: `${who(r)}: a spec.tls host is unknown until apply, so whether ${uncovered.join(", ")} ${uncovered.length === 1 ? "is" : "are"} served with TLS`,
                          undecided: true,
                      }
                    : {
                          message: `${who(r)} serves ${uncovered.join(", ")} without TLS (not in any spec.tls hosts).`,
                      },
            );
        if (hosts.includes(COMPUTED))
            out.push({
                message: `${who(r)}: a rule host is unknown until apply, so whether spec.tls covers it`,
                undecided: true,
            });
        return out;
    },
};
