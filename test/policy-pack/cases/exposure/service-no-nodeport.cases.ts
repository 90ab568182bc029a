import { PolicyCases } from "../case";
import { svc } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "service-no-nodeport",
    pass: [{ name: "a ClusterIP Service", resources: svc({ type: "ClusterIP" }) }],
    fail: [
        { name: "a NodePort Service", resources: svc({ type: "NodePort" }), message: "NodePort", count: 1 },
    ],
};
