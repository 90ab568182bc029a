/**
 * PSA `hostProbesAndHostLifecycle` (baseline, v1.34): probes and lifecycle handlers must not target another host
 * (the kubelet would connect from the node, e.g. to the cloud metadata endpoint).
 * Restricted fields: every container's {liveness,readiness,startup}Probe.{httpGet,tcpSocket}.host and
 * lifecycle.{postStart,preStop}.{httpGet,tcpSocket}.host. Allowed: "", undefined.
 */
import {
    Check,
    Forbidden,
    Obj,
    addOnce,
    containersPhrase,
    joinQuote,
    pluralize,
    visitContainers,
} from "../psa";

function hostsOf(handler: Obj | undefined, into: string[]): boolean {
    let found = false;
    for (const kind of ["httpGet", "tcpSocket"]) {
        const host = handler?.[kind]?.host;
        if (host != null && host !== "") {
            addOnce(into, String(host));
            found = true;
        }
    }
    return found;
}

function hostProbesAndHostLifecycle_1_34(_metadata: Obj, spec: Obj): Forbidden | undefined {
    const bad: string[] = [];
    const hosts: string[] = [];
    visitContainers(spec, (c, name) => {
        let found = false;
        for (const p of ["livenessProbe", "readinessProbe", "startupProbe"])
            found = hostsOf(c?.[p], hosts) || found;
        for (const h of ["postStart", "preStop"]) found = hostsOf(c?.lifecycle?.[h], hosts) || found;
        if (found) addOnce(bad, name);
    });
    if (bad.length === 0) return undefined;
    return {
        reason: "probe or lifecycle host",
        detail:
            `${containersPhrase(bad)} ${pluralize("uses", "use", bad.length)} ` +
            `${pluralize("probe or lifecycle host", "probe or lifecycle hosts", hosts.length)} ${joinQuote(hosts)}`,
    };
}

export const checkHostProbesAndHostLifecycle: Check = {
    id: "hostProbesAndHostLifecycle",
    level: "baseline",
    versions: [{ minimumVersion: 34, checkPod: hostProbesAndHostLifecycle_1_34 }],
};
