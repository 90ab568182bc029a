import { PolicyCases } from "../case";
import { compliant, failsAt, goodSpec, podAt, withContainer } from "../fixtures/pss";

const probe = () => withContainer(goodSpec(), { livenessProbe: { httpGet: { host: "10.0.0.1", port: 80 } } });

export const cases: PolicyCases = {
    policy: "pss-host-probes",
    pass: [
        compliant("baseline"),
        compliant("restricted"),
        {
            name: "a check newer than enforce-version (v1.33) does not apply",
            resources: podAt("baseline", "v1.33", probe()),
        },
    ],
    fail: [
        failsAt(
            "baseline",
            "a startupProbe host",
            withContainer(goodSpec(), { startupProbe: { httpGet: { host: "169.254.169.254", port: 80 } } }),
            'probe or lifecycle host (container "app" uses probe or lifecycle host "169.254.169.254")',
        ),
        failsAt(
            "baseline",
            "a preStop host",
            withContainer(goodSpec(), { lifecycle: { preStop: { tcpSocket: { host: "db", port: 5432 } } } }),
            'lifecycle host "db"',
        ),
        {
            name: "a livenessProbe host at v1.34",
            resources: podAt("baseline", "v1.34", probe()),
            message: '"10.0.0.1"',
            count: 1,
        },
    ],
};
