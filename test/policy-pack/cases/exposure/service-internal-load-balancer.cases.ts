import { PolicyCases } from "../case";
import { svc } from "../fixtures/catalogue";

const lb = { type: "LoadBalancer" };

export const cases: PolicyCases = {
    policy: "service-internal-load-balancer",
    pass: [
        {
            name: "scheme internal",
            resources: svc(lb, { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal" }),
        },
        {
            name: "the legacy internal annotation",
            resources: svc(lb, { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" }),
        },
        { name: "not a load balancer", resources: svc({ type: "ClusterIP" }) },
    ],
    fail: [
        { name: "no scheme (internet-facing by default)", resources: svc(lb), message: "internal", count: 1 },
        {
            name: "scheme internet-facing",
            resources: svc(lb, { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing" }),
            message: "internal",
            count: 1,
        },
    ],
};
