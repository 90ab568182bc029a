/**
 * `--reachability`: the NetworkPolicy matrix of the captured stack (analysis/reachability.ts). Pods rendered by
 * Helm releases are not visible to a preview, so the platform charts' pods (their real labels and ports, listed
 * in components/network/platformFlows.ts) are added for the platform namespaces that the stack creates.
 */
import { analyzeReachability, CapturedResource, formatMatrix } from "../analysis/reachability";
import { platformWorkloads } from "../components/network/platformFlows";
import { GuardResource, isSecret } from "./model";

/** Wire form to plain values: secrets unwrapped (the analysis reads labels and ports, never secret data). */
function plain(v: unknown): unknown {
    if (isSecret(v)) return plain(v.value);
    if (Array.isArray(v)) return v.map(plain);
    if (typeof v === "object" && v !== null)
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
    return v;
}

export function reachabilityOf(resources: GuardResource[]): { json: unknown[]; text: string } {
    const captured: CapturedResource[] = resources
        .filter((r) => r.custom && r.type.startsWith("kubernetes:"))
        .map((r) => ({
            type: r.type,
            name: r.name,
            urn: r.urn,
            props: plain(r.outputs) as Record<string, unknown>,
        }));
    const namespaces = new Set(
        captured
            .filter((r) => r.type === "kubernetes:core/v1:Namespace")
            .map((r) => (r.props.metadata as { name?: string } | undefined)?.name)
            .filter((n): n is string => typeof n === "string"),
    );
    const extraWorkloads = platformWorkloads({}).filter((w) => namespaces.has(w.namespace));
    const result = analyzeReachability(captured, { extraWorkloads });
    const json = result.connections.map((c) => ({
        from: {
            namespace: c.from.namespace,
            labels: c.from.labels,
            ...(c.from.external ? { external: c.from.external } : {}),
        },
        to: {
            namespace: c.to.namespace,
            labels: c.to.labels,
            ...(c.to.external ? { external: c.to.external } : {}),
        },
        port: c.port,
        protocol: c.protocol,
    }));
    return { json, text: formatMatrix(result) };
}
