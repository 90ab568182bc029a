/**
 * `--manifests`: Kubernetes YAML/JSON files or directories. Each object becomes a resource with the type token
 * @pulumi/kubernetes uses, under a synthesized root stack and the default kubernetes provider, as
 * `pulumi preview` would show a `yaml.v2.ConfigGroup` of the same files.
 */
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { defaultOptions, GuardInputError, GuardResource, unknownValue } from "./model";
import { defaultProviderUrn, makeUrn, rootStackType } from "./urn";

/** `apps/v1` + `Deployment` -> `kubernetes:apps/v1:Deployment`; `v1` + `Pod` -> `kubernetes:core/v1:Pod`. */
export function k8sTypeToken(apiVersion: string, kind: string): string {
    const groupVersion = apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`;
    return `kubernetes:${groupVersion}:${kind}`;
}

function listFiles(p: string): string[] {
    if (!fs.existsSync(p)) throw new GuardInputError(`--manifests ${p}: no such file or directory`);
    const st = fs.statSync(p);
    if (st.isFile()) return [p];
    return fs
        .readdirSync(p)
        .sort()
        .flatMap((f) => {
            const child = path.join(p, f);
            if (fs.statSync(child).isDirectory()) return listFiles(child);
            return /\.(ya?ml|json)$/i.test(f) ? [child] : [];
        });
}

type Obj = Record<string, unknown>;

function parseFile(file: string): Obj[] {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new GuardInputError(`${file}: cannot read (${(e as Error).message})`);
    }
    return parseManifestText(text, file, /\.json$/i.test(file) ? "json" : "yaml");
}

/**
 * Kubernetes objects of one YAML stream or JSON document, read exactly as `--manifests` reads a file (List kinds
 * expanded). `file` names the input in errors. Also used for `helm template` output (guard/helm-render.ts).
 */
export function parseManifestText(text: string, file: string, format: "yaml" | "json"): Obj[] {
    const docs: unknown[] = [];
    if (format === "json") {
        try {
            docs.push(JSON.parse(text));
        } catch (e) {
            throw new GuardInputError(`${file}: invalid JSON (${(e as Error).message.split("\n")[0]})`);
        }
    } else {
        for (const d of parseAllDocuments(text)) {
            if (d.errors.length > 0) {
                const err = d.errors[0];
                const line = err.linePos?.[0]?.line;
                throw new GuardInputError(
                    `${file}: invalid YAML${line ? ` at line ${line}` : ""} (${err.code})`,
                );
            }
            const v = d.toJS();
            if (v !== null && v !== undefined) docs.push(v);
        }
    }
    const out: Obj[] = [];
    docs.forEach((doc, i) => {
        const where = `${file}: document ${i + 1}`;
        if (typeof doc !== "object" || doc === null || Array.isArray(doc))
            throw new GuardInputError(`${where} is not a Kubernetes object`);
        const o = doc as Obj;
        if (typeof o.kind !== "string" || !o.kind) throw new GuardInputError(`${where} has no kind`);
        if (typeof o.apiVersion !== "string" || !o.apiVersion)
            throw new GuardInputError(`${where} (${o.kind}) has no apiVersion`);
        if (/List$/.test(o.kind) && Array.isArray(o.items)) {
            (o.items as unknown[]).forEach((item, j) => {
                const it = item as Obj;
                if (typeof it?.kind !== "string" || typeof it?.apiVersion !== "string")
                    throw new GuardInputError(`${where} item ${j + 1} has no kind or apiVersion`);
                out.push(it);
            });
        } else out.push(o);
    });
    return out;
}

export function captureManifests(paths: string[], project: string, stack: string): GuardResource[] {
    if (paths.length === 0) throw new GuardInputError("--manifests needs at least one file or directory");
    const stackUrn = makeUrn(stack, project, undefined, rootStackType, `${project}-${stack}`);
    const providerUrn = defaultProviderUrn(stack, project, "kubernetes", "");
    const base = { dependencies: [], propertyDependencies: {}, options: defaultOptions() };
    const resources: GuardResource[] = [
        {
            ...base,
            urn: stackUrn,
            type: rootStackType,
            name: `${project}-${stack}`,
            custom: false,
            inputs: {},
            outputs: {},
            synthesized: true,
        },
        {
            ...base,
            urn: providerUrn,
            type: "pulumi:providers:kubernetes",
            name: "default",
            custom: true,
            inputs: {},
            outputs: {},
            synthesized: true,
        },
    ];
    const seen = new Set<string>();
    for (const p of paths) {
        for (const file of listFiles(p)) {
            for (const o of parseFile(file)) {
                const meta = (o.metadata ?? {}) as Obj;
                const ns = typeof meta.namespace === "string" ? meta.namespace : undefined;
                const nm =
                    typeof meta.name === "string"
                        ? meta.name
                        : typeof meta.generateName === "string"
                          ? meta.generateName
                          : "";
                if (!nm) throw new GuardInputError(`${file}: ${o.kind} has no metadata.name`);
                const type = k8sTypeToken(o.apiVersion as string, o.kind as string);
                const name = ns ? `${ns}/${nm}` : nm;
                const urn = makeUrn(stack, project, stackUrn, type, name);
                if (seen.has(urn)) throw new GuardInputError(`${file}: duplicate object ${o.kind} ${name}`);
                seen.add(urn);
                resources.push({
                    ...base,
                    urn,
                    type,
                    name,
                    custom: true,
                    parent: stackUrn,
                    provider: `${providerUrn}::${unknownValue}`,
                    inputs: o,
                    outputs: o,
                    source: file,
                });
            }
        }
    }
    return resources;
}
