/**
 * PSA `hostPorts` (baseline, v1.0): host ports should be disallowed entirely.
 * Restricted field: spec.{containers,initContainers,ephemeralContainers}[*].ports[*].hostPort. Allowed: undefined, 0.
 */
import { Check, Forbidden, Obj, addOnce, containersPhrase, pluralize, visitContainers } from "../psa";

function hostPorts_1_0(_metadata: Obj, spec: Obj): Forbidden | undefined {
    const bad: string[] = [];
    const ports: string[] = [];
    visitContainers(spec, (c, name) => {
        const list = Array.isArray(c?.ports) ? c.ports : [];
        for (const p of list) {
            if (p?.hostPort != null && p.hostPort !== 0) {
                addOnce(bad, name);
                addOnce(ports, String(p.hostPort));
            }
        }
    });
    if (bad.length === 0) return undefined;
    return {
        reason: "hostPort",
        detail:
            `${containersPhrase(bad)} ${pluralize("uses", "use", bad.length)} ` +
            `${pluralize("hostPort", "hostPorts", ports.length)} ${ports.join(", ")}`,
    };
}

export const checkHostPorts: Check = {
    id: "hostPorts",
    level: "baseline",
    versions: [{ minimumVersion: 0, checkPod: hostPorts_1_0 }],
};
