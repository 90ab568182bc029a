/**
 * spec.externalIPs lets whoever creates a Service capture traffic to any IP (CVE-2020-8554); it has no
 * legitimate use on EKS.
 */
import { ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { SERVICE_TYPES, who } from "./common";

export const serviceNoExternalIps: ResourcePolicy = {
    kind: "resource",
    name: "service-no-external-ips",
    since: "0.1.0",
    description: "No Service sets spec.externalIPs.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation: "Remove spec.externalIPs; use an internal LoadBalancer or an Ingress.",
    frameworks: { nsa: "Network separation", brief: ["R5", "F4", "C2"] },
    types: SERVICE_TYPES,
    admission: {
        match: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["services"] }],
        validations: [
            {
                expression:
                    "!has(object.spec) || !has(object.spec.externalIPs) || object.spec.externalIPs == null || " +
                    "size(object.spec.externalIPs) == 0",
                messageExpression:
                    "'Service \"' + object.metadata.name + '\" sets spec.externalIPs (traffic interception, CVE-2020-8554).'",
            },
        ],
    },
    check(r) {
        const ips = known(() => r.props.spec?.externalIPs as unknown, undefined);
        if (ips === undefined || ips === null || (Array.isArray(ips) && ips.length === 0)) return [];
        return [{ message: `${who(r)} sets spec.externalIPs (traffic interception, CVE-2020-8554).` }];
    },
};
