/**
 * A minimal Kubernetes REST client over Node https with client certificates: discovery, server-side apply,
 * create with dryRun=All, and waiting for CRDs. No kubectl.
 */
import * as https from "https";

export type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Kubernetes JSON

export interface Response {
    status: number;
    body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed JSON (or text)
    warnings: string[];
}

export interface ResourceInfo {
    group: string;
    version: string;
    kind: string;
    plural: string;
    namespaced: boolean;
}

/** `apps/v1` -> { group: "apps", version: "v1" }; `v1` -> { group: "", version: "v1" }. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
    const i = apiVersion.lastIndexOf("/");
    return i < 0
        ? { group: "", version: apiVersion }
        : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** A refusal's message as the API server gave it (Status.message), or the raw body. */
export function statusMessage(r: Response): string {
    const b = r.body;
    if (b && typeof b === "object" && typeof b.message === "string") return b.message;
    return typeof b === "string" ? b.slice(0, 500) : JSON.stringify(b)?.slice(0, 500);
}

export class KubeClient {
    private readonly agent: https.Agent;
    private discovery = new Map<string, ResourceInfo>();

    constructor(
        readonly url: string,
        tls: { ca: Buffer; cert: Buffer; key: Buffer },
    ) {
        this.agent = new https.Agent({ ...tls, keepAlive: true, maxSockets: 8 });
    }

    /**
     * One REST call. A connection error (reset, hang-up: a busy shared machine) is retried twice: every call this
     * suite makes is idempotent (GET, server-side apply, dryRun, create of a fixed name that tolerates 409).
     */
    async request(
        method: string,
        path: string,
        body?: unknown,
        contentType = "application/json",
        timeoutMs = 60_000,
    ): Promise<Response> {
        for (let attempt = 1; ; attempt++) {
            try {
                return await this.requestOnce(method, path, body, contentType, timeoutMs);
            } catch (e) {
                if (attempt >= 3) throw new Error(`${method} ${path}: ${(e as Error).message}`);
                await new Promise((r) => setTimeout(r, 500 * attempt));
            }
        }
    }

    private requestOnce(
        method: string,
        path: string,
        body: unknown,
        contentType: string,
        timeoutMs: number,
    ): Promise<Response> {
        const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
        return new Promise((resolve, reject) => {
            const req = https.request(
                `${this.url}${path}`,
                {
                    method,
                    agent: this.agent,
                    headers: {
                        accept: "application/json",
                        ...(data ? { "content-type": contentType, "content-length": data.length } : {}),
                    },
                    timeout: timeoutMs,
                },
                (res) => {
                    const chunks: Buffer[] = [];
                    res.on("data", (c: Buffer) => chunks.push(c));
                    res.on("end", () => {
                        const text = Buffer.concat(chunks).toString("utf8");
                        let parsed: unknown = text;
                        try {
                            parsed = JSON.parse(text);
                        } catch {
                            // not JSON (e.g. /readyz says "ok")
                        }
                        const w = res.headers["warning"];
                        const warnings = (Array.isArray(w) ? w : w ? [w] : []).map((x) =>
                            x.replace(/^299 - "?/, "").replace(/"$/, ""),
                        );
                        resolve({ status: res.statusCode ?? 0, body: parsed, warnings });
                    });
                    res.on("error", reject);
                },
            );
            req.on("timeout", () => req.destroy(new Error(`${method} ${path}: timed out`)));
            req.on("error", reject);
            if (data) req.write(data);
            req.end();
        });
    }

    /** Re-reads the served resources (after CRDs are established). */
    async refreshDiscovery(): Promise<void> {
        const map = new Map<string, ResourceInfo>();
        const add = async (group: string, version: string) => {
            const p = group === "" ? `/api/${version}` : `/apis/${group}/${version}`;
            const r = await this.request("GET", p);
            if (r.status !== 200) return;
            for (const res of (r.body.resources ?? []) as Obj[]) {
                if (String(res.name).includes("/")) continue; // subresources
                map.set(`${group}/${version}/${res.kind}`, {
                    group,
                    version,
                    kind: res.kind,
                    plural: res.name,
                    namespaced: !!res.namespaced,
                });
            }
        };
        await add("", "v1");
        const groups = await this.request("GET", "/apis");
        for (const g of (groups.body.groups ?? []) as Obj[])
            for (const v of (g.versions ?? []) as Obj[]) await add(g.name, v.version);
        this.discovery = map;
    }

    /**
     * The served resource for apiVersion/kind; reads discovery on first use, and again when the kind is not known
     * yet (a CRD applied since). Undefined when the server does not serve it.
     */
    async lookup(apiVersion: string, kind: string): Promise<ResourceInfo | undefined> {
        if (this.discovery.size === 0 || !this.resource(apiVersion, kind)) await this.refreshDiscovery();
        return this.resource(apiVersion, kind);
    }

    resource(apiVersion: string, kind: string): ResourceInfo | undefined {
        const { group, version } = splitApiVersion(apiVersion);
        return this.discovery.get(`${group}/${version}/${kind}`);
    }

    /** The REST path of an object (collection path when `name` is omitted). */
    path(info: ResourceInfo, namespace: string | undefined, name?: string): string {
        const base = info.group === "" ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`;
        const ns = info.namespaced ? `/namespaces/${encodeURIComponent(namespace ?? "default")}` : "";
        return `${base}${ns}/${info.plural}${name ? `/${encodeURIComponent(name)}` : ""}`;
    }

    /** Server-side apply (force: this suite is the only manager). */
    async apply(obj: Obj, fieldManager = "blueprint-e2e", dryRun = false): Promise<Response> {
        const info = await this.lookup(String(obj.apiVersion), String(obj.kind));
        if (!info) return { status: 0, body: `${obj.apiVersion} ${obj.kind} is not served`, warnings: [] };
        const q = `fieldManager=${encodeURIComponent(fieldManager)}&force=true${dryRun ? "&dryRun=All" : ""}`;
        const p = `${this.path(info, obj.metadata?.namespace, obj.metadata?.name)}?${q}`;
        return this.request("PATCH", p, obj, "application/apply-patch+yaml");
    }

    /** POST with dryRun=All: full admission, nothing stored. */
    async createDryRun(obj: Obj): Promise<Response> {
        const info = await this.lookup(String(obj.apiVersion), String(obj.kind));
        if (!info) return { status: 0, body: `${obj.apiVersion} ${obj.kind} is not served`, warnings: [] };
        return this.request("POST", `${this.path(info, obj.metadata?.namespace)}?dryRun=All`, obj);
    }

    /** DELETE an object (404 counts as deleted). */
    async delete(obj: Obj): Promise<Response> {
        const info = await this.lookup(String(obj.apiVersion), String(obj.kind));
        if (!info) return { status: 0, body: `${obj.apiVersion} ${obj.kind} is not served`, warnings: [] };
        return this.request("DELETE", this.path(info, obj.metadata?.namespace, obj.metadata?.name));
    }

    /** `get(apiVersion, kind, name)` for a cluster-scoped object, `get(apiVersion, kind, namespace, name)` otherwise. */
    async get(
        apiVersion: string,
        kind: string,
        nameOrNamespace: string | undefined,
        name?: string,
    ): Promise<Response> {
        const namespace = name === undefined ? undefined : nameOrNamespace;
        const objectName = name ?? String(nameOrNamespace);
        const info = await this.lookup(apiVersion, kind);
        if (!info) return { status: 0, body: `${apiVersion} ${kind} is not served`, warnings: [] };
        return this.request("GET", this.path(info, namespace, objectName));
    }

    /** Waits until every named CRD reports Established=True. */
    async waitEstablished(names: string[], timeoutMs = 60_000): Promise<string[]> {
        const deadline = Date.now() + timeoutMs;
        let pending = [...names];
        while (pending.length > 0 && Date.now() < deadline) {
            const still: string[] = [];
            for (const n of pending) {
                const r = await this.request(
                    "GET",
                    `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${encodeURIComponent(n)}`,
                );
                const ok = ((r.body?.status?.conditions ?? []) as Obj[]).some(
                    (c) => c.type === "Established" && c.status === "True",
                );
                if (!ok) still.push(n);
            }
            pending = still;
            if (pending.length > 0) await new Promise((r) => setTimeout(r, 250));
        }
        return pending;
    }

    close(): void {
        this.agent.destroy();
    }
}
