import { PolicyCases } from "../case";
import { compliant, failsAt, goodSpec, podAt, withSc } from "../fixtures/pss";

const engine = () => withSc(goodSpec(), { seLinuxOptions: { type: "container_engine_t" } });

export const cases: PolicyCases = {
    policy: "pss-selinux",
    pass: [
        compliant("baseline"),
        compliant("restricted"),
        { name: "container_engine_t from v1.31", resources: podAt("baseline", "v1.31", engine()) },
    ],
    fail: [
        failsAt(
            "baseline",
            "user root and type spc_t",
            withSc(goodSpec(), { seLinuxOptions: { user: "root", type: "spc_t" } }),
            'seLinuxOptions (container "app" set forbidden securityContext.seLinuxOptions: type "spc_t"; user "root")',
        ),
        {
            name: "container_engine_t before v1.31",
            resources: podAt("baseline", "v1.30", engine()),
            message: "container_engine_t",
            count: 1,
        },
    ],
};
