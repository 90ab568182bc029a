import { Obj, deployment, podSpec } from "../../coverage-helpers";
import { PolicyCases } from "../case";
import { hardenedDeployment } from "../fixtures/catalogue";

const withSysctls = (sysctls: Obj[]) =>
    deployment(podSpec({ securityContext: { runAsNonRoot: true, sysctls } }));

export const cases: PolicyCases = {
    policy: "sysctl-value-injection",
    pass: [
        hardenedDeployment(),
        { name: "the hardened pod of the coverage builders", resources: deployment() },
        {
            name: "a plain value",
            resources: withSysctls([{ name: "net.ipv4.ip_local_port_range", value: "1024 65000" }]),
        },
    ],
    fail: [
        {
            name: "+ or = inside a value is injection",
            resources: withSysctls([
                { name: "kernel.shm_rmid_forced", value: "1+kernel.core_pattern=|/var/lib/containers/x" },
                { name: "net.ipv4.tcp_syncookies", value: "1" },
                { name: "net.ipv4.ping_group_range", value: "0 1=2" },
            ]),
            messages: [
                'Deployment "web" sysctl "kernel.shm_rmid_forced" has a value containing "+", which CRI-O before 1.23.2 reads as further sysctls (CVE-2022-0811).',
                'Deployment "web" sysctl "net.ipv4.ping_group_range" has a value containing "=", which CRI-O before 1.23.2 reads as further sysctls (CVE-2022-0811).',
            ],
        },
    ],
};
