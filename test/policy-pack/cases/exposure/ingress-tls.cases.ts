import { PolicyCases } from "../case";
import { ing } from "../fixtures/catalogue";

const rules = [{ host: "a.example.com" }, { host: "b.example.com" }];

export const cases: PolicyCases = {
    policy: "ingress-tls",
    pass: [
        {
            name: "a wildcard covers every rule host",
            resources: ing({ rules, tls: [{ hosts: ["*.example.com"], secretName: "t" }] }),
        },
    ],
    fail: [
        { name: "no spec.tls", resources: ing({ rules }), message: /no spec.tls/ },
        {
            name: "a rule host not covered",
            resources: ing({ rules, tls: [{ hosts: ["a.example.com"], secretName: "t" }] }),
            message: /b.example.com/,
        },
        {
            name: "a wildcard covers one label only",
            resources: ing({ rules: [{ host: "x.a.example.com" }], tls: [{ hosts: ["*.example.com"] }] }),
            message: "x.a.example.com",
            count: 1,
        },
    ],
};
