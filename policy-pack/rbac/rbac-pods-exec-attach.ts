/** `pods/exec` and `pods/attach` give a shell in running containers, with their secrets and service tokens. */
import { ResourcePolicy } from "../lib/types";
import { ROLE_TYPES, coversGroup, rulesOf, who } from "./rules";

const subresources = ["pods/exec", "pods/attach"];

export const rbacPodsExecAttach: ResourcePolicy = {
    kind: "resource",
    name: "rbac-pods-exec-attach",
    description: "Roles and ClusterRoles do not grant create on pods/exec or pods/attach.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediation:
        "Grant pods/exec and pods/attach only to a break-glass Role bound for the duration of an incident, " +
        "and watch Falco's shell-in-container alerts.",
    frameworks: { nsa: "Least privilege RBAC", brief: ["R8", "F3", "C4"] },
    types: ROLE_TYPES,
    check(r) {
        const out = [];
        for (const [i, rule] of rulesOf(r).entries()) {
            const hits = subresources.filter((s) => rule.resources.includes(s));
            if (hits.length && coversGroup(rule, "") && rule.verbs.some((v) => v === "create" || v === "*"))
                out.push({ message: `${who(r)} rules[${i}] grants create on ${hits.join(" and ")}.` });
        }
        return out;
    },
};
