import { PolicyCases } from "../case";
import { service } from "../fixtures/exposure";

export const cases: PolicyCases = {
    policy: "service-no-remote-access-ports",
    pass: [
        {
            name: "ordinary ports and named targetPorts",
            resources: service({ ports: [{ port: 443, targetPort: "https" }, { port: 5432 }] }),
        },
    ],
    fail: [
        {
            name: "SSH, RDP and kubelet ports, as port or numeric targetPort",
            resources: service({
                ports: [
                    { name: "ssh", port: 22 },
                    { name: "alt", port: 2222, targetPort: 22 },
                    { name: "rdp", port: 3389 },
                    { name: "kubelet", port: 10250 },
                    { name: "ro", port: 8080, targetPort: 10255 },
                    { name: "web", port: 443, targetPort: 8443 },
                ],
            }),
            messages: [
                'Service "svc" exposes SSH (port 22).',
                'Service "svc" exposes SSH (port 2222, targetPort 22).',
                'Service "svc" exposes RDP (port 3389).',
                'Service "svc" exposes the kubelet API (port 10250).',
                'Service "svc" exposes the kubelet read-only API (port 8080, targetPort 10255).',
            ],
        },
    ],
};
