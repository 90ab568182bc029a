/**
 * Applies a plan (./plan.ts) to a real API server with server-side apply: CRDs first (then waits for Established),
 * Namespaces, the rest in Helm's order, Pulumi patches last; webhook configurations separately (`applyLate`).
 *
 * Two controller duties are emulated, because no controller-manager runs: each namespace gets its `default`
 * ServiceAccount (the ServiceAccount admission plugin refuses pods without it), and each ResourceQuota gets the
 * status the quota controller would compute for an empty namespace (quota admission refuses pods while a quota's
 * status is unknown). Both are counted apart from the platform's objects.
 */
import { KubeClient, Obj, statusMessage } from "./kube";
import { Plan, PlanItem, crdProvides } from "./plan";

export interface ApplyOutcome {
    item: PlanItem;
    ok: boolean;
    /** `201`, or the server's refusal, or why it was not applied. */
    message: string;
    /** Not applied because its kind is not served (its CRD is in no rendered chart). */
    notServed?: boolean;
}

export interface ApplyReport {
    outcomes: ApplyOutcome[];
    /** Emulated controller writes (default ServiceAccounts, quota status). */
    emulated: string[];
}

const log0 = (l: string) => process.stderr.write(`${l}\n`);

async function applyOne(client: KubeClient, item: PlanItem, unrendered: string[]): Promise<ApplyOutcome> {
    if (!client.resource(item.apiVersion, item.kind)) {
        const why =
            unrendered.length > 0
                ? `${item.apiVersion} ${item.kind} is not served: its CRD is in no applied object ` +
                  `(Helm releases not rendered: ${unrendered.join(", ")})`
                : `${item.apiVersion} ${item.kind} is not served by the API server and no CRD of the stack defines it`;
        return { item, ok: false, message: why, notServed: true };
    }
    // The plan guesses scope for kinds it knows; the server's discovery decides (e.g. a cluster-scoped custom kind).
    if (!client.resource(item.apiVersion, item.kind)?.namespaced && item.object.metadata) {
        delete item.object.metadata.namespace;
        item.namespace = undefined;
    }
    let r = await client.apply(item.object, "blueprint-e2e");
    // One retry for transient answers (a just-established CRD's storage, a busy shared machine).
    if (r.status === 0 || r.status === 404 || r.status === 429 || r.status >= 500) {
        await new Promise((res) => setTimeout(res, 1000));
        r = await client.apply(item.object, "blueprint-e2e");
    }
    const ok = r.status === 200 || r.status === 201;
    return { item, ok, message: ok ? String(r.status) : `${r.status}: ${statusMessage(r)}` };
}

/** What the ServiceAccount controller does for a new namespace. */
export async function ensureDefaultServiceAccount(client: KubeClient, namespace: string): Promise<boolean> {
    const get = await client.request(
        "GET",
        `/api/v1/namespaces/${encodeURIComponent(namespace)}/serviceaccounts/default`,
    );
    if (get.status === 200) return false;
    const r = await client.request(
        "POST",
        `/api/v1/namespaces/${encodeURIComponent(namespace)}/serviceaccounts`,
        {
            apiVersion: "v1",
            kind: "ServiceAccount",
            metadata: { name: "default", namespace },
        },
    );
    if (r.status !== 201 && r.status !== 409)
        throw new Error(`default ServiceAccount in ${namespace}: ${r.status}: ${statusMessage(r)}`);
    return true;
}

/** What the quota controller computes for a quota in a namespace with nothing in it yet. */
async function initQuotaStatus(client: KubeClient, item: PlanItem): Promise<string | undefined> {
    const hard = (item.object.spec?.hard ?? {}) as Record<string, unknown>;
    const used: Obj = {};
    for (const k of Object.keys(hard)) used[k] = "0";
    const p = `/api/v1/namespaces/${encodeURIComponent(item.namespace ?? "default")}/resourcequotas/${encodeURIComponent(item.name)}/status`;
    const r = await client.request("PATCH", p, { status: { hard, used } }, "application/merge-patch+json");
    return r.status === 200 ? undefined : `${r.status}: ${statusMessage(r)}`;
}

/** Applies every item of the plan that is not `late`. */
export async function applyPlan(
    client: KubeClient,
    plan: Plan,
    log: (line: string) => void = log0,
): Promise<ApplyReport> {
    const outcomes: ApplyOutcome[] = [];
    const emulated: string[] = [];
    const unrendered = plan.releases.filter((r) => !r.rendered).map((r) => r.name);
    await client.refreshDiscovery();
    const items = plan.items.filter((i) => !i.late);

    const crds = items.filter((i) => i.kind === "CustomResourceDefinition" && !i.patch);
    for (const i of crds) outcomes.push(await applyOne(client, i, unrendered));
    if (crds.length > 0) {
        const pending = await client.waitEstablished(crds.map((c) => c.name));
        if (pending.length > 0) throw new Error(`CRDs not Established after 60 s: ${pending.join(", ")}`);
        await client.refreshDiscovery();
        log(`e2e: ${crds.length} CRDs applied and Established (${crdProvides(crds).size} kinds served)`);
    }

    const namespaces = items.filter((i) => i.kind === "Namespace" && !i.patch);
    for (const i of namespaces) outcomes.push(await applyOne(client, i, unrendered));
    for (const ns of ["default", ...namespaces.map((n) => n.name)])
        if (await ensureDefaultServiceAccount(client, ns)) emulated.push(`ServiceAccount ${ns}/default`);

    for (const i of items) {
        if (crds.includes(i) || namespaces.includes(i)) continue;
        const o = await applyOne(client, i, unrendered);
        outcomes.push(o);
        if (o.ok && i.kind === "ResourceQuota" && !i.patch) {
            const err = await initQuotaStatus(client, i);
            if (err) throw new Error(`ResourceQuota ${i.namespace}/${i.name} status: ${err}`);
            emulated.push(`ResourceQuota ${i.namespace}/${i.name} status`);
        }
    }
    return { outcomes, emulated };
}

/** Applies the `late` items (webhook configurations), after the pod checks. */
export async function applyLate(client: KubeClient, plan: Plan): Promise<ApplyOutcome[]> {
    const unrendered = plan.releases.filter((r) => !r.rendered).map((r) => r.name);
    const out: ApplyOutcome[] = [];
    for (const i of plan.items.filter((x) => x.late)) out.push(await applyOne(client, i, unrendered));
    return out;
}
