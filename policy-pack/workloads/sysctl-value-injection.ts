/**
 * CVE-2022-0811 ("cr8escape"): CRI-O passed a pod's sysctl values to a helper that split them on `+` and `=`, so a
 * value like `1+kernel.core_pattern=|/evil` set a second, node-wide sysctl and escaped to the host. `pss-sysctls`
 * checks sysctl NAMES as Pod Security Admission does; this policy checks the VALUES: no legitimate sysctl value
 * contains `+` or `=`.
 */
import { Finding, ResourcePolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { POD_TYPES, label, podOf } from "./pod";

export const sysctlValueInjection: ResourcePolicy = {
    kind: "resource",
    name: "sysctl-value-injection",
    since: "0.1.0",
    description:
        "No sysctl in spec.securityContext.sysctls has `+` or `=` in its value (sysctl injection, CVE-2022-0811).",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediation:
        "Give each sysctl a plain value (a number or space-separated numbers); never chain settings with `+` or " +
        "`=`. Patch CRI-O to 1.19.6, 1.20.7, 1.21.6, 1.22.3, 1.23.2 or newer on any node that runs it.",
    frameworks: {
        pss: "sysctls",
        nsa: "Kubernetes Pod security: Hardening container environments",
        brief: ["C1", "Q7", "R1"],
    },
    admission: {
        match: "pods",
        variables: [
            {
                name: "injected",
                expression:
                    "has(variables.podSpec.securityContext) && has(variables.podSpec.securityContext.sysctls) ? " +
                    "variables.podSpec.securityContext.sysctls.filter(s, has(s.value) && type(s.value) == string && " +
                    "(s.value.contains('+') || s.value.contains('='))).map(s, has(s.name) ? string(s.name) : '?') : []",
            },
        ],
        validations: [
            {
                expression: "size(variables.injected) == 0",
                messageExpression:
                    "variables.label + ' sysctls ' + variables.injected.join(', ') + ' have a value containing \"+\" " +
                    'or "=", which CRI-O before 1.23.2 reads as further sysctls (CVE-2022-0811).\'',
            },
        ],
    },
    types: POD_TYPES,
    check(r) {
        const pod = podOf(r);
        if (!pod) return [];
        const list = known(
            () =>
                Array.isArray(pod.spec.securityContext?.sysctls) ? [...pod.spec.securityContext.sysctls] : [],
            [] as unknown[],
        );
        const out: Finding[] = [];
        list.forEach((s, i) => {
            const entry = known(
                () => ({ name: (s as { name?: unknown }).name, value: (s as { value?: unknown }).value }),
                undefined,
            );
            if (!entry || typeof entry.value !== "string" || !/[+=]/.test(entry.value)) return;
            const name = typeof entry.name === "string" ? entry.name : `sysctls[${i}]`;
            out.push({
                message:
                    `${label(pod)} sysctl "${name}" has a value containing "${entry.value.includes("+") ? "+" : "="}", ` +
                    "which CRI-O before 1.23.2 reads as further sysctls (CVE-2022-0811).",
            });
        });
        return out;
    },
};
