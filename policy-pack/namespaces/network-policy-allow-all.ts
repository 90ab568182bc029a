/**
 * A NetworkPolicy that selects every pod of its namespace and has a rule allowing every source (or destination)
 * on every port undoes the namespace's default-deny: NetworkPolicies are additive, so one allow-all wins over every
 * narrower policy. Decided with the offline reachability analysis (analysis/reachability.ts `isAllowed`), on the
 * policy alone, with probe peers: an unlabelled pod of an unrelated namespace and an internet address, on ports
 * 1, 8080 and 65535/TCP. Advisory.
 */
import { analyzeReachability, isAllowed } from "../../analysis/reachability";
import { matchOrReason } from "../../lib/labels";
import { k8sKind } from "../../lib/k8s";
import { Finding, StackPolicy } from "../lib/types";
import { isUnknownValueError } from "../../lib/unknowns";

const probePorts = [1, 8080, 65535];
const foreignPod = { namespace: "\u0000any-namespace", labels: {} };
const internet = { ip: "203.0.113.10", name: "internet" };

export const networkPolicyAllowAll: StackPolicy = {
    kind: "stack",
    name: "network-policy-allow-all",
    since: "0.1.0",
    description:
        "No NetworkPolicy selects every pod of its namespace with a rule that allows every pod of every namespace, " +
        "or every address, on every port.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediation:
        "Replace the allow-all rule with the flows the pods need (peers by namespace and pod labels, and ports); " +
        "for a reviewed exception, narrow the podSelector to the pods concerned and exempt the policy with the reason.",
    previewOnly:
        "it is decided by the offline reachability analysis on probe peers (a pod of another namespace, an internet address, three ports) through NetworkPolicy's full semantics: selectors, ipBlock CIDRs with except, named and ranged ports, policyTypes defaults. CIDR containment needs Kubernetes' CEL ip/cidr library, which the offline evaluator (@bufbuild/cel) does not implement, so a CEL form could not be proven to agree with the preview",
    frameworks: {
        cisEks: ["4.3.2"],
        nsa: "Network policies: default deny, explicit allow",
        brief: ["R4", "F4", "C2"],
    },
    check(resources) {
        const out: Finding[] = [];
        for (const r of resources) {
            if (k8sKind(r.type)?.kind !== "NetworkPolicy") continue;
            let found: string[];
            let name: string;
            try {
                const props = r.props;
                name = (props.metadata?.name as string | undefined) ?? r.name;
                const ns = (props.metadata?.namespace as string | undefined) || "default";
                if (matchOrReason(props.spec?.podSelector ?? {}, {}) !== true) continue;
                const only = [r];
                const own = { namespace: ns, labels: {} };
                const all = (from: object, to: object) =>
                    probePorts.every((port) => isAllowed(only, from as never, to as never, port, "TCP"));
                // Alone, the policy leaves the direction it does not isolate open: judge only the ones it isolates.
                const parsed = analyzeReachability(only, { synthesize: false, externalEndpoints: [] })
                    .policies[0];
                const ingress = parsed?.ingressType ?? false;
                const egress = parsed?.egressType ?? false;
                found = [
                    ingress && all(foreignPod, own) ? "ingress from every pod of every namespace" : "",
                    ingress && all(internet, own) ? "ingress from any address" : "",
                    egress && all(own, foreignPod) ? "egress to every pod of every namespace" : "",
                    egress && all(own, internet) ? "egress to any address" : "",
                ].filter(Boolean);
            } catch (e) {
                if (!isUnknownValueError(e)) throw e;
                continue; // a policy not known until apply: namespace-default-deny and the guard's reachability report it
            }
            if (found.length)
                out.push({
                    message: `NetworkPolicy "${name}" selects every pod of its namespace and allows ${found.join(", ")} on every port.`,
                    urn: r.urn,
                });
        }
        return out;
    },
};
