import { PolicyCases } from "../case";
import { compliant, failsAt, goodSpec, podAt } from "../fixtures/pss";

const lowat = () => ({
    ...goodSpec(),
    securityContext: {
        ...goodSpec().securityContext,
        sysctls: [{ name: "net.ipv4.tcp_notsent_lowat", value: "16384" }],
    },
});

export const cases: PolicyCases = {
    policy: "pss-sysctls",
    pass: [
        compliant("baseline"),
        compliant("restricted"),
        { name: "a v1.37 sysctl at v1.37", resources: podAt("baseline", "v1.37", lowat()) },
        { name: "a v1.37 sysctl at latest", resources: podAt("baseline", "latest", lowat()) },
        { name: "a v1.37 sysctl without enforce-version", resources: podAt("baseline", undefined, lowat()) },
    ],
    fail: [
        failsAt(
            "baseline",
            "kernel.msgmax",
            { ...goodSpec(), securityContext: { sysctls: [{ name: "kernel.msgmax", value: "1" }] } },
            "forbidden sysctls (kernel.msgmax)",
        ),
        {
            name: "a v1.37 sysctl at v1.36",
            resources: podAt("baseline", "v1.36", lowat()),
            message: "net.ipv4.tcp_notsent_lowat",
            count: 1,
        },
    ],
};
