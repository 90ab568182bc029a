import { PolicyCases } from "../case";
import { denyAll, np, svc, web } from "../fixtures/network";

const w = web();
const worker = () => web({ app: "worker" }, []);

export const cases: PolicyCases = {
    policy: "network-workload-no-ingress",
    enforcementLevel: "advisory",
    pass: [
        {
            name: "an allow policy selecting the workload",
            resources: [
                denyAll(),
                np("allow-web", {
                    podSelector: { matchLabels: { app: "web" } },
                    ingress: [{ ports: [{ port: 8080 }] }],
                }),
                web(),
            ],
        },
        { name: "a worker with neither ports nor a Service", resources: [denyAll(), worker()] },
        { name: "no isolation (no default-deny) means open ingress", resources: [web()] },
        { name: "a default-deny in another namespace", resources: [denyAll("other"), web()] },
    ],
    fail: [
        {
            name: "a workload with a port in a default-deny namespace and no allow policy",
            resources: [denyAll(), w],
            messages: [
                'apps/Deployment/web gets no ingress: NetworkPolicy "default-deny" isolates it and no policy with an ingress rule selects its labels, although it declares port(s) 8080.',
            ],
            blame: w,
        },
        {
            name: "an allow policy selecting other pods",
            resources: [
                denyAll(),
                np("allow-db", { podSelector: { matchLabels: { app: "db" } }, ingress: [{}] }),
                web(),
            ],
            message: "gets no ingress",
            count: 1,
        },
        {
            name: "a workload without ports counts when a Service selects it",
            resources: [denyAll(), worker(), svc({ app: "worker" })],
            message: "is selected by a Service",
            count: 1,
        },
    ],
};
