import { PolicyCases, res } from "../case";
import { backend, ingress, rule } from "../fixtures/exposure";

export const cases: PolicyCases = {
    policy: "ingress-host-restricted",
    pass: [
        {
            name: "exact hosts",
            resources: ingress({ rules: [rule("shop.example.com"), rule("api.example.com")] }),
        },
    ],
    fail: [
        {
            name: "no host, empty host, wildcard host and defaultBackend (v1)",
            resources: ingress({
                defaultBackend: backend,
                rules: [rule(), rule(""), rule("*.example.com"), rule("ok.example.com")],
            }),
            messages: [
                'Ingress "web" has a defaultBackend, which serves every host name.',
                'Ingress "web" rules[0] has no host, so it serves every host name.',
                'Ingress "web" rules[1] has no host, so it serves every host name.',
                'Ingress "web" rules[2] has the wildcard host "*.example.com".',
            ],
        },
        {
            name: "backend (v1beta1)",
            resources: res("kubernetes:extensions/v1beta1:Ingress", {
                metadata: { name: "old" },
                spec: { backend: { serviceName: "web", servicePort: 80 } },
            }),
            messages: ['Ingress "old" has a defaultBackend, which serves every host name.'],
        },
    ],
};
