/**
 * Per-workload NetworkPolicy coverage: a workload in a default-deny namespace that no allow policy selects gets no
 * ingress at all, which is usually a forgotten flow (the Service answers with timeouts). Reported for workloads
 * that expect traffic: they declare a container port, or a Service of the stack selects them.
 *
 * Uses the offline reachability analysis (analysis/reachability.ts): it parses the namespace's NetworkPolicies
 * with the API's defaulting and tells which pods each isolates; this policy then looks for a selecting policy with
 * an ingress rule. Resources are grouped by namespace in one pass, and the analysis runs per namespace.
 * A namespace whose objects hold a value unknown during preview is reported as not analyzed (advisory).
 */
import { analyzeReachability } from "../../analysis/reachability";
import { matchOrReason } from "../../lib/labels";
import { k8sKind, podBearingKinds, podTemplate } from "../../lib/k8s";
import { Finding, PolicyResource, StackPolicy } from "../lib/types";
import { isUnknownValueError, known } from "../../lib/unknowns";

const podKinds = new Set(podBearingKinds);
const batchKinds = new Set(["Job", "CronJob"]);

interface NamespaceGroup {
    policies: PolicyResource[];
    workloads: PolicyResource[];
    /** Selectors (matchLabels maps) of the namespace's Services. */
    services: Array<Record<string, string>>;
}

function subset(selector: Record<string, string>, labels: Record<string, string>): boolean {
    const keys = Object.keys(selector);
    return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}

/** `metadata.namespace` ("default" when unset), or `unknown` when it is unknown during preview. */
function namespaceOrDefault(r: PolicyResource, unknown: string): string {
    return known(() => (r.props.metadata?.namespace as string | undefined) || "default", unknown);
}

/** A Service's selector (a copy), or undefined when it is unknown during preview. */
function selectorOf(r: PolicyResource): Record<string, string> | undefined {
    return known(() => ({ ...(r.props.spec?.selector ?? {}) }) as Record<string, string>, undefined);
}

export const networkWorkloadNoIngress: StackPolicy = {
    kind: "stack",
    name: "network-workload-no-ingress",
    since: "0.1.0",
    description:
        "In a namespace whose NetworkPolicies isolate ingress, every workload that expects traffic (container ports, " +
        "or a Service selecting it) is selected by a policy that allows some ingress.",
    enforcementLevel: "advisory",
    severity: "low",
    remediation:
        "Add the flow: a NetworkPolicy selecting the workload's pod labels with an ingress rule for its clients and " +
        "ports (SecureWorkload's `ingressFrom`, or an entry of the platform flow catalogue). If the workload really " +
        "takes no traffic, drop its containerPorts and Service.",
    previewOnly:
        "it needs a namespace's NetworkPolicies, Services and workloads together (the offline reachability analysis): several objects at once",
    frameworks: {
        cisEks: ["4.3.2"],
        nsa: "Network policies: explicit allow rules",
        brief: ["R4", "F4", "Q8"],
    },
    check(resources) {
        const groups = new Map<string, NamespaceGroup>();
        const group = (ns: string): NamespaceGroup => {
            let g = groups.get(ns);
            if (!g) groups.set(ns, (g = { policies: [], workloads: [], services: [] }));
            return g;
        };
        const unknownNs = "\u0000unknown";
        for (const r of resources) {
            const k = k8sKind(r.type);
            if (!k) continue;
            const isPolicy = k.kind === "NetworkPolicy";
            const isService = k.group === "" && k.kind === "Service";
            if (!isPolicy && !isService && !podKinds.has(k.kind)) continue;
            // Read by functions of their own: a closure over `r` here would allocate a context per resource.
            const ns = namespaceOrDefault(r, unknownNs);
            if (ns === unknownNs) continue;
            if (isPolicy) group(ns).policies.push(r);
            else if (isService) {
                const sel = selectorOf(r);
                if (sel) group(ns).services.push(sel);
            } else if (!batchKinds.has(k.kind)) group(ns).workloads.push(r);
        }
        const out: Finding[] = [];
        for (const [ns, g] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
            if (!g.policies.length || !g.workloads.length) continue;
            try {
                // Only the model (isolation, labels, ports, parsed policies): the connection matrix is quadratic in
                // the namespace's pods and not needed here.
                const result = analyzeReachability([...g.policies, ...g.workloads], {
                    synthesize: false,
                    externalEndpoints: [],
                    connections: false,
                });
                const byId = new Map<string, PolicyResource>();
                for (const r of g.workloads) {
                    const t = podTemplate(r);
                    if (t) byId.set(`${t.namespace ?? "default"}/${t.kind}/${t.name}`, r);
                }
                for (const w of result.workloads) {
                    if (w.synthetic || !w.isolated.ingress) continue;
                    const expectsTraffic = w.ports.length > 0 || g.services.some((s) => subset(s, w.labels));
                    if (!expectsTraffic) continue;
                    const selecting = result.policies.filter(
                        (p) =>
                            p.namespace === ns &&
                            p.ingressType &&
                            matchOrReason(p.podSelector, w.labels) === true,
                    );
                    if (selecting.some((p) => p.ingress.length > 0)) continue;
                    out.push({
                        message:
                            `${w.id} gets no ingress: ${selecting.map((p) => `NetworkPolicy "${p.name}"`).join(", ")} ` +
                            `isolate${selecting.length === 1 ? "s" : ""} it and no policy with an ingress rule selects its labels, although it ` +
                            (w.ports.length
                                ? `declares port(s) ${w.ports.map((p) => p.port).join(", ")}.`
                                : "is selected by a Service."),
                        urn: byId.get(w.id)?.urn,
                    });
                }
            } catch (e) {
                if (!isUnknownValueError(e)) throw e;
                out.push({
                    message: `Namespace "${ns}": NetworkPolicy coverage not analyzed, a NetworkPolicy or workload holds a value unknown until apply.`,
                });
            }
        }
        return out;
    },
};
