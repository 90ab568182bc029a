/** Formatting: the reachability matrix as text. Part of analysis/reachability.ts (see there). Pure. */
import { Endpoint, ReachabilityResult, Workload } from "./types";
import { describeLabels } from "./analyze";

export function endName(e: Endpoint): string {
    if (e.service) return `(service) ${e.service}${e.ip ? ` ${e.ip}` : ""}`;
    return e.external
        ? `(external) ${e.external} ${e.ip}`
        : (e.workload ?? `${e.namespace}/{${describeLabels(e.labels)}}`);
}

/** Renders the matrix as text: who can reach whom, on which ports, with each workload's isolation status. */
export function formatMatrix(result: ReachabilityResult): string {
    const lines: string[] = [];
    lines.push(
        `Reachability: ${result.workloads.length} workloads (${result.workloads.filter((w) => w.synthetic).length} synthesized from policy selectors), ${result.services.length} services, ${result.externals.length} external endpoints, ${result.connections.length} allowed connections`,
    );
    lines.push("");
    const bySource = new Map<string, Map<string, string[]>>();
    for (const c of result.connections) {
        const s = endName(c.from);
        const d = endName(c.to);
        if (!bySource.has(s)) bySource.set(s, new Map());
        const m = bySource.get(s)!;
        if (!m.has(d)) m.set(d, []);
        m.get(d)!.push(`${c.port}/${c.protocol}`);
    }
    const flag = (w: Workload): string =>
        [
            w.isolated.ingress ? "" : "ingress OPEN",
            w.isolated.egress ? "" : "egress OPEN",
            w.hostNetwork ? "hostNetwork" : "",
            w.synthetic ? "probe" : "",
        ]
            .filter(Boolean)
            .join(", ");
    const sources: { name: string; header: string }[] = [
        ...result.workloads.map((w) => ({
            name: w.id,
            header: `${w.id} {${describeLabels(w.labels)}}${flag(w) ? ` [${flag(w)}]` : ""}`,
        })),
        ...result.externals.map((x) => ({
            name: `(external) ${x.name} ${x.ip}`,
            header: `(external) ${x.name} ${x.ip}`,
        })),
    ];
    for (const s of sources) {
        lines.push(s.header);
        const dsts = bySource.get(s.name);
        if (!dsts || dsts.size === 0) lines.push("  -> (nothing)");
        else
            for (const [d, ports] of [...dsts.entries()].sort()) lines.push(`  -> ${d}: ${ports.join(", ")}`);
    }
    if (result.warnings.length > 0) {
        lines.push("", "Warnings:");
        for (const w of result.warnings) lines.push(`  - ${w}`);
    }
    return lines.join("\n");
}
