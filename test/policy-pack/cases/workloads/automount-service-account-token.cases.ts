import { PolicyCases } from "../case";
import { container, deployment, hardenedDeployment } from "../fixtures/catalogue";
import { pod, sa, withToken } from "../fixtures/holes-pods";

export const cases: PolicyCases = {
    policy: "automount-service-account-token",
    pass: [
        hardenedDeployment(),
        {
            name: "automount off on the ServiceAccount (pod unset)",
            resources: [sa("web", "apps", false), pod({ serviceAccountName: "web" })],
        },
        {
            name: "automount off on the default ServiceAccount (pod unset)",
            resources: [sa("default", "apps", false), pod({})],
        },
        {
            name: "the pod's own false wins over the ServiceAccount's true",
            resources: [
                sa("web", "apps", true),
                pod({ serviceAccountName: "web", automountServiceAccountToken: false }),
            ],
        },
        {
            name: "a projected volume without a token",
            resources: [
                pod({
                    automountServiceAccountToken: false,
                    volumes: [{ name: "p", projected: { sources: [{ configMap: { name: "c" } }] } }],
                }),
            ],
        },
        {
            name: "a projected token bound to another audience (Vault's) is no API credential",
            resources: [withToken({ audience: "vault" })],
        },
    ],
    fail: [
        {
            name: "pod unset and its ServiceAccount does not turn it off",
            resources: [sa("web", "apps"), pod({ serviceAccountName: "web" })],
            message: 'ServiceAccount "apps/web"',
            count: 1,
        },
        {
            name: "pod unset and its ServiceAccount turns it on",
            resources: [sa("web", "apps", true), pod({ serviceAccountName: "web" })],
            message: 'ServiceAccount "apps/web"',
            count: 1,
        },
        {
            name: "the pod's own true wins over the ServiceAccount's false",
            resources: [
                sa("web", "apps", false),
                pod({ serviceAccountName: "web", automountServiceAccountToken: true }),
            ],
            message: "automountServiceAccountToken",
            count: 1,
        },
        {
            name: "a projected serviceAccountToken volume (default audience) mounts an API token although automount is off",
            resources: [withToken({})],
            message: 'projected volume(s) "tok"',
            count: 1,
        },
        {
            name: "a projected serviceAccountToken volume for the API server's audience",
            resources: [withToken({ audience: "https://kubernetes.default.svc" })],
            message: 'projected volume(s) "tok"',
            count: 1,
        },
        {
            name: "automountServiceAccountToken true",
            resources: deployment(container(), { automountServiceAccountToken: true }),
            message: "automountServiceAccountToken",
            count: 1,
        },
    ],
};
