/**
 * `baseline` admits what `restricted` refuses: root containers, privilege escalation (setuid binaries), the
 * default capabilities (NET_RAW among them), no seccomp profile, any volume type. It is a deliberate relaxation of
 * the blueprint's restricted default, so, like `privileged` (namespace-privileged-requires-exemption), it is
 * allowed only through an exemption with its reason in the reviewed policy config. Privileged namespaces are that
 * policy's; namespaces without a valid label are namespace-psa-enforce's.
 */
import { Finding, StackPolicy } from "../lib/types";
import { ENFORCE, namespaceIndex } from "./psa-index";
import { namespaceLabelForm } from "./admission";

export const namespaceBaselineRequiresExemption: StackPolicy = {
    kind: "stack",
    name: "namespace-baseline-requires-exemption",
    since: "0.1.0",
    description: `A Namespace labelled \`${ENFORCE}: baseline\` is allowed only through a config exemption with a reason.`,
    enforcementLevel: "mandatory",
    severity: "high",
    remediation:
        "Use restricted: run as non-root, drop ALL capabilities, set allowPrivilegeEscalation: false and the " +
        'RuntimeDefault seccomp profile. If a workload truly needs baseline, add {"namespace": "<name>", "reason": ' +
        '"<what needs it and why>"} to this policy\'s exemptions in the reviewed policy config.',
    frameworks: {
        cisEks: ["4.2.1"],
        pss: "baseline",
        nsa: "Pod security: restricted by default",
        brief: ["R7", "C1", "Q7"],
    },
    // Exempt namespaces become the binding's matchConditions, so the form itself refuses every baseline label.
    admission: namespaceLabelForm(
        "baseline",
        "enforces the baseline Pod Security level (root, privilege escalation and default capabilities admitted) without an exemption in the policy config.",
    ),
    check(resources) {
        const out: Finding[] = [];
        for (const ns of namespaceIndex(resources).values())
            if (ns.labels?.[ENFORCE] === "baseline")
                out.push({
                    message: `Namespace "${ns.name}" enforces the baseline Pod Security level (root, privilege escalation and default capabilities admitted) without an exemption in the policy config.`,
                    urn: ns.blame.urn,
                });
        return out;
    },
};
