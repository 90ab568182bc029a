/** The exposure policies of the pack, one per file. */
import { BlueprintPolicy } from "../lib/types";
import { ingressAuth } from "./ingress-auth";
import { ingressTls } from "./ingress-tls";
import { serviceInternalLoadBalancer } from "./service-internal-load-balancer";
import { serviceNoExternalIps } from "./service-no-external-ips";
import { serviceNoNodePort } from "./service-no-nodeport";

export const policies: BlueprintPolicy[] = [
    serviceNoNodePort,
    serviceInternalLoadBalancer,
    serviceNoExternalIps,
    ingressTls,
    ingressAuth,
];
