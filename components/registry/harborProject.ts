/**
 * HarborProject: Harbor projects as code, through Harbor's REST API v2.0, with a Pulumi dynamic provider.
 *
 * Each project is private, scans on push, refuses pulls of images with vulnerabilities at or above a severity
 * threshold, refuses pulls of images without a cosign signature, and makes every tag immutable (a tag-immutability
 * rule `**`/`**`: a scanned, signed tag cannot be re-pushed with other content). A project-level robot account that can only
 * pull is created with it; its secret is a Pulumi secret (see `harborImagePullSecret` in ./pullSecret.ts).
 *
 * Dynamic providers are serialized into the deployment and run in a separate process: the provider below uses only
 * globals (fetch, Buffer, encodeURIComponent, AbortSignal) and module-level plain functions, never an imported module.
 */
import { FieldError, formatFieldErrors, prefixLabel } from "../lib/validators";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../lib/errors";
import { HarborSeverity, harborDefaults, harborSeverities } from "./harborValues";

/** Provider inputs: plain values (the engine resolves Outputs before calling the provider). */
export interface HarborProjectInputs {
    /** Base URL of Harbor, e.g. https://harbor.example.com (no trailing slash needed). */
    harborUrl: string;
    /** User for basic auth; a Harbor system administrator. */
    username: string;
    /** That user's password (a Pulumi secret). */
    password: string;
    /** Project name (Harbor: lower-case, digits, `._-` separators). */
    projectName: string;
    /** Pulls of images with a vulnerability at or above this severity are refused. */
    severity: HarborSeverity;
    /** Short name of the pull robot; Harbor names it robot$<project>+<robotName>. */
    robotName: string;
    /** Robot lifetime in days, or -1 for never. */
    robotDurationDays: number;
    /** When the robot expires within this many days, the next `pulumi up` replaces it (new secret). */
    robotRotateBeforeDays: number;
}

/** Provider outputs: the inputs plus what Harbor computed. */
export interface HarborProjectOutputs extends HarborProjectInputs {
    projectId: number;
    /** Metadata Harbor reports for the project (all string values). */
    metadata: Record<string, string>;
    robotId: number;
    /** Full robot name: the docker login user name. */
    robotFullName: string;
    /** Robot secret: the docker login password (a Pulumi secret). */
    robotSecret: string;
    /** Expiry as Unix seconds; -1 when it never expires. */
    robotExpiresAt: number;
    /** Id of the project's tag-immutability rule (every tag of every repository); 0 before it existed. */
    immutableRuleId: number;
}

interface HarborResponse {
    status: number;
    body: unknown;
}

/** The project metadata every HarborProject enforces (Harbor's ProjectMetadata uses strings). */
export function desiredMetadata(severity: string): Record<string, string> {
    return {
        public: "false",
        auto_scan: "true",
        prevent_vul: "true",
        severity,
        enable_content_trust_cosign: "true",
    };
}

/** Keys of desiredMetadata whose current value differs. */
export function metadataDrift(current: Record<string, string> | undefined, severity: string): string[] {
    const want = desiredMetadata(severity);
    return Object.keys(want).filter((k) => (current ?? {})[k] !== want[k]);
}

/** The robot's permissions: pull from its own project, nothing else. */
export function robotRequest(
    project: string,
    robotName: string,
    durationDays: number,
): Record<string, unknown> {
    return {
        name: robotName,
        description: `Pulls images from project ${project} (managed by Pulumi)`,
        level: "project",
        disable: false,
        duration: durationDays,
        permissions: [
            { kind: "project", namespace: project, access: [{ resource: "repository", action: "pull" }] },
        ],
    };
}

/**
 * The project's tag-immutability rule: every tag (`**`) of every repository (`**`) is immutable, so a pushed,
 * scanned and signed tag can never be re-pointed to other content (Harbor `/projects/{p}/immutabletagrules`).
 */
export function immutableRuleRequest(): Record<string, unknown> {
    return {
        disabled: false,
        action: "immutable",
        template: "immutable_template",
        tag_selectors: [{ kind: "doublestar", decoration: "matches", pattern: "**" }],
        scope_selectors: { repository: [{ kind: "doublestar", decoration: "repoMatches", pattern: "**" }] },
    };
}

interface ImmutableRuleJson {
    id?: number;
    disabled?: boolean;
    tag_selectors?: { kind?: string; decoration?: string; pattern?: string }[];
    scope_selectors?: { repository?: { kind?: string; decoration?: string; pattern?: string }[] };
}

/** True when a rule makes every tag of every repository immutable (enabled, `**` / `**`). */
export function coversEveryTag(rule: ImmutableRuleJson): boolean {
    const all = (s?: { kind?: string; decoration?: string; pattern?: string }[], dec?: string) =>
        (s ?? []).some((x) => x.kind === "doublestar" && x.decoration === dec && x.pattern === "**");
    return (
        !rule.disabled &&
        all(rule.tag_selectors, "matches") &&
        all(rule.scope_selectors?.repository, "repoMatches")
    );
}

function statusText(status: number): string {
    const known: Record<number, string> = {
        400: "Bad Request: Harbor rejected the request body",
        401: "Unauthorized: the Harbor user name or password is wrong",
        403: "Forbidden: the Harbor user is not a system administrator",
        404: "Not Found",
        409: "Conflict: it already exists",
        412: "Precondition Failed: the project still holds repositories; delete them first",
    };
    if (known[status]) return known[status];
    if (status >= 500) return "Server Error: Harbor failed; check harbor-core's logs and retry";
    return "unexpected status";
}

/** One-line error naming the project, the operation and the HTTP status. */
export function harborErrorMessage(
    project: string,
    operation: string,
    status: number,
    body: unknown,
): string {
    let detail = "";
    const errors = (body as { errors?: { message?: string }[] } | undefined)?.errors;
    if (Array.isArray(errors) && errors[0]?.message)
        detail = ` (Harbor: ${String(errors[0].message).replace(/\s+/g, " ")})`;
    return `Harbor project "${project}": ${operation} failed with HTTP ${status} ${statusText(status)}${detail}`;
}

async function harborCall(
    inputs: Pick<HarborProjectInputs, "harborUrl" | "username" | "password" | "projectName">,
    operation: string,
    method: string,
    path: string,
    body: unknown,
    accept: number[],
): Promise<HarborResponse> {
    const url = `${inputs.harborUrl.replace(/\/+$/, "")}/api/v2.0${path}`;
    const headers: Record<string, string> = {
        Authorization: `Basic ${Buffer.from(`${inputs.username}:${inputs.password}`).toString("base64")}`,
        Accept: "application/json",
        // Path segments are project names, never numeric ids.
        "X-Is-Resource-Name": "true",
    };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let res: Response;
    try {
        res = await fetch(url, {
            method,
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
            signal: AbortSignal.timeout(30000),
        });
    } catch (e) {
        throw new Error(
            `Harbor project "${inputs.projectName}": ${operation} failed: cannot reach ${inputs.harborUrl} (${(e as Error).message})`,
        );
    }
    const text = await res.text();
    let parsed: unknown = undefined;
    if (text) {
        try {
            parsed = JSON.parse(text);
        } catch {
            parsed = text;
        }
    }
    if (!accept.includes(res.status))
        throw new Error(harborErrorMessage(inputs.projectName, operation, res.status, parsed));
    return { status: res.status, body: parsed };
}

interface HarborProjectJson {
    project_id?: number;
    name?: string;
    registry_id?: number;
    metadata?: Record<string, string>;
}

async function getProject(
    inputs: HarborProjectInputs,
    operation: string,
): Promise<HarborProjectJson | undefined> {
    const p = encodeURIComponent(inputs.projectName);
    const r = await harborCall(inputs, operation, "GET", `/projects/${p}`, undefined, [200, 404]);
    return r.status === 404 ? undefined : (r.body as HarborProjectJson);
}

/** Creates the project, or adopts an existing one and reconciles its metadata (PUT only when it drifted). */
async function ensureProject(inputs: HarborProjectInputs): Promise<HarborProjectJson> {
    const name = inputs.projectName;
    const created = await harborCall(
        inputs,
        "create",
        "POST",
        "/projects",
        { project_name: name, public: false, metadata: desiredMetadata(inputs.severity) },
        [201, 409],
    );
    let current = await getProject(inputs, "read");
    if (!current) throw new Error(harborErrorMessage(name, "read after create", 404, undefined));
    if (created.status === 409) {
        if (current.registry_id)
            throw new Error(
                `Harbor project "${name}": create failed with HTTP 409 Conflict: it exists as a proxy-cache project and cannot be adopted`,
            );
        if (metadataDrift(current.metadata, inputs.severity).length > 0) {
            await putProject(inputs, "adopt");
            current = (await getProject(inputs, "read")) ?? current;
        }
    }
    return current;
}

async function putProject(inputs: HarborProjectInputs, operation: string): Promise<void> {
    await harborCall(
        inputs,
        operation,
        "PUT",
        `/projects/${encodeURIComponent(inputs.projectName)}`,
        { project_name: inputs.projectName, public: false, metadata: desiredMetadata(inputs.severity) },
        [200],
    );
}

interface RobotJson {
    id: number;
    name: string;
    secret?: string;
    expires_at?: number;
}

/**
 * Creates the pull robot. Harbor never discloses an existing robot's secret, so a robot that already exists (409)
 * is deleted and created again: the result is a known secret and the exact permissions above.
 */
async function createRobot(inputs: HarborProjectInputs, projectId: number): Promise<RobotJson> {
    const req = robotRequest(inputs.projectName, inputs.robotName, inputs.robotDurationDays);
    let r = await harborCall(inputs, "create robot", "POST", "/robots", req, [201, 409]);
    if (r.status === 409) {
        const list = await harborCall(
            inputs,
            "list robots",
            "GET",
            `/robots?q=${encodeURIComponent(`Level=project,ProjectID=${projectId}`)}&page_size=100`,
            undefined,
            [200],
        );
        const suffix = `${inputs.projectName}+${inputs.robotName}`;
        const existing = ((list.body as RobotJson[] | undefined) ?? []).find((x) => x.name.endsWith(suffix));
        if (!existing) throw new Error(harborErrorMessage(inputs.projectName, "create robot", 409, r.body));
        await harborCall(inputs, "replace robot", "DELETE", `/robots/${existing.id}`, undefined, [200, 404]);
        r = await harborCall(inputs, "create robot", "POST", "/robots", req, [201]);
    }
    return r.body as RobotJson;
}

/** Makes sure the project has a rule covering every tag (adds it when missing; never removes other rules). */
async function ensureImmutableRule(inputs: HarborProjectInputs): Promise<number> {
    const path = `/projects/${encodeURIComponent(inputs.projectName)}/immutabletagrules`;
    const list = async () =>
        ((await harborCall(inputs, "list immutability rules", "GET", path, undefined, [200])).body as
            ImmutableRuleJson[] | undefined) ?? [];
    const found = (await list()).find(coversEveryTag);
    if (found) return found.id ?? 0;
    await harborCall(inputs, "create immutability rule", "POST", path, immutableRuleRequest(), [201]);
    return (await list()).find(coversEveryTag)?.id ?? 0;
}

function outputsOf(
    inputs: HarborProjectInputs,
    project: HarborProjectJson,
    robot: RobotJson,
    immutableRuleId: number,
): HarborProjectOutputs {
    return {
        ...inputs,
        projectId: project.project_id ?? 0,
        metadata: project.metadata ?? {},
        robotId: robot.id,
        robotFullName: robot.name,
        robotSecret: robot.secret ?? "",
        robotExpiresAt: robot.expires_at ?? -1,
        immutableRuleId,
    };
}

/** True when the robot is missing or expires within `robotRotateBeforeDays` of `nowSeconds`. */
export function robotNeedsRotation(olds: Partial<HarborProjectOutputs>, nowSeconds: number): boolean {
    if (!olds.robotId || !olds.robotSecret) return true;
    const exp = olds.robotExpiresAt ?? -1;
    if (exp <= 0) return false;
    return exp - nowSeconds < (olds.robotRotateBeforeDays ?? 0) * 86400;
}

/** The provider. Exported so tests call its methods directly against a local HTTP server. */
export const harborProjectProvider: pulumi.dynamic.ResourceProvider<
    HarborProjectInputs,
    HarborProjectOutputs
> = {
    async create(inputs: HarborProjectInputs) {
        const project = await ensureProject(inputs);
        const rule = await ensureImmutableRule(inputs);
        const robot = await createRobot(inputs, project.project_id ?? 0);
        return { id: inputs.projectName, outs: outputsOf(inputs, project, robot, rule) };
    },

    async read(id: string, props?: HarborProjectOutputs) {
        if (!props) return { id, props };
        const project = await getProject({ ...props, projectName: id }, "read");
        if (!project) return {};
        const robot = props.robotId
            ? await harborCall(props, "read robot", "GET", `/robots/${props.robotId}`, undefined, [200, 404])
            : { status: 404, body: undefined };
        const rules = await harborCall(
            { ...props, projectName: id },
            "list immutability rules",
            "GET",
            `/projects/${encodeURIComponent(id)}/immutabletagrules`,
            undefined,
            [200],
        );
        const rule = ((rules.body as ImmutableRuleJson[] | undefined) ?? []).find(coversEveryTag);
        return {
            id,
            props: {
                ...props,
                projectId: project.project_id ?? props.projectId,
                metadata: project.metadata ?? {},
                ...(robot.status === 404 ? { robotId: 0, robotSecret: "" } : {}),
                // A deleted or disabled rule is drift: the next update adds it back.
                immutableRuleId: rule?.id ?? 0,
            },
        };
    },

    async diff(_id: string, olds: HarborProjectOutputs, news: HarborProjectInputs) {
        const replaces = (["projectName", "harborUrl"] as const).filter((k) => olds[k] !== news[k]);
        const changed =
            replaces.length > 0 ||
            metadataDrift(olds.metadata, news.severity).length > 0 ||
            (
                [
                    "severity",
                    "username",
                    "password",
                    "robotName",
                    "robotDurationDays",
                    "robotRotateBeforeDays",
                ] as const
            ).some((k) => olds[k] !== news[k]) ||
            !olds.immutableRuleId ||
            robotNeedsRotation(olds, Math.floor(Date.now() / 1000));
        return { changes: changed, replaces, deleteBeforeReplace: replaces.length > 0 };
    },

    async update(_id: string, olds: HarborProjectOutputs, news: HarborProjectInputs) {
        let project = await getProject(news, "update");
        if (!project) throw new Error(harborErrorMessage(news.projectName, "update", 404, undefined));
        if (metadataDrift(project.metadata, news.severity).length > 0) {
            await putProject(news, "update");
            project = (await getProject(news, "read")) ?? project;
        }
        const robotChanged =
            olds.robotName !== news.robotName ||
            olds.robotDurationDays !== news.robotDurationDays ||
            robotNeedsRotation(
                { ...olds, robotRotateBeforeDays: news.robotRotateBeforeDays },
                Math.floor(Date.now() / 1000),
            );
        let robot: RobotJson = {
            id: olds.robotId,
            name: olds.robotFullName,
            secret: olds.robotSecret,
            expires_at: olds.robotExpiresAt,
        };
        if (robotChanged) {
            if (olds.robotId)
                await harborCall(
                    news,
                    "delete robot",
                    "DELETE",
                    `/robots/${olds.robotId}`,
                    undefined,
                    [200, 404],
                );
            robot = await createRobot(news, project.project_id ?? 0);
        }
        const rule = await ensureImmutableRule(news);
        return { outs: outputsOf(news, project, robot, rule) };
    },

    async delete(id: string, props: HarborProjectOutputs) {
        const conn = { ...props, projectName: id };
        if (props.robotId)
            await harborCall(
                conn,
                "delete robot",
                "DELETE",
                `/robots/${props.robotId}`,
                undefined,
                [200, 404],
            );
        await harborCall(
            conn,
            "delete",
            "DELETE",
            `/projects/${encodeURIComponent(id)}`,
            undefined,
            [200, 404],
        );
    },
};

/** Arguments of {@link HarborProject}. */
export interface HarborProjectArgs {
    /** Harbor's base URL (https only), e.g. `harbor.url`. */
    harborUrl: pulumi.Input<string>;
    /** Harbor system administrator. Default "admin". */
    username?: pulumi.Input<string>;
    /** That user's password, e.g. `harbor.adminPassword` (kept a Pulumi secret). */
    password: pulumi.Input<string>;
    /** Project name: lower-case letters and digits, separated by one of `._-`; at most 255 characters. */
    projectName: string;
    /** Refuse pulls of images with a vulnerability at or above this severity. Default "high". */
    severity?: HarborSeverity;
    /** Short name of the pull robot. Default "pull". */
    robotName?: string;
    /** Robot lifetime in days, or -1 for never. Default 90: a leaked pull secret stops working by itself. */
    robotDurationDays?: number;
    /** Replace the robot (new secret) on the first `pulumi up` within this many days of its expiry. Default 14. */
    robotRotateBeforeDays?: number;
}

/** Defaults of HarborProject. */
export const harborProjectDefaults = {
    username: "admin",
    severity: harborDefaults.vulnerabilitySeverity,
    robotName: "pull",
    robotDurationDays: 90,
    robotRotateBeforeDays: 14,
} as const;

const projectNamePattern = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** Validates Args; problems as data, paths naming the Args field. Pure. */
export function harborProjectArgsErrors(a: HarborProjectArgs): FieldError[] {
    const e: FieldError[] = [];
    const add = (path: string, value: unknown, message: string, type?: FieldError["type"]) =>
        e.push({ path, value, message, type });
    if (!projectNamePattern.test(a.projectName ?? "") || a.projectName.length > 255)
        add(
            "projectName",
            a.projectName ?? "",
            "must be a Harbor project name (lower-case letters and digits, separated by . _ or -)",
        );
    if (a.severity !== undefined && !harborSeverities.includes(a.severity))
        add("severity", a.severity, `supported values: ${harborSeverities.join(", ")}`, "Unsupported value");
    if (a.robotName !== undefined && !projectNamePattern.test(a.robotName))
        add(
            "robotName",
            a.robotName,
            "must be a robot name (lower-case letters and digits, separated by . _ or -)",
        );
    const d = a.robotDurationDays;
    if (d !== undefined && !(Number.isInteger(d) && (d === -1 || d > 0)))
        add("robotDurationDays", d, "must be -1 (never expires) or a positive whole number of days");
    const r = a.robotRotateBeforeDays;
    if (r !== undefined && !(Number.isInteger(r) && r >= 0))
        add("robotRotateBeforeDays", r, "must be a whole number of days >= 0");
    if (typeof a.harborUrl === "string" && !/^https:\/\/[^/\s]+\/?$/.test(a.harborUrl))
        add("harborUrl", a.harborUrl, "must be https://<host>");
    return e;
}

/** Validates Args; one line per problem, naming the Args field. */
export function validateHarborProjectArgs(a: HarborProjectArgs): string[] {
    return formatFieldErrors(harborProjectArgsErrors(a), prefixLabel("HarborProjectArgs"));
}

/**
 * A Harbor project (private, scan on push, vulnerable and unsigned pulls refused) with a pull-only robot account.
 * `robotSecret` and `password` are Pulumi secrets.
 */
export class HarborProject extends pulumi.dynamic.Resource {
    public readonly projectId!: pulumi.Output<number>;
    public readonly projectName!: pulumi.Output<string>;
    public readonly robotFullName!: pulumi.Output<string>;
    public readonly robotSecret!: pulumi.Output<string>;
    public readonly robotExpiresAt!: pulumi.Output<number>;
    public readonly metadata!: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: HarborProjectArgs, opts?: pulumi.CustomResourceOptions) {
        throwIfProblems(validateHarborProjectArgs(args));
        const d = harborProjectDefaults;
        super(
            harborProjectProvider,
            name,
            {
                harborUrl: args.harborUrl,
                username: args.username ?? d.username,
                password: pulumi.secret(args.password),
                projectName: args.projectName,
                severity: args.severity ?? d.severity,
                robotName: args.robotName ?? d.robotName,
                robotDurationDays: args.robotDurationDays ?? d.robotDurationDays,
                robotRotateBeforeDays: args.robotRotateBeforeDays ?? d.robotRotateBeforeDays,
                projectId: undefined,
                metadata: undefined,
                robotId: undefined,
                robotFullName: undefined,
                robotSecret: undefined,
                robotExpiresAt: undefined,
            },
            { ...opts, additionalSecretOutputs: ["robotSecret", "password"] },
            "registry",
            "HarborProject",
        );
    }
}
