/**
 * PSA `seLinuxOptions` (baseline, v1.0 and v1.31): setting a custom SELinux user or role is forbidden, and the
 * type is limited to the container types. Restricted fields: spec.securityContext.seLinuxOptions and every
 * container's: `type` in the allowed set (v1.31 adds container_engine_t), `user` and `role` empty.
 */
import { Check, Forbidden, Obj, joinQuote, pluralize, podSc, sc, visitContainers } from "../psa";

const types_1_0 = new Set(["", "container_t", "container_init_t", "container_kvm_t"]);
const types_1_31 = new Set([...types_1_0, "container_engine_t"]);

function seLinuxOptions(allowedTypes: Set<string>) {
    return (_metadata: Obj, spec: Obj): Forbidden | undefined => {
        const setters: string[] = [];
        const badTypes: string[] = [];
        const badUsers: string[] = [];
        const badRoles: string[] = [];
        const visit = (opts: Obj | undefined, who: string) => {
            if (opts == null) return;
            let bad = false;
            if (!allowedTypes.has(opts.type ?? "")) {
                bad = true;
                badTypes.push(String(opts.type));
            }
            if ((opts.user ?? "") !== "") {
                bad = true;
                badUsers.push(String(opts.user));
            }
            if ((opts.role ?? "") !== "") {
                bad = true;
                badRoles.push(String(opts.role));
            }
            if (bad) setters.push(who);
        };
        visit(podSc(spec).seLinuxOptions, "pod");
        visitContainers(spec, (c, name) => visit(sc(c).seLinuxOptions, `container ${JSON.stringify(name)}`));
        if (setters.length === 0) return undefined;
        const what: string[] = [];
        if (badTypes.length)
            what.push(`${pluralize("type", "types", badTypes.length)} ${joinQuote(badTypes)}`);
        if (badUsers.length)
            what.push(`${pluralize("user", "users", badUsers.length)} ${joinQuote(badUsers)}`);
        if (badRoles.length)
            what.push(`${pluralize("role", "roles", badRoles.length)} ${joinQuote(badRoles)}`);
        return {
            reason: "seLinuxOptions",
            detail: `${setters.join(", ")} set forbidden securityContext.seLinuxOptions: ${what.join("; ")}`,
        };
    };
}

export const checkSeLinuxOptions: Check = {
    id: "seLinuxOptions",
    level: "baseline",
    versions: [
        { minimumVersion: 0, checkPod: seLinuxOptions(types_1_0) },
        { minimumVersion: 31, checkPod: seLinuxOptions(types_1_31) },
    ],
};
