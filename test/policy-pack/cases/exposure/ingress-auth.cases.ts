import { PolicyCases } from "../case";
import { ing } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "ingress-auth",
    enforcementLevel: "advisory",
    pass: [
        { name: "ALB OIDC auth", resources: ing({}, { "alb.ingress.kubernetes.io/auth-type": "oidc" }) },
        {
            name: "config `authAnnotations`",
            resources: ing({}, { "my/auth": "on" }),
            config: { authAnnotations: ["my/auth"] },
        },
    ],
    fail: [
        { name: "no auth annotation", resources: ing({}), message: "auth", count: 1 },
        {
            name: "ALB auth-type none",
            resources: ing({}, { "alb.ingress.kubernetes.io/auth-type": "none" }),
            message: "auth",
            count: 1,
        },
    ],
};
