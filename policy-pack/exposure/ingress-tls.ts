/**
 * An Ingress terminates TLS for every host it serves (the brief's Q5; CIS EKS 5.4.5 for the load balancer
 * in front of it).
 */
import { ResourcePolicy } from "../lib/types";
import { known } from "../lib/unknowns";
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
    description: "Every Ingress has a tls section that covers each of its rule hosts.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        "Add spec.tls: [{ hosts: [<every rule host>], secretName: <certificate secret> }] (e.g. from cert-manager).",
    frameworks: { cisEks: ["5.4.5"], nsa: "Encrypt traffic in transit", brief: ["Q5", "R5", "F4"] },
    types: INGRESS_TYPES,
    check(r) {
        const tls = known(
            () => (Array.isArray(r.props.spec?.tls) ? [...r.props.spec.tls] : []),
            undefined as unknown[] | undefined,
        );
        if (tls === undefined) return [];
        if (!tls.length) return [{ message: `${who(r)} has no spec.tls: it serves plain HTTP.` }];
        const tlsHosts = known(
            () => tls.flatMap((t) => ((t as { hosts?: string[] }).hosts ?? []).map(String)),
            undefined as string[] | undefined,
        );
        if (!tlsHosts) return [];
        const hosts = known(
            () =>
                ((r.props.spec?.rules ?? []) as Array<{ host?: string }>)
                    .map((x) => x.host)
                    .filter((h): h is string => !!h),
            [] as string[],
        );
        const uncovered = hosts.filter((h) => !tlsHosts.some((t) => covers(t, h)));
        return uncovered.length
            ? [
                  {
                      message: `${who(r)} serves ${uncovered.join(", ")} without TLS (not in any spec.tls hosts).`,
                  },
              ]
            : [];
    },
};
