/**
 * Services that expose SSH (22), RDP (3389) or the kubelet's ports (10250 authenticated API, 10255 read-only)
 * open remote shells or node control to whoever reaches the Service (kubescape's and Polaris' exposed-port checks).
 * Both the Service port and a numeric targetPort count: port 2222 -> 22 still reaches sshd.
 */
import { ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { SERVICE_TYPES, who } from "./common";
import { serviceRules, whoCel } from "./admission";

export const remoteAccessPorts: Record<number, string> = {
    22: "SSH",
    3389: "RDP",
    10250: "the kubelet API",
    10255: "the kubelet read-only API",
};

/** CEL: `x` (an int or a numeric string, as Number() reads one) is a remote-access port. */
const remote = (x: string) =>
    `((type(${x}) == int && ${x} in [22, 3389, 10250, 10255]) || (type(${x}) == string && ` +
    `${x}.trim().matches('^0*(22|3389|10250|10255)(\\\\.0*)?$')))`;

export const serviceNoRemoteAccessPorts: ResourcePolicy = {
    kind: "resource",
    name: "service-no-remote-access-ports",
    since: "0.1.0",
    description:
        "No Service exposes SSH (22), RDP (3389) or the kubelet ports (10250, 10255), as port or targetPort.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        "Remove the port. Reach nodes through SSM Session Manager, not SSH; read kubelet metrics through the API " +
        "server's nodes/metrics or node-exporter. A reviewed exception (e.g. a Git server's SSH) gets an exemption.",
    frameworks: { nsa: "Network separation: no remote-access services", brief: ["R1", "R5", "F4"] },
    admission: {
        match: serviceRules,
        variables: [
            {
                name: "exposed",
                expression:
                    "has(object.spec) && has(object.spec.ports) ? object.spec.ports.filter(p, " +
                    `(has(p.port) && ${remote("p.port")}) || (has(p.targetPort) && ${remote("p.targetPort")}))` +
                    ".map(p, 'port ' + (has(p.port) ? string(p.port) : '?') + " +
                    "(has(p.targetPort) ? ', targetPort ' + string(p.targetPort) : '')) : []",
            },
        ],
        validations: [
            {
                expression: "size(variables.exposed) == 0",
                messageExpression: `${whoCel} + ' exposes SSH, RDP or a kubelet port (' + variables.exposed.join('; ') + ').'`,
            },
        ],
        differences:
            "A numeric string targetPort is read as its number only in decimal form (the API server refuses " +
            "numeric strings as a targetPort, which must then name a port).",
    },
    types: SERVICE_TYPES,
    check(r) {
        const ports = known(
            () => (Array.isArray(r.props.spec?.ports) ? [...r.props.spec.ports] : []),
            [] as unknown[],
        );
        const out = [];
        for (const p of ports) {
            const x = known(
                () => ({
                    port: (p as { port?: unknown }).port,
                    target: (p as { targetPort?: unknown }).targetPort,
                }),
                undefined,
            );
            if (!x) continue;
            const hit = [x.port, x.target]
                .map(Number)
                .find((n) => Number.isInteger(n) && n in remoteAccessPorts);
            if (hit !== undefined)
                out.push({
                    message:
                        `${who(r)} exposes ${remoteAccessPorts[hit]} (port ${String(x.port)}` +
                        (x.target !== undefined ? `, targetPort ${String(x.target)}` : "") +
                        ").",
                });
        }
        return out;
    },
};
