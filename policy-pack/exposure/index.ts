/** The exposure policies of the pack, one per file. */
import { BlueprintPolicy } from "../lib/types";
import { ingressAuth } from "./ingress-auth";
import { ingressHostRestricted } from "./ingress-host-restricted";
import { ingressHttpsRedirect } from "./ingress-https-redirect";
import { ingressTls } from "./ingress-tls";
import { serviceExternalNameRestricted } from "./service-externalname-restricted";
import { serviceInternalLoadBalancer } from "./service-internal-load-balancer";
import { serviceLoadBalancerTls } from "./service-load-balancer-tls";
import { serviceNoExternalIps } from "./service-no-external-ips";
import { serviceNoNodePort } from "./service-no-nodeport";
import { serviceNoRemoteAccessPorts } from "./service-no-remote-access-ports";

export const policies: BlueprintPolicy[] = [
    serviceNoNodePort,
    serviceInternalLoadBalancer,
    serviceNoExternalIps,
    ingressTls,
    ingressAuth,
    // Issue 16: catalogue coverage.
    ingressHostRestricted,
    serviceExternalNameRestricted,
    serviceLoadBalancerTls,
    serviceNoRemoteAccessPorts,
    // Issue 12: catalogue holes.
    ingressHttpsRedirect,
];
