/**
 * A `privileged` namespace admits any pod: host namespaces, host paths, privileged containers. The blueprint needs
 * a few (Falco, node-exporter, kube-bench, trivy's node collector), and each one is allowed only through an
 * exemption with its reason in the reviewed policy config (blueprint.policy-config.json). The check reports every
 * privileged namespace; the adapter drops the findings that an exemption covers.
 */
import { Finding, StackPolicy } from "../lib/types";
import { ENFORCE, UNKNOWN_LABEL, namespaceIndex } from "./psa-index";
import { namespaceLabelForm } from "./admission";

export const namespacePrivilegedRequiresExemption: StackPolicy = {
    kind: "stack",
    name: "namespace-privileged-requires-exemption",
    since: "0.1.0",
    description: `A Namespace labelled \`${ENFORCE}: privileged\` is allowed only through a config exemption with a reason.`,
    enforcementLevel: "mandatory",
    severity: "critical",
    remediation:
        "Use restricted (or baseline) instead. If the namespace truly needs host access, add " +
        '{"namespace": "<name>", "reason": "<why it needs host access>"} to this policy\'s exemptions in the ' +
        "reviewed policy config.",
    frameworks: {
        cisEks: ["4.2.1", "4.2.2", "4.2.3", "4.2.4", "4.2.5"],
        nsa: "Pod security: deny privileged by default",
        brief: ["R7", "C1", "Q7"],
    },
    // Exempt namespaces become the binding's matchConditions, so the form itself refuses every privileged label.
    admission: namespaceLabelForm(
        "privileged",
        "enforces the privileged Pod Security level without an exemption in the policy config.",
    ),
    check(resources) {
        const out: Finding[] = [];
        for (const ns of namespaceIndex(resources).values()) {
            if (ns.labels?.[ENFORCE] === UNKNOWN_LABEL || ns.labels === undefined)
                out.push({
                    message: `Namespace "${ns.name}": its ${ENFORCE} label is unknown until apply, so whether it is privileged`,
                    urn: ns.blame.urn,
                    undecided: true,
                });
            else if (ns.labels[ENFORCE] === "privileged")
                out.push({
                    message: `Namespace "${ns.name}" enforces the privileged Pod Security level without an exemption in the policy config.`,
                    urn: ns.blame.urn,
                });
        }
        return out;
    },
};
