/**
 * PSA `sysctls` (baseline, v1.0, v1.27, v1.29, v1.32, v1.37): sysctls can disable security mechanisms or affect
 * every container on the node; only the namespaced, isolated "safe" set is allowed.
 * Restricted field: spec.securityContext.sysctls[*].name.
 */
import { Check, Forbidden, Obj, podSc } from "../psa";

const allowed_1_0 = [
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_unprivileged_port_start",
];
const allowed_1_27 = [...allowed_1_0, "net.ipv4.ip_local_reserved_ports"];
const allowed_1_29 = [
    ...allowed_1_27,
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
];
const allowed_1_32 = [...allowed_1_29, "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"];
const allowed_1_37 = [...allowed_1_32, "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"];

function sysctls(allowedList: string[]) {
    const allowed = new Set(allowedList);
    return (_metadata: Obj, spec: Obj): Forbidden | undefined => {
        const list = podSc(spec).sysctls;
        const bad: string[] = [];
        for (const s of Array.isArray(list) ? list : []) if (!allowed.has(s?.name)) bad.push(String(s?.name));
        if (bad.length === 0) return undefined;
        return { reason: "forbidden sysctls", detail: bad.join(", ") };
    };
}

export const checkSysctls: Check = {
    id: "sysctls",
    level: "baseline",
    versions: [
        { minimumVersion: 0, checkPod: sysctls(allowed_1_0) },
        { minimumVersion: 27, checkPod: sysctls(allowed_1_27) },
        { minimumVersion: 29, checkPod: sysctls(allowed_1_29) },
        { minimumVersion: 32, checkPod: sysctls(allowed_1_32) },
        { minimumVersion: 37, checkPod: sysctls(allowed_1_37) },
    ],
};
