/**
 * HarborProject's provider against a local HTTP server that implements the Harbor v2.0 endpoints it uses
 * (projects and robots), with Harbor's status codes and `{"errors":[{code,message}]}` error bodies.
 */
import * as http from "node:http";
import { AddressInfo } from "node:net";
import {
    HarborProjectInputs,
    HarborProjectOutputs,
    coversEveryTag,
    desiredMetadata,
    immutableRuleRequest,
    harborProjectProvider as provider,
    robotNeedsRotation,
    validateHarborProjectArgs,
} from "../../components/registry/harborProject";
import { dockerConfigJson } from "../../components/registry/pullSecret";

interface Req {
    method: string;
    path: string;
    auth?: string;
    resourceName?: string;
    body?: unknown;
}
interface Project {
    project_id: number;
    name: string;
    registry_id?: number;
    metadata: Record<string, string>;
}
interface Robot {
    id: number;
    name: string;
    secret: string;
    expires_at: number;
    project_id: number;
    permissions: unknown;
}

class FakeHarbor {
    projects = new Map<string, Project>();
    /** Tag-immutability rules by project name. */
    rules = new Map<string, Record<string, unknown>[]>();
    robots = new Map<number, Robot>();
    requests: Req[] = [];
    /** Forces the next matching request to fail with this status. */
    failNext?: { method: string; prefix: string; status: number };
    private nextId = 1;
    server = http.createServer((req, res) => this.handle(req, res));
    url = "";

    async start() {
        await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", () => r()));
        this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }
    stop() {
        return new Promise<void>((r) => this.server.close(() => r()));
    }

    private send(
        res: http.ServerResponse,
        status: number,
        body?: unknown,
        headers: Record<string, string> = {},
    ) {
        res.writeHead(status, { "Content-Type": "application/json", ...headers });
        res.end(body === undefined ? "" : JSON.stringify(body));
    }
    private err(res: http.ServerResponse, status: number, code: string, message: string) {
        this.send(res, status, { errors: [{ code, message }] });
    }

    private handle(req: http.IncomingMessage, res: http.ServerResponse) {
        let raw = "";
        req.on("data", (c) => (raw += c));
        req.on("end", () => {
            const url = new URL(req.url ?? "/", "http://x");
            const path = url.pathname.replace(/^\/api\/v2\.0/, "");
            const r: Req = {
                method: req.method ?? "",
                path: `${path}${url.search}`,
                auth: req.headers.authorization,
                resourceName: req.headers["x-is-resource-name"] as string | undefined,
                body: raw ? JSON.parse(raw) : undefined,
            };
            this.requests.push(r);
            if (this.failNext && r.method === this.failNext.method && path.startsWith(this.failNext.prefix)) {
                const s = this.failNext.status;
                this.failNext = undefined;
                return this.err(res, s, s >= 500 ? "INTERNAL_SERVER_ERROR" : "ERROR", `injected ${s}`);
            }
            if (r.auth !== `Basic ${Buffer.from("admin:s3cret").toString("base64")}`)
                return this.err(res, 401, "UNAUTHORIZED", "unauthorized");
            const body = r.body as Record<string, unknown> | undefined;
            let m: RegExpMatchArray | null;
            if (r.method === "POST" && path === "/projects") {
                const name = body!.project_name as string;
                if (this.projects.has(name))
                    return this.err(res, 409, "CONFLICT", `The project named ${name} already exists`);
                const id = this.nextId++;
                this.projects.set(name, {
                    project_id: id,
                    name,
                    metadata: { ...(body!.metadata as Record<string, string>) },
                });
                return this.send(res, 201, undefined, { Location: `/api/v2.0/projects/${id}` });
            }
            if ((m = path.match(/^\/projects\/([^/]+)\/immutabletagrules$/))) {
                const name = decodeURIComponent(m[1]);
                if (!this.projects.has(name))
                    return this.err(res, 404, "NOT_FOUND", `project ${name} not found`);
                const list = this.rules.get(name) ?? [];
                if (r.method === "GET") return this.send(res, 200, list);
                if (r.method === "POST") {
                    const b = body as { action?: string; template?: string; tag_selectors?: unknown[] };
                    if (b?.action !== "immutable" || !Array.isArray(b.tag_selectors))
                        return this.err(res, 400, "BAD_REQUEST", "invalid immutable rule");
                    const id = this.nextId++;
                    this.rules.set(name, [...list, { ...b, id, priority: 0 }]);
                    return this.send(res, 201, undefined, {
                        Location: `/api/v2.0/projects/${name}/immutabletagrules/${id}`,
                    });
                }
            }
            if ((m = path.match(/^\/projects\/([^/]+)$/))) {
                const name = decodeURIComponent(m[1]);
                const p = this.projects.get(name);
                if (!p) return this.err(res, 404, "NOT_FOUND", `project ${name} not found`);
                if (r.method === "GET") return this.send(res, 200, p);
                if (r.method === "PUT") {
                    p.metadata = { ...p.metadata, ...(body!.metadata as Record<string, string>) };
                    return this.send(res, 200);
                }
                if (r.method === "DELETE") {
                    this.projects.delete(name);
                    for (const [id, rb] of this.robots)
                        if (rb.project_id === p.project_id) this.robots.delete(id);
                    return this.send(res, 200);
                }
            }
            if (r.method === "POST" && path === "/robots") {
                const perms = body!.permissions as { namespace: string }[];
                const project = this.projects.get(perms[0].namespace);
                if (!project) return this.err(res, 404, "NOT_FOUND", "project not found");
                const full = `robot$${project.name}+${body!.name as string}`;
                if ([...this.robots.values()].some((x) => x.name === full))
                    return this.err(res, 409, "CONFLICT", `robot ${full} already exists`);
                const id = this.nextId++;
                const days = body!.duration as number;
                const rb: Robot = {
                    id,
                    name: full,
                    secret: `robot-secret-${id}`,
                    expires_at: days === -1 ? -1 : Math.floor(Date.now() / 1000) + days * 86400,
                    project_id: project.project_id,
                    permissions: body!.permissions,
                };
                this.robots.set(id, rb);
                return this.send(res, 201, {
                    id,
                    name: full,
                    secret: rb.secret,
                    expires_at: rb.expires_at,
                    creation_time: new Date().toISOString(),
                });
            }
            if (r.method === "GET" && path === "/robots") {
                const q = url.searchParams.get("q") ?? "";
                const pid = Number(/ProjectID=(\d+)/.exec(q)?.[1]);
                return this.send(
                    res,
                    200,
                    [...this.robots.values()]
                        .filter((x) => x.project_id === pid)
                        .map(({ secret: _s, ...x }) => x),
                );
            }
            if ((m = path.match(/^\/robots\/(\d+)$/))) {
                const rb = this.robots.get(Number(m[1]));
                if (!rb) return this.err(res, 404, "NOT_FOUND", "robot not found");
                if (r.method === "GET") return this.send(res, 200, { ...rb, secret: undefined });
                if (r.method === "DELETE") {
                    this.robots.delete(rb.id);
                    return this.send(res, 200);
                }
            }
            this.err(res, 404, "NOT_FOUND", `no route ${r.method} ${path}`);
        });
    }
}

const harbor = new FakeHarbor();
let inputs: HarborProjectInputs;
beforeAll(async () => {
    await harbor.start();
    inputs = {
        harborUrl: harbor.url,
        username: "admin",
        password: "s3cret",
        projectName: "apps",
        severity: "high",
        robotName: "pull",
        robotDurationDays: 90,
        robotRotateBeforeDays: 14,
    };
});
afterAll(() => harbor.stop());
beforeEach(() => {
    harbor.projects.clear();
    harbor.robots.clear();
    harbor.rules.clear();
    harbor.requests = [];
    harbor.failNext = undefined;
});

const create = async (i: HarborProjectInputs = inputs) =>
    (await provider.create(i)) as { id: string; outs: HarborProjectOutputs };

describe("HarborProject provider: create", () => {
    it("creates a private project with scan on push, the vulnerability block and cosign enforcement, over basic auth", async () => {
        const { id, outs } = await create();
        expect(id).toBe("apps");
        const post = harbor.requests.find((r) => r.method === "POST" && r.path === "/projects")!;
        expect(post.auth).toBe(`Basic ${Buffer.from("admin:s3cret").toString("base64")}`);
        expect(post.body).toEqual({
            project_name: "apps",
            public: false,
            metadata: {
                public: "false",
                auto_scan: "true",
                prevent_vul: "true",
                severity: "high",
                enable_content_trust_cosign: "true",
            },
        });
        expect(harbor.requests.every((r) => r.auth === post.auth)).toBe(true);
        expect(
            harbor.requests
                .filter((r) => r.path.startsWith("/projects/"))
                .every((r) => r.resourceName === "true"),
        ).toBe(true);
        expect(outs.projectId).toBe(harbor.projects.get("apps")!.project_id);
        expect(outs.metadata).toEqual(desiredMetadata("high"));
    });

    it("adds a project-level robot that can only pull from this project", async () => {
        const { outs } = await create();
        const post = harbor.requests.find((r) => r.method === "POST" && r.path === "/robots")!;
        expect(post.body).toEqual({
            name: "pull",
            description: expect.any(String),
            level: "project",
            disable: false,
            duration: 90,
            permissions: [
                { kind: "project", namespace: "apps", access: [{ resource: "repository", action: "pull" }] },
            ],
        });
        expect(outs.robotFullName).toBe("robot$apps+pull");
        expect(outs.robotSecret).toMatch(/^robot-secret-/);
        expect(outs.robotExpiresAt).toBeGreaterThan(Date.now() / 1000 + 89 * 86400);
    });

    it("calling create twice is a no-op for the project (409 adopted, no PUT) and leaves exactly one robot", async () => {
        const first = await create();
        harbor.requests = [];
        const second = await create();
        expect(second.id).toBe(first.id);
        expect(second.outs.projectId).toBe(first.outs.projectId);
        expect(harbor.requests.some((r) => r.method === "PUT")).toBe(false);
        expect(harbor.projects.size).toBe(1);
        expect([...harbor.robots.values()].map((r) => r.name)).toEqual(["robot$apps+pull"]);
        // Harbor never discloses an existing robot's secret: the adopted robot is re-created with a known one.
        expect(second.outs.robotSecret).toBe(harbor.robots.get(second.outs.robotId)!.secret);
    });

    it("adopts an existing project with drifted settings and reconciles them with PUT", async () => {
        harbor.projects.set("apps", {
            project_id: 77,
            name: "apps",
            metadata: { public: "true", auto_scan: "false" },
        });
        const { outs } = await create();
        const put = harbor.requests.find((r) => r.method === "PUT")!;
        expect(put.path).toBe("/projects/apps");
        expect((put.body as { metadata: unknown }).metadata).toEqual(desiredMetadata("high"));
        expect(outs.projectId).toBe(77);
        expect(harbor.projects.get("apps")!.metadata).toMatchObject(desiredMetadata("high"));
    });

    it("refuses to adopt a proxy-cache project of the same name", async () => {
        harbor.projects.set("apps", { project_id: 5, name: "apps", registry_id: 3, metadata: {} });
        await expect(create()).rejects.toThrow(
            'Harbor project "apps": create failed with HTTP 409 Conflict: it exists as a proxy-cache project and cannot be adopted',
        );
    });
});

describe("HarborProject provider: errors are one clear line naming the project and the status", () => {
    it.each([
        [
            401,
            "POST",
            "/projects",
            'Harbor project "apps": create failed with HTTP 401 Unauthorized: the Harbor user name or password is wrong',
        ],
        [
            403,
            "POST",
            "/projects",
            'Harbor project "apps": create failed with HTTP 403 Forbidden: the Harbor user is not a system administrator',
        ],
        [404, "GET", "/projects/", 'Harbor project "apps": read after create failed with HTTP 404 Not Found'],
        [500, "POST", "/projects", 'Harbor project "apps": create failed with HTTP 500 Server Error'],
        [503, "POST", "/robots", 'Harbor project "apps": create robot failed with HTTP 503 Server Error'],
    ])("HTTP %i", async (status, method, prefix, message) => {
        harbor.failNext = { method, prefix, status };
        const err = await create().then(
            () => undefined,
            (e: Error) => e,
        );
        expect(err).toBeInstanceOf(Error);
        expect(err!.message.startsWith(message)).toBe(true);
        expect(err!.message).not.toContain("\n");
    });

    it("wrong credentials are reported as 401 with Harbor's own message", async () => {
        await expect(create({ ...inputs, password: "wrong" })).rejects.toThrow(
            'Harbor project "apps": create failed with HTTP 401 Unauthorized: the Harbor user name or password is wrong (Harbor: unauthorized)',
        );
    });

    it("a 409 on the robot that cannot be matched is reported as a conflict", async () => {
        const { outs } = await create();
        // a robot conflict where the list does not show it (another project's robot, say)
        harbor.failNext = { method: "POST", prefix: "/robots", status: 409 };
        const err = await provider.update!("apps", outs, { ...inputs, robotName: "pull2" }).catch(
            (e: Error) => e,
        );
        expect((err as Error).message).toMatch(
            /^Harbor project "apps": create robot failed with HTTP 409 Conflict/,
        );
    });

    it("an unreachable Harbor is named in the message", async () => {
        await expect(create({ ...inputs, harborUrl: "http://127.0.0.1:1" })).rejects.toThrow(
            /^Harbor project "apps": create failed: cannot reach http:\/\/127\.0\.0\.1:1/,
        );
    });
});

describe("HarborProject provider: tag immutability (issue 13, item 15)", () => {
    const rule = {
        disabled: false,
        action: "immutable",
        template: "immutable_template",
        tag_selectors: [{ kind: "doublestar", decoration: "matches", pattern: "**" }],
        scope_selectors: { repository: [{ kind: "doublestar", decoration: "repoMatches", pattern: "**" }] },
    };

    it("create adds one rule making every tag of every repository immutable", async () => {
        const { outs } = await create();
        const posts = harbor.requests.filter(
            (r) => r.method === "POST" && r.path === "/projects/apps/immutabletagrules",
        );
        expect(posts.map((p) => p.body)).toEqual([rule]);
        expect(harbor.rules.get("apps")).toHaveLength(1);
        expect(outs.immutableRuleId).toBe(harbor.rules.get("apps")![0].id);
        expect(coversEveryTag(immutableRuleRequest())).toBe(true);
    });

    it("an adopted project that already has the rule gets no second one", async () => {
        await create();
        harbor.requests = [];
        await create(); // 409 on the project: adopted
        expect(
            harbor.requests.some((r) => r.method === "POST" && r.path.endsWith("/immutabletagrules")),
        ).toBe(false);
        expect(harbor.rules.get("apps")).toHaveLength(1);
    });

    it("a deleted or disabled rule reads as drift, and update puts it back", async () => {
        const { outs } = await create();
        harbor.rules.get("apps")![0].disabled = true;
        const r = await provider.read!("apps", outs);
        expect(r.props!.immutableRuleId).toBe(0);
        expect((await provider.diff!("apps", r.props as HarborProjectOutputs, inputs)).changes).toBe(true);
        const u = await provider.update!("apps", r.props as HarborProjectOutputs, inputs);
        expect(u.outs!.immutableRuleId).toBeGreaterThan(0);
        expect(harbor.rules.get("apps")!.filter((x) => !x.disabled)).toHaveLength(1);
        // State written before this rule existed (no immutableRuleId) is an update, never silently accepted.
        const legacy = { ...outs } as Partial<HarborProjectOutputs>;
        delete legacy.immutableRuleId;
        expect((await provider.diff!("apps", legacy as HarborProjectOutputs, inputs)).changes).toBe(true);
    });

    it("a refused rule is one line naming the project and the status", async () => {
        harbor.failNext = { method: "POST", prefix: "/projects/apps/immutabletagrules", status: 403 };
        await expect(create()).rejects.toThrow(
            'Harbor project "apps": create immutability rule failed with HTTP 403 Forbidden',
        );
    });
});

describe("HarborProject provider: read, diff, update, delete", () => {
    it("read returns Harbor's metadata; a deleted project reads as gone", async () => {
        const { outs } = await create();
        harbor.projects.get("apps")!.metadata.prevent_vul = "false";
        const r = await provider.read!("apps", outs);
        expect(r.props!.metadata.prevent_vul).toBe("false");
        harbor.projects.delete("apps");
        expect(await provider.read!("apps", outs)).toEqual({});
    });

    it("diff: no change when nothing changed; drift, severity and robot changes update; a new name replaces", async () => {
        const { outs } = await create();
        expect(await provider.diff!("apps", outs, inputs)).toEqual({
            changes: false,
            replaces: [],
            deleteBeforeReplace: false,
        });
        expect(
            (
                await provider.diff!(
                    "apps",
                    { ...outs, metadata: { ...outs.metadata, auto_scan: "false" } },
                    inputs,
                )
            ).changes,
        ).toBe(true);
        expect(await provider.diff!("apps", outs, { ...inputs, severity: "critical" })).toMatchObject({
            changes: true,
            replaces: [],
        });
        expect((await provider.diff!("apps", outs, { ...inputs, robotDurationDays: 30 })).changes).toBe(true);
        expect(await provider.diff!("apps", outs, { ...inputs, projectName: "apps2" })).toMatchObject({
            changes: true,
            replaces: ["projectName"],
        });
        expect((await provider.diff!("apps", { ...outs, robotId: 0 }, inputs)).changes).toBe(true);
    });

    it("update PUTs the new severity and keeps the robot when its settings did not change", async () => {
        const { outs } = await create();
        harbor.requests = [];
        const u = await provider.update!("apps", outs, { ...inputs, severity: "critical" });
        expect(harbor.requests.find((r) => r.method === "PUT")!.body).toMatchObject({
            metadata: { severity: "critical" },
        });
        expect(u.outs!.robotId).toBe(outs.robotId);
        expect(u.outs!.robotSecret).toBe(outs.robotSecret);
        expect(harbor.requests.some((r) => r.path.startsWith("/robots"))).toBe(false);
    });

    it("update replaces a robot that is close to expiry", async () => {
        const { outs } = await create();
        const soon = { ...outs, robotExpiresAt: Math.floor(Date.now() / 1000) + 3 * 86400 };
        expect(robotNeedsRotation(soon, Math.floor(Date.now() / 1000))).toBe(true);
        expect(robotNeedsRotation({ ...outs, robotExpiresAt: -1 }, Math.floor(Date.now() / 1000))).toBe(
            false,
        );
        const u = await provider.update!("apps", soon, inputs);
        expect(u.outs!.robotId).not.toBe(outs.robotId);
        expect(harbor.robots.has(outs.robotId)).toBe(false);
    });

    it("delete removes the robot and the project; deleting again is a no-op", async () => {
        const { outs } = await create();
        await provider.delete!("apps", outs);
        expect(harbor.projects.size).toBe(0);
        expect(harbor.robots.size).toBe(0);
        await expect(provider.delete!("apps", outs)).resolves.toBeUndefined();
    });

    it("delete of a project that still holds repositories explains the 412", async () => {
        const { outs } = await create();
        harbor.failNext = { method: "DELETE", prefix: "/projects/", status: 412 };
        await expect(provider.delete!("apps", outs)).rejects.toThrow(
            'Harbor project "apps": delete failed with HTTP 412 Precondition Failed: the project still holds repositories; delete them first',
        );
    });
});

describe("HarborProject args and pull secret", () => {
    it("validates names, severity, duration and URL", () => {
        expect(
            validateHarborProjectArgs({
                harborUrl: "https://harbor.example.com",
                password: "x",
                projectName: "apps",
            }),
        ).toEqual([]);
        const p = validateHarborProjectArgs({
            harborUrl: "http://harbor.example.com",
            password: "x",
            projectName: "Apps!",
            // eslint-disable-next-line @typescript-eslint/no-explicit-any
            severity: "severe" as any,
            robotDurationDays: 0,
        });
        expect(p.map((l) => l.split(":")[0])).toEqual([
            "HarborProjectArgs.projectName",
            "HarborProjectArgs.severity",
            "HarborProjectArgs.robotDurationDays",
            "HarborProjectArgs.harborUrl",
        ]);
    });

    it("renders a dockerconfigjson for the robot", () => {
        const doc = JSON.parse(dockerConfigJson("harbor.example.com", "robot$apps+pull", "pw"));
        expect(doc.auths["harbor.example.com"]).toEqual({
            username: "robot$apps+pull",
            password: "pw",
            auth: Buffer.from("robot$apps+pull:pw").toString("base64"),
        });
    });
});
