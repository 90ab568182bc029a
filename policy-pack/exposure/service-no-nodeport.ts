/** A NodePort opens the port on every node's interfaces, bypassing the load balancer and its controls. */
import { ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { SERVICE_TYPES, who } from "./common";

export const serviceNoNodePort: ResourcePolicy = {
    kind: "resource",
    name: "service-no-nodeport",
    since: "0.1.0",
    description: "No Service has type NodePort.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation: "Use a ClusterIP Service behind an Ingress, or an internal LoadBalancer.",
    frameworks: { nsa: "Network separation: limit exposed ports", brief: ["R5", "Q8", "F4", "C2"] },
    types: SERVICE_TYPES,
    admission: {
        match: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["services"] }],
        validations: [
            {
                expression: "!has(object.spec) || !has(object.spec.type) || object.spec.type != 'NodePort'",
                messageExpression:
                    "'Service \"' + object.metadata.name + '\" has type NodePort: its port opens on every node.'",
            },
        ],
    },
    check(r) {
        const type = known(() => r.props.spec?.type as string | undefined, undefined);
        return type === "NodePort"
            ? [{ message: `${who(r)} has type NodePort: its port opens on every node.` }]
            : [];
    },
};
