/**
 * Without a `pod-security.kubernetes.io/enforce` label, Pod Security Admission falls back to the cluster default,
 * which on EKS is `privileged`: anything runs (the brief's Q7, R7). Stack policy, because a NamespacePatch
 * elsewhere in the stack may add the label.
 */
import { Finding, StackPolicy } from "../lib/types";
import {
    ENFORCE,
    ENFORCE_VERSION,
    LEVELS,
    UNKNOWN_LABEL,
    defaultSystemNamespaces,
    namespaceIndex,
} from "./psa-index";
import { celString, celStringList } from "../lib/admission";

export const namespacePsaEnforce: StackPolicy = {
    kind: "stack",
    name: "namespace-psa-enforce",
    since: "0.1.0",
    description: `Every non-system Namespace has a valid \`${ENFORCE}\` label (privileged, baseline or restricted).`,
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        `Create the namespace with SecureNamespace, or set metadata.labels["${ENFORCE}"] to restricted ` +
        `(baseline or privileged only where needed), with "${ENFORCE_VERSION}" pinned or "latest".`,
    frameworks: { cisEks: ["4.2.1"], nsa: "Pod security admission per namespace", brief: ["Q7", "R7", "Q4"] },
    configSchema: {
        systemNamespaces: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: defaultSystemNamespaces,
            description: "Namespaces managed by the control plane, which this policy skips.",
        },
    },
    admission: {
        match: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["namespaces"] }],
        variables: [
            { name: "labels", expression: "has(object.metadata.labels) ? object.metadata.labels : {}" },
        ],
        validations: (config) => {
            const system = celStringList(config.systemNamespaces ?? defaultSystemNamespaces);
            const skip = `object.metadata.name in ${system}`;
            return [
                {
                    expression: `${skip} || (${celString(ENFORCE)} in variables.labels && variables.labels[${celString(ENFORCE)}] in ${celStringList(LEVELS)})`,
                    messageExpression:
                        `'Namespace "' + object.metadata.name + '" has no valid ${ENFORCE} label (` +
                        `${LEVELS.join(", ")}): PSA falls back to the cluster default (privileged on EKS).'`,
                },
                {
                    expression: `${skip} || !(${celString(ENFORCE_VERSION)} in variables.labels) || variables.labels[${celString(ENFORCE_VERSION)}].matches('^(latest|v1\\\\.[0-9]+)$')`,
                    messageExpression: `'Namespace "' + object.metadata.name + '" has ${ENFORCE_VERSION}="' + variables.labels[${celString(ENFORCE_VERSION)}] + '"; expected "latest" or "v1.<minor>".'`,
                },
            ];
        },
    },
    check(resources, config) {
        const system = new Set<string>(config.systemNamespaces ?? defaultSystemNamespaces);
        const out: Finding[] = [];
        for (const ns of namespaceIndex(resources).values()) {
            if (!ns.declared || system.has(ns.name) || !ns.labels) continue;
            const level = ns.labels[ENFORCE];
            const version = ns.labels[ENFORCE_VERSION];
            if (level === UNKNOWN_LABEL)
                out.push({
                    message: `Namespace "${ns.name}": its ${ENFORCE} label is unknown until apply, so its level`,
                    urn: ns.blame.urn,
                    undecided: true,
                });
            else if (level === undefined)
                out.push({
                    message: `Namespace "${ns.name}" has no ${ENFORCE} label: PSA falls back to the cluster default (privileged on EKS).`,
                    urn: ns.blame.urn,
                });
            else if (!LEVELS.includes(level))
                out.push({
                    message: `Namespace "${ns.name}" has ${ENFORCE}="${level}"; expected one of ${LEVELS.join(", ")}.`,
                    urn: ns.blame.urn,
                });
            if (version === UNKNOWN_LABEL)
                out.push({
                    message: `Namespace "${ns.name}": its ${ENFORCE_VERSION} label is unknown until apply`,
                    urn: ns.blame.urn,
                    undecided: true,
                });
            else if (version !== undefined && !/^(latest|v1\.\d+)$/.test(version))
                out.push({
                    message: `Namespace "${ns.name}" has ${ENFORCE_VERSION}="${version}"; expected "latest" or "v1.<minor>".`,
                    urn: ns.blame.urn,
                });
        }
        return out;
    },
};
