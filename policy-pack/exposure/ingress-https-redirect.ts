/**
 * An Ingress with a TLS section can still serve plain HTTP next to it: then clients that type http://, follow an
 * old link or are downgraded by an attacker send cookies and credentials in clear. What decides it is the
 * controller:
 *
 * - ingress-nginx redirects HTTP to HTTPS by default once `spec.tls` is set; `nginx.ingress.kubernetes.io/
 *   ssl-redirect: "false"` (or the generic `ingress.kubernetes.io/ssl-redirect: "false"`) turns that off, unless
 *   `force-ssl-redirect: "true"` forces it back. `force-ssl-redirect` is only needed when TLS ends before nginx
 *   (a TLS load balancer in front and no `spec.tls`), which ingress-tls already refuses, so its absence is fine.
 * - the AWS Load Balancer Controller (class `alb`) opens the listeners of `alb.ingress.kubernetes.io/listen-ports`
 *   (default: HTTPS 443 alone once a certificate is configured); one with HTTP serves plain HTTP unless
 *   `alb.ingress.kubernetes.io/ssl-redirect` names the HTTPS port to redirect to.
 *
 * An Ingress without `spec.tls` is ingress-tls's. An annotation unknown until apply is reported as not verified.
 */
import { Finding, ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { COMPUTED, INGRESS_TYPES, annotationsOf, who } from "./common";
import { celString, celStringList } from "../lib/admission";
import { annotationsVariable, ingressRules, whoCel } from "./admission";

const NGINX_SSL_REDIRECT = "nginx.ingress.kubernetes.io/ssl-redirect";
const NGINX_FORCE = "nginx.ingress.kubernetes.io/force-ssl-redirect";
const GENERIC_SSL_REDIRECT = "ingress.kubernetes.io/ssl-redirect";
const ALB_LISTEN_PORTS = "alb.ingress.kubernetes.io/listen-ports";
const ALB_SSL_REDIRECT = "alb.ingress.kubernetes.io/ssl-redirect";
const CLASS_ANNOTATION = "kubernetes.io/ingress.class";

/** The HTTP ports of an ALB listen-ports value; undefined when it is not the JSON the controller accepts. */
export function albHttpPorts(value: string): number[] | undefined {
    let parsed: unknown;
    try {
        parsed = JSON.parse(value);
    } catch {
        return undefined;
    }
    if (!Array.isArray(parsed)) return undefined;
    const out: number[] = [];
    for (const entry of parsed) {
        if (!entry || typeof entry !== "object") return undefined;
        for (const [proto, port] of Object.entries(entry as Record<string, unknown>)) {
            if (typeof port !== "number") return undefined;
            if (proto.toUpperCase() === "HTTP") out.push(port);
            else if (proto.toUpperCase() !== "HTTPS") return undefined;
        }
    }
    return out;
}

/** RE2: the JSON albHttpPorts accepts, without string escapes: a list of objects of HTTP/HTTPS keys and numbers. */
const ws = "[ \\t\\n\\r]*";
const pair = `"(?i:https?)"${ws}:${ws}-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?`;
const obj = `\\{${ws}(${pair}(${ws},${ws}${pair})*)?${ws}\\}`;
const listenPortsJson = `^${ws}\\[${ws}(${obj}(${ws},${ws}${obj})*)?${ws}\\]${ws}$`;

export const ingressHttpsRedirect: ResourcePolicy = {
    kind: "resource",
    name: "ingress-https-redirect",
    since: "0.1.0",
    description:
        'An Ingress with a tls section does not also serve plain HTTP: no `ssl-redirect: "false"` on ingress-nginx, ' +
        "and no HTTP listener on an ALB without `alb.ingress.kubernetes.io/ssl-redirect`.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        `Remove ${NGINX_SSL_REDIRECT}: "false" (ingress-nginx then redirects HTTP to HTTPS), or set ${NGINX_FORCE}: ` +
        `"true". On an ALB, listen on HTTPS only (${ALB_LISTEN_PORTS}: '[{"HTTPS": 443}]'), or keep HTTP 80 with ` +
        `${ALB_SSL_REDIRECT}: "443".`,
    frameworks: { cisEks: ["5.4.5"], nsa: "Encrypt traffic in transit", brief: ["Q5", "R5", "F4"] },
    admission: {
        match: ingressRules,
        variables: [
            annotationsVariable,
            {
                name: "tls",
                expression: "has(object.spec) && has(object.spec.tls) && size(object.spec.tls) > 0",
            },
            {
                name: "nginxOff",
                expression:
                    `${celStringList([NGINX_SSL_REDIRECT, GENERIC_SSL_REDIRECT])}.filter(k, k in variables.a && ` +
                    "variables.a[k].trim().lowerAscii() == 'false')",
            },
            {
                name: "forced",
                expression: `${celString(NGINX_FORCE)} in variables.a && variables.a[${celString(NGINX_FORCE)}].trim().lowerAscii() == 'true'`,
            },
            {
                name: "alb",
                expression:
                    "(has(object.spec) && has(object.spec.ingressClassName) && type(object.spec.ingressClassName) == string ? " +
                    `object.spec.ingressClassName == 'alb' : (${celString(CLASS_ANNOTATION)} in variables.a && ` +
                    `variables.a[${celString(CLASS_ANNOTATION)}] == 'alb')) || ` +
                    "variables.a.exists(k, k.startsWith('alb.ingress.kubernetes.io/'))",
            },
            {
                // The listen-ports value is the JSON the controller reads ([{"HTTP": 80}, {"HTTPS": 443}]) when it
                // is a list of objects of HTTP/HTTPS keys and number values; anything else is not judged (undecided
                // in preview).
                name: "albHttp",
                expression:
                    `variables.alb && ${celString(ALB_LISTEN_PORTS)} in variables.a && ` +
                    `variables.a[${celString(ALB_LISTEN_PORTS)}].matches(${celString(listenPortsJson)}) && ` +
                    `variables.a[${celString(ALB_LISTEN_PORTS)}].matches('(?i)"http"[ \\t\\n\\r]*:')`,
            },
        ],
        validations: [
            {
                expression: "!variables.tls || size(variables.nginxOff) == 0 || variables.forced",
                messageExpression:
                    `${whoCel} + ' has a tls section but ' + variables.nginxOff.map(k, k + ': "false"').join(' and ') + ` +
                    "': it also serves every host over plain HTTP.'",
            },
            {
                expression:
                    `!variables.tls || !variables.albHttp || (${celString(ALB_SSL_REDIRECT)} in variables.a && ` +
                    `variables.a[${celString(ALB_SSL_REDIRECT)}].trim() != '')`,
                messageExpression:
                    `${whoCel} + ' has a tls section but its ALB listens on HTTP (${ALB_LISTEN_PORTS} ' + ` +
                    `variables.a[${celString(ALB_LISTEN_PORTS)}] + ') without ${ALB_SSL_REDIRECT}: it serves plain HTTP there.'`,
            },
        ],
        differences:
            `The admission form reads ${ALB_LISTEN_PORTS} with a regular expression for the JSON the controller ` +
            "accepts (a list of objects with HTTP/HTTPS keys and number values); a value written with JSON string " +
            "escapes or nested arrays is not judged at admission.",
    },
    types: INGRESS_TYPES,
    check(r) {
        const tls = known(() => (Array.isArray(r.props.spec?.tls) ? r.props.spec.tls.length : 0), -1);
        if (tls === 0) return []; // ingress-tls reports an Ingress without TLS
        const a = annotationsOf(r);
        if (!a)
            return [
                {
                    message: `${who(r)}: its annotations are unknown until apply, so whether it also serves plain HTTP`,
                    undecided: true,
                },
            ];
        const className = known(() => r.props.spec?.ingressClassName as unknown, undefined);
        const cls = typeof className === "string" ? className : a[CLASS_ANNOTATION];
        const out: Finding[] = [];
        const undecided = (key: string) =>
            out.push({
                message: `${who(r)}: ${key} is unknown until apply, so whether it serves plain HTTP`,
                undecided: true,
            });

        // ingress-nginx (and controllers honouring the generic annotation).
        const off = [NGINX_SSL_REDIRECT, GENERIC_SSL_REDIRECT].filter((k) => a[k] !== undefined);
        for (const k of off) if (a[k] === COMPUTED) undecided(k);
        const disabled = off.filter((k) => a[k] !== COMPUTED && a[k].trim().toLowerCase() === "false");
        if (disabled.length) {
            if (a[NGINX_FORCE] === COMPUTED) undecided(NGINX_FORCE);
            else if ((a[NGINX_FORCE] ?? "").trim().toLowerCase() !== "true")
                out.push({
                    message: `${who(r)} has a tls section but ${disabled.map((k) => `${k}: "false"`).join(" and ")}: it also serves every host over plain HTTP.`,
                });
        }

        // AWS Load Balancer Controller.
        const alb = cls === "alb" || Object.keys(a).some((k) => k.startsWith("alb.ingress.kubernetes.io/"));
        const ports = a[ALB_LISTEN_PORTS];
        if (alb && ports !== undefined) {
            if (ports === COMPUTED) undecided(ALB_LISTEN_PORTS);
            else {
                const http = albHttpPorts(ports);
                const redirect = a[ALB_SSL_REDIRECT];
                if (http === undefined)
                    out.push({
                        message: `${who(r)}: ${ALB_LISTEN_PORTS} "${ports}" is not the JSON list the AWS Load Balancer Controller reads, so its listeners`,
                        undecided: true,
                    });
                else if (http.length && redirect === COMPUTED) undecided(ALB_SSL_REDIRECT);
                else if (http.length && (redirect === undefined || redirect.trim() === ""))
                    out.push({
                        message: `${who(r)} has a tls section but its ALB listens on HTTP ${http.join(", ")} (${ALB_LISTEN_PORTS}) without ${ALB_SSL_REDIRECT}: it serves plain HTTP there.`,
                    });
            }
        }
        return out;
    },
};
