/**
 * `pods/exec` and `pods/attach` give a shell in running containers, with their secrets and service tokens. Before
 * Kubernetes 1.35 the WebSocket upgrade that kubectl uses is authorized as `get`, so `get` on the subresource is
 * enough to exec (the built-in `edit` and `admin` roles grant exactly that): it counts unless every target cluster
 * is known to be 1.35 or newer. Judged on what roles really grant (`role-rules-policy.ts`).
 */
import { coversGroup, coversResource } from "./rules";
import { clusterVersionSchema, getReachesPodSubresources, roleRulesPolicy } from "./role-rules-policy";
import { celCoversGroup, celCoversResource, field } from "./admission";
import { celStringList } from "../lib/admission";

const subresources = ["pods/exec", "pods/attach"];

export const rbacPodsExecAttach = roleRulesPolicy({
    name: "rbac-pods-exec-attach",
    since: "0.1.0",
    description:
        "Roles and ClusterRoles do not grant create on pods/exec or pods/attach (nor get, which is enough before " +
        "Kubernetes 1.35), directly, through aggregation, or through a binding of a built-in ClusterRole.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediation:
        "Grant pods/exec and pods/attach only to a break-glass Role bound for the duration of an incident, " +
        "and watch Falco's shell-in-container alerts. Bind a Role of your own instead of the built-in edit or admin.",
    frameworks: { nsa: "Least privilege RBAC", brief: ["R8", "F3", "C4"] },
    configSchema: { kubernetesVersion: clusterVersionSchema },
    cel: {
        hit: (config) => {
            const verbs = getReachesPodSubresources([], config) ? ["create", "get", "*"] : ["create", "*"];
            return (
                `${celCoversGroup([""])} && (${subresources.map(celCoversResource).join(" || ")}) && ` +
                `${field("verbs")}.exists(v, v in ${celStringList(verbs)})`
            );
        },
        text: "grant create (or get, before Kubernetes 1.35) on pods/exec or pods/attach",
    },
    hitFor: (resources, config) => {
        const verbs = getReachesPodSubresources(resources, config) ? ["create", "get", "*"] : ["create", "*"];
        return (rule) => {
            if (!coversGroup(rule, "")) return undefined;
            const hits = subresources.filter((s) => coversResource(rule, s));
            const granted = rule.verbs.filter((v) => verbs.includes(v));
            if (!hits.length || !granted.length) return undefined;
            const onlyGet = !granted.some((v) => v !== "get");
            return `grants ${granted.join(", ")} on ${hits.join(" and ")}${onlyGet ? " (get is enough to exec before Kubernetes 1.35)" : ""}`;
        };
    },
});
