/**
 * `pod-security.kubernetes.io/enforce-version: v1.N` makes Pod Security Admission judge pods with the checks of
 * v1.N. Pinned below the target cluster's version, the namespace silently misses every check revision Kubernetes
 * added since (e.g. hostProbesAndHostLifecycle in v1.34, seLinuxOptions in v1.31). Pinning is how a platform keeps
 * an upgrade from changing the policy under running workloads, so an old pin is allowed, but only with a reviewed
 * reason: an exemption in the policy config. The target version is the stack's EKS cluster's, else the
 * `kubernetesVersion` config (pss/level.ts targetVersions); when neither is known the pin cannot be judged and is
 * reported as not verified. A pin whose level gained no check revision since is not reported.
 */
import { Finding, StackPolicy } from "../lib/types";
import { kubernetesVersionSchema, targetVersions } from "../pss/level";
import { allChecks } from "../pss/registry";
import { ENFORCE, ENFORCE_VERSION, namespaceIndex } from "./psa-index";
import { celString, celStringList } from "../lib/admission";

/** Check revisions a namespace at `level` pinned to v1.`pinned` misses on a v1.`target` cluster. */
export function missedRevisions(level: string, pinned: number, target: number): string[] {
    const out: string[] = [];
    for (const c of allChecks) {
        if (level === "baseline" && c.level !== "baseline") continue;
        for (const v of c.versions)
            if (v.minimumVersion > pinned && v.minimumVersion <= target)
                out.push(`${c.id} (v1.${v.minimumVersion})`);
    }
    return out;
}

export const namespacePsaVersionOutdated: StackPolicy = {
    kind: "stack",
    name: "namespace-psa-version-outdated",
    since: "0.1.0",
    description: `No Namespace pins \`${ENFORCE_VERSION}\` below the target cluster's version (missing newer Pod Security checks) without a reviewed reason.`,
    enforcementLevel: "advisory",
    severity: "medium",
    remediation:
        `Set ${ENFORCE_VERSION} to the cluster's version (SecureNamespace podSecurityVersion) after checking the ` +
        "workloads pass it (warn/audit labels at that version show what would be refused), or add " +
        '{"namespace": "<name>", "reason": "<why the old pin stays>"} to this policy\'s exemptions.',
    frameworks: {
        cisEks: ["4.2.1"],
        pss: "enforce-version",
        nsa: "Pod security admission",
        brief: ["R7", "Q7", "F2"],
    },
    configSchema: { kubernetesVersion: kubernetesVersionSchema },
    // Admission knows the target version only from this policy's `kubernetesVersion` config (the stack's EKS
    // cluster is another object): with it, the pins that miss a check revision are folded into the expression;
    // without it, nothing is judged, as the preview reports such a pin as not verified.
    admission: {
        match: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["namespaces"] }],
        variables: [
            { name: "labels", expression: "has(object.metadata.labels) ? object.metadata.labels : {}" },
            {
                name: "pin",
                expression:
                    `${celString(ENFORCE)} in variables.labels && ${celString(ENFORCE_VERSION)} in variables.labels ? ` +
                    `variables.labels[${celString(ENFORCE)}] + ' ' + variables.labels[${celString(ENFORCE_VERSION)}] : ''`,
            },
        ],
        validations: (config) => {
            const target = targetVersions([], config);
            if (target.source === "assumed")
                return [
                    {
                        expression: "true",
                        messageExpression: "'not judged: no kubernetesVersion configured'",
                    },
                ];
            const newest = Math.max(...target.versions);
            const outdated = (["baseline", "restricted"] as const).flatMap((level) =>
                Array.from({ length: newest }, (_, m) => m)
                    .filter((m) => missedRevisions(level, m, newest).length > 0)
                    .map((m) => `${level} v1.${m}`),
            );
            return [
                {
                    expression: `!(variables.pin in ${celStringList(outdated)})`,
                    messageExpression:
                        `'Namespace "' + object.metadata.name + '" pins ${ENFORCE_VERSION}=' + ` +
                        `variables.labels[${celString(ENFORCE_VERSION)}] + ', older than the configured kubernetesVersion ` +
                        `v1.${newest}, with no reviewed reason: newer Pod Security checks are skipped.'`,
                },
            ];
        },
    },
    check(resources, config) {
        const target = targetVersions(resources, config);
        const newest = Math.max(...target.versions);
        const out: Finding[] = [];
        for (const ns of namespaceIndex(resources).values()) {
            const level = ns.labels?.[ENFORCE];
            const version = ns.labels?.[ENFORCE_VERSION];
            if (level !== "baseline" && level !== "restricted") continue;
            const m = typeof version === "string" ? /^v1\.(0|[1-9][0-9]*)$/.exec(version) : null;
            if (!m) continue;
            const pinned = Number(m[1]);
            const missed = missedRevisions(level, pinned, newest);
            if (!missed.length) continue;
            if (target.source === "assumed") {
                out.push({
                    message: `Namespace "${ns.name}" pins ${ENFORCE_VERSION}=${version}, and the target cluster's version is not known (no aws:eks Cluster with a version, no kubernetesVersion config), so whether the pin is older than the cluster`,
                    urn: ns.blame.urn,
                    undecided: true,
                });
                continue;
            }
            const where = target.source === "eks" ? "the EKS cluster's" : "the configured kubernetesVersion";
            out.push({
                message:
                    `Namespace "${ns.name}" pins ${ENFORCE_VERSION}=${version}, older than ${where} v1.${newest}, with no ` +
                    `reviewed reason: ${level} pods are judged without ${missed.join(", ")}.`,
                urn: ns.blame.urn,
            });
        }
        return out;
    },
};
