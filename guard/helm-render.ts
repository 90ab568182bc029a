/**
 * Renders every Helm release the program registers with real Helm (`helm template`), offline, so that the policy
 * pack sees what the release would create. Each rendered object becomes a child resource of the release, with the
 * type token `--manifests` gives it and `source` = `<chart>@<version>:<template path>`.
 *
 * Helm runs with the release name and namespace, the captured values (a values file in a temp dir, removed after),
 * `--kube-version` = the stack's cluster version, `--include-crds` (unless the release skips CRDs), hooks, and
 * `--api-versions` for every CRD the stack installs (registered by the program or rendered by any release). It runs
 * from a local chart directory only (never a repository), with a timeout, in a clean environment whose Helm homes
 * are in the temp dir and whose proxy points nowhere; its output is read as hostile input, with the same YAML reading
 * as `--manifests`.
 *
 * Values unknown during preview render as placeholders; a second render with other placeholders tells which
 * rendered fields came from them, and those are the wire unknown to the policies. Secret values are revealed to Helm;
 * a render with them hidden tells which fields came from them, and those stay secrets. Whatever cannot be rendered
 * is reported as an advisory `not analyzed: <urn>: <why>`, never skipped silently.
 */
import { ChildProcess, spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { defaultTypes, helmTypes, locateChart, ReleaseSpec, releaseSpecOf } from "./helm-chart";
import {
    markDifferences,
    markSecret,
    markUnknown,
    materialize,
    placeholderPattern,
    shapeOf,
    splitHelmStream,
    unknownWherePlaceholder,
    Variant,
} from "./helm-values";
import { k8sTypeToken, parseManifestText } from "./manifests";
import { defaultOptions, GuardInputError, GuardResource, isSecret, unknownValue } from "./model";
import { notAnalyzed } from "./not-analyzed";
import type { Violation } from "./run";
import { makeUrn } from "./urn";

type Obj = Record<string, unknown>;

export interface HelmRenderOptions {
    /** Helm binary; default `helm` on PATH. */
    helm?: string;
    /** Directory of chart sources: `<chart>-<version>/` or `<chart>/`. */
    chartDir?: string;
    /** Kubernetes version for `--kube-version`, e.g. "1.34". */
    kubeVersion: string;
    /** Directory of the program, for charts it names by local path. */
    programDir?: string;
    /** Per helm invocation. Default 120 s. */
    timeoutMs?: number;
    /** Parallel helm invocations. Default 2. */
    concurrency?: number;
}

export interface HelmRenderResult {
    /** Rendered children, each after its release in `resources` order is up to the caller. */
    children: GuardResource[];
    findings: Violation[];
    /** Releases rendered, by URN, with their object count. */
    rendered: Map<string, number>;
}

/** Largest `helm template` output read (bytes): a bigger one is refused, not parsed. */
const maxOutputBytes = 64 << 20;
const maxStderrBytes = 1 << 20;

/** Kinds Kubernetes serves cluster-scoped; any other kind (and every CR of a namespaced CRD) is namespaced. */
const clusterScoped = new Set([
    "/Namespace",
    "/Node",
    "/PersistentVolume",
    "/ComponentStatus",
    "rbac.authorization.k8s.io/ClusterRole",
    "rbac.authorization.k8s.io/ClusterRoleBinding",
    "apiextensions.k8s.io/CustomResourceDefinition",
    "apiregistration.k8s.io/APIService",
    "storage.k8s.io/StorageClass",
    "storage.k8s.io/CSIDriver",
    "storage.k8s.io/CSINode",
    "storage.k8s.io/VolumeAttachment",
    "storage.k8s.io/VolumeAttributesClass",
    "scheduling.k8s.io/PriorityClass",
    "node.k8s.io/RuntimeClass",
    "networking.k8s.io/IngressClass",
    "networking.k8s.io/IPAddress",
    "networking.k8s.io/ServiceCIDR",
    "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
    "admissionregistration.k8s.io/MutatingWebhookConfiguration",
    "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
    "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
    "admissionregistration.k8s.io/MutatingAdmissionPolicy",
    "admissionregistration.k8s.io/MutatingAdmissionPolicyBinding",
    "certificates.k8s.io/CertificateSigningRequest",
    "certificates.k8s.io/ClusterTrustBundle",
    "flowcontrol.apiserver.k8s.io/FlowSchema",
    "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
    "resource.k8s.io/DeviceClass",
    "resource.k8s.io/ResourceSlice",
    "policy/PodSecurityPolicy",
]);

const groupOf = (apiVersion: string) => (apiVersion.includes("/") ? apiVersion.split("/")[0] : "");

/** What a CRD serves: `group/version` and `group/version/Kind` per served version, and whether it is namespaced. */
function crdApis(crd: Obj): { apis: string[]; group: string; kind: string; cluster: boolean } | undefined {
    const spec = crd.spec as Obj | undefined;
    const names = spec?.names as Obj | undefined;
    if (typeof spec?.group !== "string" || typeof names?.kind !== "string") return undefined;
    const versions = Array.isArray(spec.versions) ? (spec.versions as Obj[]) : [];
    const apis: string[] = [];
    for (const v of versions) {
        if (typeof v?.name !== "string" || v.served === false) continue;
        apis.push(`${spec.group}/${v.name}`, `${spec.group}/${v.name}/${names.kind}`);
    }
    return { apis, group: spec.group, kind: names.kind, cluster: spec.scope === "Cluster" };
}

const isCrd = (o: Obj) =>
    o.kind === "CustomResourceDefinition" && groupOf(String(o.apiVersion)) === "apiextensions.k8s.io";

/** Finds `name` on PATH, as a shell would. */
function onPath(name: string): string | undefined {
    for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
        if (!dir) continue;
        const p = path.join(dir, name);
        try {
            fs.accessSync(p, fs.constants.X_OK);
            if (fs.statSync(p).isFile()) return p;
        } catch {
            /* not here */
        }
    }
    return undefined;
}

interface RunResult {
    code: number | null;
    stdout: string;
    stderr: string;
    failure?: string;
}

/** Helm processes still running, killed on every exit path of the guard. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function killRunning(): void {
    for (const c of running) c.kill("SIGKILL");
    running.clear();
}

/** Runs helm with a timeout and bounded output; never rejects. */
function runHelm(bin: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs: number) {
    if (!exitHookInstalled) {
        process.on("exit", killRunning);
        exitHookInstalled = true;
    }
    return new Promise<RunResult>((resolve) => {
        let child: ChildProcess;
        try {
            child = spawn(bin, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
        } catch (e) {
            resolve({
                code: null,
                stdout: "",
                stderr: "",
                failure: `cannot start ${bin}: ${(e as Error).message}`,
            });
            return;
        }
        running.add(child);
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        let outBytes = 0;
        let errBytes = 0;
        let failure: string | undefined;
        const stop = (why: string) => {
            failure ??= why;
            child.kill("SIGKILL");
        };
        const timer = setTimeout(() => stop(`helm did not finish within ${timeoutMs / 1000} s`), timeoutMs);
        child.stdout!.on("data", (d: Buffer) => {
            outBytes += d.length;
            if (outBytes > maxOutputBytes) stop(`helm output exceeds ${maxOutputBytes >> 20} MiB`);
            else out.push(d);
        });
        child.stderr!.on("data", (d: Buffer) => {
            errBytes += d.length;
            if (errBytes <= maxStderrBytes) err.push(d);
        });
        child.on("error", (e) => {
            failure ??= `cannot run ${bin}: ${e.message}`;
        });
        child.on("close", (code) => {
            clearTimeout(timer);
            running.delete(child);
            resolve({
                code,
                stdout: Buffer.concat(out).toString("utf8"),
                stderr: Buffer.concat(err).toString("utf8"),
                failure,
            });
        });
    });
}

/** Helm's last error line, without its `Error: ` prefix, bounded. */
function helmError(stderr: string, code: number | null): string {
    const lines = stderr
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean);
    const last = lines.reverse().find((l) => /^Error:/.test(l)) ?? lines[0] ?? `exit code ${code}`;
    const msg = last.replace(/^Error:\s*/, "");
    return msg.length > 400 ? `${msg.slice(0, 400)}…` : msg;
}

/** Runs `fn` over `items` with at most `n` at a time. */
async function pool<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
    const out: R[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
    return out;
}

/** One rendered object, and the template it came from. */
interface RenderedObject {
    source: string;
    object: Obj;
}

interface Prepared {
    spec: ReleaseSpec;
    chartDir: string;
    unknowns: number;
    secrets: number;
    typeAt: ReturnType<typeof defaultTypes>;
}

/** A render variant: fresh placeholders (numbers from `numberBase`), or those of `base` with secrets hidden. */
function newVariant(secrets: Variant["secrets"], numberBase: number, base?: Variant): Variant {
    return {
        nonce: base?.nonce ?? randomBytes(5).toString("hex"),
        numberBase: base?.numberBase ?? numberBase,
        secrets,
    };
}

/** Key that pairs an object of one render with the same object of another: template, type, rank within both. */
function pairKeys(objs: RenderedObject[]): string[] {
    const seen = new Map<string, number>();
    return objs.map((o) => {
        const base = `${o.source}\u0000${String(o.object.apiVersion)}\u0000${String(o.object.kind)}`;
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        return `${base}\u0000${n}`;
    });
}

/**
 * Renders the Helm releases among `resources`. Returns their children and a `not analyzed` finding for every
 * release (or object) that could not be rendered.
 */
export async function renderHelmReleases(
    resources: GuardResource[],
    opts: HelmRenderOptions,
): Promise<HelmRenderResult> {
    const result: HelmRenderResult = { children: [], findings: [], rendered: new Map() };
    const releases = resources.filter((r) => helmTypes.includes(r.type));
    if (releases.length === 0) return result;

    let helmBin: string | undefined;
    if (opts.helm !== undefined) {
        const p = path.resolve(opts.helm);
        try {
            fs.accessSync(p, fs.constants.X_OK);
            if (!fs.statSync(p).isFile()) throw new Error("not a file");
        } catch {
            throw new GuardInputError(`--helm ${opts.helm}: not an executable file`);
        }
        helmBin = p;
    } else helmBin = onPath("helm");
    if (opts.chartDir !== undefined && !fs.existsSync(opts.chartDir))
        throw new GuardInputError(`--chart-dir ${opts.chartDir}: no such directory`);
    const chartDir = opts.chartDir !== undefined ? path.resolve(opts.chartDir) : undefined;

    const prepared: Prepared[] = [];
    for (const r of releases) {
        const spec = releaseSpecOf(r, opts.programDir);
        if (typeof spec === "string") {
            result.findings.push(notAnalyzed(r, spec));
            continue;
        }
        const where = locateChart(spec, chartDir);
        if (typeof where === "string") {
            result.findings.push(notAnalyzed(r, where));
            continue;
        }
        const shape = shapeOf(spec.values);
        prepared.push({
            spec,
            chartDir: where.dir,
            unknowns:
                shape.unknowns +
                (spec.releaseName === unknownValue ? 1 : 0) +
                (spec.namespace === unknownValue ? 1 : 0),
            secrets: shape.secrets,
            typeAt: defaultTypes(where.dir),
        });
    }
    if (prepared.length === 0) return result;
    if (!helmBin) {
        for (const p of prepared)
            result.findings.push(
                notAnalyzed(p.spec.resource, "no helm binary (pass --helm PATH or put helm on PATH)"),
            );
        return result;
    }

    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "guard-helm-"));
    try {
        // A clean environment: Helm's homes in the temp dir, no kubeconfig, no plugins, and a proxy that goes nowhere
        // so that nothing can reach the network unnoticed.
        const env: NodeJS.ProcessEnv = {
            HOME: tmp,
            TMPDIR: tmp,
            HELM_CACHE_HOME: path.join(tmp, "cache"),
            HELM_CONFIG_HOME: path.join(tmp, "config"),
            HELM_DATA_HOME: path.join(tmp, "data"),
            HELM_PLUGINS: path.join(tmp, "plugins"),
            HELM_REGISTRY_CONFIG: path.join(tmp, "registry.json"),
            HELM_REPOSITORY_CONFIG: path.join(tmp, "repositories.yaml"),
            HELM_REPOSITORY_CACHE: path.join(tmp, "repository"),
            KUBECONFIG: path.join(tmp, "kubeconfig"),
            HTTP_PROXY: "http://127.0.0.1:9",
            HTTPS_PROXY: "http://127.0.0.1:9",
            NO_PROXY: "",
        };
        const timeoutMs = opts.timeoutMs ?? 120_000;
        const probe = await runHelm(helmBin, ["version", "--template", "{{.Version}}"], env, tmp, timeoutMs);
        const helmVersion = probe.stdout.trim();
        if (probe.failure || probe.code !== 0 || !/^v[34]\./.test(helmVersion)) {
            const why =
                probe.failure ??
                `${helmBin} is not Helm 3 or 4 (helm version: ${helmVersion || helmError(probe.stderr, probe.code)})`;
            for (const p of prepared) result.findings.push(notAnalyzed(p.spec.resource, why));
            return result;
        }
        const kubeVersion = opts.kubeVersion.startsWith("v") ? opts.kubeVersion : `v${opts.kubeVersion}`;
        let calls = 0;

        const render = async (
            p: Prepared,
            variant: Variant,
            apis: string[],
        ): Promise<RenderedObject[] | string> => {
            const m = materialize(p.spec.values, variant, p.typeAt);
            let unknownIndex = shapeOf(p.spec.values).unknowns;
            const ph = (v: string | typeof unknownValue) =>
                v === unknownValue ? `unknown-${variant.nonce}-${unknownIndex++}` : v;
            const releaseName = ph(p.spec.releaseName);
            const namespace = ph(p.spec.namespace);
            const file = path.join(tmp, `values-${calls++}.json`);
            fs.writeFileSync(file, JSON.stringify(m.values ?? {}), { mode: 0o600 });
            const args = [
                "template",
                releaseName,
                p.chartDir,
                "--namespace",
                namespace,
                "--values",
                file,
                "--kube-version",
                kubeVersion,
                // Test hooks only run on `helm test`, never on install or upgrade.
                "--skip-tests",
                ...(p.spec.includeCrds ? ["--include-crds"] : []),
                ...apis.flatMap((a) => ["--api-versions", a]),
            ];
            const r = await runHelm(helmBin!, args, env, tmp, timeoutMs);
            fs.rmSync(file, { force: true });
            if (r.failure) return r.failure;
            if (r.code !== 0) return `helm template failed: ${helmError(r.stderr, r.code)}`;
            const out: RenderedObject[] = [];
            for (const doc of splitHelmStream(r.stdout)) {
                try {
                    for (const { object } of parseManifestText(doc.text, doc.source || "helm output"))
                        out.push({ source: doc.source, object });
                } catch (e) {
                    if (e instanceof GuardInputError) return `helm output: ${e.message}`;
                    throw e;
                }
            }
            return out;
        };

        // Pass 1 finds the CRDs every release installs; later passes render with all of them as --api-versions,
        // until no render adds a CRD (charts rarely gate a CRD on another's presence: three passes at most).
        const programCrds = resources
            .filter((r) => r.type === "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition")
            .map((r) => crdApis(r.inputs))
            .filter((c): c is NonNullable<typeof c> => !!c);
        const apiSet = new Set(programCrds.flatMap((c) => c.apis));
        const clusterKinds = new Set(programCrds.filter((c) => c.cluster).map((c) => `${c.group}/${c.kind}`));
        const primary = new Map<Prepared, Variant>(prepared.map((p) => [p, newVariant("reveal", 1_000_000)]));
        let renders = new Map<Prepared, RenderedObject[] | string>();
        let usedApis: string[] = [];
        for (let pass = 0; pass < 3; pass++) {
            const apis = [...apiSet].sort();
            if (pass > 0 && apis.length === usedApis.length) break;
            usedApis = apis;
            const outs = await pool(prepared, opts.concurrency ?? 2, (p) => render(p, primary.get(p)!, apis));
            renders = new Map(prepared.map((p, i) => [p, outs[i]]));
            for (const out of outs) {
                if (typeof out === "string") continue;
                for (const o of out) {
                    if (!isCrd(o.object)) continue;
                    const c = crdApis(o.object);
                    if (!c) continue;
                    c.apis.forEach((a) => apiSet.add(a));
                    if (c.cluster) clusterKinds.add(`${c.group}/${c.kind}`);
                }
            }
        }

        await pool(prepared, opts.concurrency ?? 2, async (p) => {
            const r = p.spec.resource;
            const main = renders.get(p)!;
            if (typeof main === "string") {
                result.findings.push(notAnalyzed(r, main));
                return;
            }
            const base = primary.get(p)!;
            // Unknown leaves: the same render with other placeholders; secrets: with the secrets hidden.
            const otherU = p.unknowns
                ? await render(p, newVariant("reveal", 2_000_000), usedApis)
                : undefined;
            const otherS = p.secrets
                ? await render(p, newVariant("placeholder", 0, base), usedApis)
                : undefined;
            for (const [other, why] of [
                [otherU, "placeholders for unknown values"],
                [otherS, "secret values hidden"],
            ] as const) {
                if (typeof other === "string") {
                    result.findings.push(notAnalyzed(r, `rendered with ${why}: ${other}`));
                    return;
                }
            }
            const booleans = materialize(p.spec.values, base, p.typeAt).booleanUnknowns;
            for (const b of booleans)
                result.findings.push(
                    notAnalyzed(
                        r,
                        `value ${b} is unknown until apply and its chart default is a boolean: rendered as true only`,
                    ),
                );
            const pair = (objs: RenderedObject[] | undefined) => {
                if (!objs) return undefined;
                const keys = pairKeys(objs);
                return new Map(keys.map((k, i) => [k, objs[i].object]));
            };
            const uMap = pair(otherU as RenderedObject[] | undefined);
            const sMap = pair(otherS as RenderedObject[] | undefined);
            const keys = pairKeys(main);
            const seen = new Set<string>();
            const shapeNoted = new Set<string>();
            let count = 0;
            main.forEach((ro, idx) => {
                let obj: unknown = ro.object;
                for (const [m, mark, label] of [
                    [uMap, markUnknown, "unknown"],
                    [sMap, markSecret, "secret"],
                ] as const) {
                    if (!m) continue;
                    const twin = m.get(keys[idx]);
                    if (twin === undefined) {
                        if (!shapeNoted.has(ro.source)) {
                            shapeNoted.add(ro.source);
                            result.findings.push(
                                notAnalyzed(
                                    r,
                                    `the objects of ${ro.source} depend on ${label} values: fields derived from them may show as known`,
                                ),
                            );
                        }
                        continue;
                    }
                    obj = markDifferences(obj, twin, mark);
                }
                obj = unknownWherePlaceholder(obj, base.nonce);
                const child = childOf(p, obj as Obj, ro.source, clusterKinds, base.nonce, ro.object);
                if (typeof child === "string") {
                    result.findings.push(notAnalyzed(r, child));
                    return;
                }
                if (seen.has(child.urn)) {
                    result.findings.push(notAnalyzed(r, `${ro.source} renders ${child.name} a second time`));
                    return;
                }
                seen.add(child.urn);
                result.children.push(child);
                count++;
            });
            result.rendered.set(r.urn, count);
        });
        return result;
    } finally {
        killRunning();
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}

const sourceOf = (spec: ReleaseSpec, helmSource: string) =>
    `${spec.chart}@${spec.version ?? "local"}:${helmSource.startsWith(`${spec.chart}/`) ? helmSource.slice(spec.chart.length + 1) : helmSource || "(no source)"}`;

/** A readable, unique-enough name for a field that is unknown or secret: its placeholder text made visible. */
function nameText(v: unknown, raw: unknown, nonce: string): string | undefined {
    if (typeof v === "string" && v !== unknownValue) return v;
    if (typeof raw !== "string") return undefined;
    if (isSecret(v)) return raw.replace(placeholderPattern(nonce), "[secret]");
    return raw.replace(placeholderPattern(nonce), "[unknown]");
}

/** The child resource of one rendered object, or why there is none. */
function childOf(
    p: Prepared,
    obj: Obj,
    helmSource: string,
    clusterKinds: Set<string>,
    nonce: string,
    raw: Obj,
): GuardResource | string {
    const release = p.spec.resource;
    const where = sourceOf(p.spec, helmSource);
    if (typeof obj.apiVersion !== "string" || typeof obj.kind !== "string")
        return `${where}: an object whose apiVersion or kind is not known until apply`;
    const meta = (typeof obj.metadata === "object" && obj.metadata !== null ? obj.metadata : {}) as Obj;
    const rawMeta = (raw.metadata ?? {}) as Obj;
    const name =
        nameText(meta.name, rawMeta.name, nonce) ?? nameText(meta.generateName, rawMeta.generateName, nonce);
    if (!name) return `${where}: ${obj.kind} has no metadata.name`;
    const scopeKey = `${groupOf(obj.apiVersion)}/${obj.kind}`;
    const namespaced = !clusterScoped.has(scopeKey) && !clusterKinds.has(scopeKey);
    const annotations = (meta.annotations ?? {}) as Obj;
    const hook = typeof annotations === "object" && annotations !== null && "helm.sh/hook" in annotations;
    const fromCrdsDir = /(^|\/)crds\/[^/]+$/.test(helmSource) && !/\/templates\//.test(helmSource);
    const metadata: Obj = { ...meta };
    // Helm installs a namespaced object without a namespace into the release's namespace.
    if (
        namespaced &&
        (metadata.namespace === undefined || metadata.namespace === null || metadata.namespace === "")
    )
        metadata.namespace = p.spec.namespace;
    if (!namespaced) delete metadata.namespace;
    // `helm install` marks every object of the release (not hooks, not crds/) as owned by it.
    if (p.spec.helmOwnership && !hook && !fromCrdsDir) {
        const labels = typeof meta.labels === "object" && meta.labels !== null ? (meta.labels as Obj) : {};
        metadata.labels = { ...labels, "app.kubernetes.io/managed-by": "Helm" };
        metadata.annotations = {
            ...(typeof annotations === "object" && annotations !== null ? annotations : {}),
            "meta.helm.sh/release-name": p.spec.releaseName,
            "meta.helm.sh/release-namespace": p.spec.namespace,
        };
    }
    const inputs: Obj = { ...obj, metadata };
    const ns = metadata.namespace;
    const nsText = namespaced
        ? typeof ns === "string"
            ? ns
            : (nameText(ns, rawMeta.namespace, nonce) ?? "[unknown]")
        : "";
    const type = k8sTypeToken(obj.apiVersion, obj.kind);
    const childName = `${p.spec.childPrefix}${nsText ? `${nsText}/` : ""}${name}`;
    const parts = release.urn.split("::");
    const stack = parts[0].replace(/^urn:pulumi:/, "");
    return {
        urn: makeUrn(stack, parts[1], release.urn, type, childName),
        type,
        name: childName,
        custom: true,
        parent: release.urn,
        provider: release.provider,
        dependencies: [...release.dependencies],
        propertyDependencies: {},
        options: defaultOptions(),
        inputs,
        outputs: inputs,
        source: where,
    };
}

/**
 * {@link renderHelmReleases}, with each release's children placed right after it in the resource list (the order
 * the report and `--json` show).
 */
export async function renderReleases(
    resources: GuardResource[],
    opts: HelmRenderOptions,
): Promise<{ resources: GuardResource[]; findings: Violation[] }> {
    const r = await renderHelmReleases(resources, opts);
    const byParent = new Map<string, GuardResource[]>();
    for (const c of r.children) byParent.set(c.parent!, [...(byParent.get(c.parent!) ?? []), c]);
    return { resources: resources.flatMap((x) => [x, ...(byParent.get(x.urn) ?? [])]), findings: r.findings };
}
