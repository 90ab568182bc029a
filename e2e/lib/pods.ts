/**
 * Pod admission of every pod template: each pod-bearing object's template becomes a Pod created with dryRun=All in
 * the object's namespace, so the real Pod Security admission (and every other admission plugin) judges it at the
 * namespace's enforce level. Controllers never run here, so this is the only way the templates meet PSA: applying a
 * Deployment only warns.
 */
import { podTemplate } from "../../lib/k8s";
import { KubeClient, Obj, statusMessage } from "./kube";
import { PlanItem } from "./plan";

export interface PodCheck {
    /** `Deployment example`, `Job harbor/migrate (hook pre-install)`. */
    object: string;
    namespace: string;
    /** `restricted:latest` (enforce:enforce-version), `privileged` when the namespace has no enforce label. */
    level: string;
    verdict: "admitted" | "refused" | "error";
    message: string;
    /** Pod Security warnings the server returned for an admitted pod (audit/warn levels stricter than enforce). */
    warnings: string[];
}

/** The Pod that a pod-bearing plan item's template describes (undefined for other kinds). */
export function podFor(item: PlanItem): Obj | undefined {
    if (item.patch) return undefined;
    const t = podTemplate({ type: item.type, name: item.name, props: item.object });
    if (!t) return undefined;
    const meta = t.metadata ?? {};
    let spec = t.spec;
    // The StatefulSet controller adds a volume per volumeClaimTemplate (claim `<template>-<set>-<ordinal>`).
    const claims =
        item.kind === "StatefulSet" ? ((item.object.spec?.volumeClaimTemplates ?? []) as Obj[]) : [];
    if (claims.length > 0) {
        const own = new Set(((spec.volumes ?? []) as Obj[]).map((v) => v?.name));
        const added = claims
            .filter((c) => !own.has(c?.metadata?.name))
            .map((c) => ({
                name: c.metadata.name,
                persistentVolumeClaim: { claimName: `${c.metadata.name}-${item.name}-0` },
            }));
        spec = { ...spec, volumes: [...((spec.volumes ?? []) as Obj[]), ...added] };
    }
    // A unique name per check: a bare Pod of the plan is already stored under its own name.
    const name = `e2e-${item.kind.toLowerCase()}-${item.name}`.slice(0, 253).replace(/[^a-z0-9.-]/g, "-");
    return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
            name: name.replace(/[-.]+$/, ""),
            namespace: item.namespace ?? "default",
            ...(meta.labels ? { labels: meta.labels } : {}),
            ...(meta.annotations ? { annotations: meta.annotations } : {}),
        },
        spec,
    };
}

export function describeItem(item: PlanItem): string {
    const hook = item.hooks.length > 0 ? ` (hook ${item.hooks.join(",")})` : "";
    const rel = item.release ? ` [${item.release}]` : "";
    return `${item.kind} ${item.name}${hook}${rel}`;
}

/** The namespace's enforce level as PSA reads it: no label means privileged (the server's default config). */
export async function enforceLevelOf(client: KubeClient, namespace: string): Promise<string> {
    const r = await client.request("GET", `/api/v1/namespaces/${encodeURIComponent(namespace)}`);
    const labels = (r.body?.metadata?.labels ?? {}) as Record<string, string>;
    const level = labels["pod-security.kubernetes.io/enforce"] ?? "privileged";
    const version = labels["pod-security.kubernetes.io/enforce-version"] ?? "latest";
    return `${level}:${version}`;
}

/** Creates each pod template's Pod with dryRun=All; returns one row per template. */
export async function checkPodTemplates(client: KubeClient, items: PlanItem[]): Promise<PodCheck[]> {
    const levels = new Map<string, string>();
    const rows: PodCheck[] = [];
    for (const item of items) {
        const pod = podFor(item);
        if (!pod) continue;
        const ns = String(pod.metadata.namespace);
        if (!levels.has(ns)) levels.set(ns, await enforceLevelOf(client, ns));
        const r = await client.createDryRun(pod);
        const verdict =
            r.status === 201 || r.status === 200 ? "admitted" : r.status === 403 ? "refused" : "error";
        rows.push({
            object: describeItem(item),
            namespace: ns,
            level: levels.get(ns) ?? "?",
            verdict,
            message: verdict === "admitted" ? "" : `${r.status}: ${statusMessage(r)}`,
            warnings: r.warnings,
        });
    }
    return rows;
}

/** A plain-text table with a header; columns padded to their widest cell. */
export function table(header: string[], rows: string[][]): string {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
    const line = (cells: string[]) =>
        cells
            .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
            .join("  ")
            .trimEnd();
    return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export function podTable(rows: PodCheck[]): string {
    return table(
        ["object", "namespace", "level", "verdict", "admission message"],
        rows.map((r) => [r.object, r.namespace, r.level, r.verdict, r.message]),
    );
}
