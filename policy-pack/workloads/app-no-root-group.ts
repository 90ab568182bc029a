/**
 * In app-tier namespaces, no pod or container runs with the root group: `runAsGroup: 0`, `fsGroup: 0` or 0 in
 * `supplementalGroups`, at pod level or in any container, init container or ephemeral container. Restricted PSS
 * admits GID 0 (it only forbids UID 0); with it, a process owns every root-group file of the image and of volumes
 * (`fsGroup` chowns them), which is how many container escapes and host-file reads start.
 * A stack policy, because the tier lives on the Namespace (index built once, O(n)).
 */
import { Finding, StackPolicy } from "../lib/types";
import { known } from "../../lib/unknowns";
import { POD_TYPES, containersOf, label, podOf } from "./pod";
import { TIER_LABEL, podTier, tierIndex } from "./tiers";
import { celAppTier } from "./admission";

const podTypes = new Set(POD_TYPES);

/** True for a GID that is 0 (a number, or a numeric string as YAML may carry it). */
function isRoot(v: unknown): boolean {
    return v === 0 || v === "0";
}

/** Root-group settings of one securityContext, as `field=0` phrases. */
function rootGroupFields(sc: unknown, prefix: string): string[] {
    const out: string[] = [];
    const read = (k: string): unknown =>
        known(() => (sc as Record<string, unknown> | undefined)?.[k], undefined);
    if (isRoot(read("runAsGroup"))) out.push(`${prefix}runAsGroup=0`);
    if (isRoot(read("fsGroup"))) out.push(`${prefix}fsGroup=0`);
    const groups = read("supplementalGroups");
    if (Array.isArray(groups) && groups.some((g) => known(() => isRoot(g), false)))
        out.push(`${prefix}supplementalGroups contains 0`);
    return out;
}

/** CEL: a securityContext `sc` (a CEL expression) sets a root group (rootGroupFields). */
function celRootGroup(sc: string): string {
    const root = (x: string) => `((type(${x}) == int && ${x} == 0) || (type(${x}) == string && ${x} == '0'))`;
    return (
        `((has(${sc}.runAsGroup) && ${root(`${sc}.runAsGroup`)}) || (has(${sc}.fsGroup) && ${root(`${sc}.fsGroup`)}) || ` +
        `(has(${sc}.supplementalGroups) && type(${sc}.supplementalGroups) == list && ${sc}.supplementalGroups.exists(g, ${root("g")})))`
    );
}

export const appNoRootGroup: StackPolicy = {
    kind: "stack",
    name: "app-no-root-group",
    since: "0.1.0",
    description: `In app-tier namespaces (\`${TIER_LABEL}: app\`), no pod or container sets runAsGroup 0, fsGroup 0 or supplementalGroups containing 0.`,
    enforcementLevel: "mandatory",
    severity: "medium",
    remediation:
        "Set a non-zero runAsGroup and fsGroup (SecureWorkload uses 65532) in spec.securityContext, remove 0 from " +
        "supplementalGroups, and remove runAsGroup: 0 from every container's securityContext.",
    frameworks: {
        nsa: "Run containers as non-root users and groups",
        brief: ["C1", "C3", "Q7"],
    },
    admission: {
        match: "pods",
        validations: [
            {
                expression:
                    `!(${celAppTier}) || (!(has(variables.podSpec.securityContext) && ${celRootGroup("variables.podSpec.securityContext")}) && ` +
                    `!variables.containers.exists(c, has(c.securityContext) && ${celRootGroup("c.securityContext")}))`,
                messageExpression:
                    "variables.label + ' in app-tier namespace \"' + request.namespace + '\" runs with the root group " +
                    "(runAsGroup 0, fsGroup 0 or supplementalGroups containing 0, in the pod or a container).'",
            },
        ],
    },
    check(resources) {
        const tiers = tierIndex(resources);
        const out: Finding[] = [];
        for (const r of resources) {
            if (!podTypes.has(r.type)) continue;
            const pod = podOf(r);
            if (!pod || podTier(pod, tiers) !== "app") continue;
            const fields = rootGroupFields(
                known(() => pod.spec.securityContext as unknown, undefined),
                "spec.securityContext.",
            );
            for (const { path, container } of containersOf(pod))
                fields.push(
                    ...rootGroupFields(
                        known(() => container.securityContext as unknown, undefined),
                        `${path} securityContext.`,
                    ),
                );
            if (fields.length)
                out.push({
                    message: `${label(pod)} in app-tier namespace "${pod.namespace || "default"}" runs with the root group: ${fields.join(", ")}.`,
                    urn: r.urn,
                });
        }
        return out;
    },
};
