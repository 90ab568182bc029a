/**
 * PSA `hostNamespaces` (baseline, v1.0): sharing the host's network, PID or IPC namespaces must be disallowed.
 * Restricted fields: spec.hostNetwork, spec.hostPID, spec.hostIPC. Allowed: undefined, false.
 */
import { Check, Forbidden, Obj } from "../psa";

function hostNamespaces_1_0(_metadata: Obj, spec: Obj): Forbidden | undefined {
    const bad: string[] = [];
    if (spec?.hostNetwork === true) bad.push("hostNetwork=true");
    if (spec?.hostPID === true) bad.push("hostPID=true");
    if (spec?.hostIPC === true) bad.push("hostIPC=true");
    if (bad.length === 0) return undefined;
    return { reason: "host namespaces", detail: bad.join(", "), field: bad[0].split("=")[0] };
}

export const checkHostNamespaces: Check = {
    id: "hostNamespaces",
    level: "baseline",
    versions: [{ minimumVersion: 0, checkPod: hostNamespaces_1_0 }],
};
