import { PolicyCases } from "../case";
import { svc } from "../fixtures/catalogue";

export const cases: PolicyCases = {
    policy: "service-no-external-ips",
    pass: [{ name: "an empty externalIPs list", resources: svc({ externalIPs: [] }) }],
    fail: [
        {
            name: "an external IP",
            resources: svc({ externalIPs: ["1.2.3.4"] }),
            message: "externalIPs",
            count: 1,
        },
    ],
};
