/**
 * `--manifests`: Kubernetes YAML/JSON files or directories. Each object becomes a resource with the type token
 * @pulumi/kubernetes uses, under a synthesized root stack and the default kubernetes provider, as
 * `pulumi preview` would show a `yaml.v2.ConfigGroup` of the same files.
 */
import * as path from "path";
import { listManifestFiles, readRegularFile } from "./input-files";
import { findUnknown, unknownMessage } from "./unknowns";
import { parseKubernetesYaml, YamlError } from "./yaml";
import { LineColumn, parseFieldPath } from "./yaml-locate";
import { defaultOptions, GuardInputError, GuardResource, unknownValue } from "./model";
import { defaultProviderUrn, makeUrn, rootStackType } from "./urn";

/** `apps/v1` + `Deployment` -> `kubernetes:apps/v1:Deployment`; `v1` + `Pod` -> `kubernetes:core/v1:Pod`. */
export function k8sTypeToken(apiVersion: string, kind: string): string {
    const groupVersion = apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`;
    return `kubernetes:${groupVersion}:${kind}`;
}

type Obj = Record<string, unknown>;

/** One Kubernetes object read from a manifest, with where it came from. */
export interface ManifestObject {
    object: Obj;
    /** `file: document N` (plus `item i` inside Lists). */
    where: string;
    /** Where the object starts in the text (1:1 for JSON). */
    start: LineColumn;
    /** Line and column of a field of the object (for JSON: its start). */
    locate: (path: (string | number)[]) => LineColumn;
}

type Located = Pick<ManifestObject, "start" | "locate">;

/**
 * Parses a manifest text as kubectl does: JSON if it starts with `{` (YAMLOrJSONDecoder), else YAML through
 * sigs.k8s.io/yaml's semantics; `*List` kinds are flattened recursively. Every object must have kind and apiVersion
 * and must not hold the unknown-value sentinel.
 */
export function parseManifestText(text: string, source: string): ManifestObject[] {
    const docs: ({ value: unknown; where: string } & Located)[] = [];
    if (/^\s*\{/.test(text)) {
        try {
            const start = { line: 1, column: 1 };
            docs.push({
                value: JSON.parse(text),
                where: `${source}: document 1`,
                start,
                locate: () => start,
            });
        } catch (e) {
            throw new GuardInputError(`${source}: invalid JSON (${(e as Error).message.split("\n")[0]})`);
        }
    } else {
        let parsed;
        try {
            parsed = parseKubernetesYaml(text);
        } catch (e) {
            if (e instanceof YamlError)
                throw new GuardInputError(`${source}: invalid YAML at line ${e.line ?? 1}: ${e.message}`);
            throw e;
        }
        parsed.forEach((d, i) =>
            docs.push({
                value: d.value,
                where: `${source}: document ${i + 1}`,
                start: d.start,
                locate: d.locate,
            }),
        );
    }
    const out: ManifestObject[] = [];
    const add = (doc: unknown, where: string, at: Located) => {
        if (typeof doc !== "object" || doc === null || Array.isArray(doc))
            throw new GuardInputError(`${where} is not a Kubernetes object`);
        const o = doc as Obj;
        if (typeof o.kind !== "string" || !o.kind) throw new GuardInputError(`${where} has no kind`);
        if (typeof o.apiVersion !== "string" || !o.apiVersion)
            throw new GuardInputError(`${where} (${o.kind}) has no apiVersion`);
        const meta = (o.metadata ?? {}) as Obj;
        const unknownAt = findUnknown(o);
        if (unknownAt)
            throw new GuardInputError(
                unknownMessage(
                    `${where} (${o.kind} ${String(meta.name ?? meta.generateName ?? "")})`,
                    unknownAt,
                ),
            );
        // kubectl flattens Lists, and Lists inside Lists.
        if (/List$/.test(o.kind) && Array.isArray(o.items)) {
            (o.items as unknown[]).forEach((item, j) =>
                add(item, `${where} item ${j + 1}`, {
                    start: at.locate(["items", j]),
                    locate: (p) => at.locate(["items", j, ...p]),
                }),
            );
        } else out.push({ object: o, where, ...at });
    };
    docs.forEach((d) => add(d.value, d.where, d));
    return out;
}

/** `<ns>/<name>` or `<name>`, as --manifests and yaml.v2 name an object. */
export function objectName(o: Obj, where: string): string {
    const meta = (o.metadata ?? {}) as Obj;
    const ns = typeof meta.namespace === "string" ? meta.namespace : undefined;
    const nm =
        typeof meta.name === "string"
            ? meta.name
            : typeof meta.generateName === "string"
              ? meta.generateName
              : "";
    if (!nm) throw new GuardInputError(`${where}: ${String(o.kind)} has no metadata.name`);
    return ns ? `${ns}/${nm}` : nm;
}

export function captureManifests(paths: string[], project: string, stack: string): GuardResource[] {
    return [...manifestResources(paths, project, stack)];
}

/**
 * The resources of `--manifests`, one file at a time: the root stack and the default provider first, then each
 * file's objects once the whole file is read (so every error is the one reading all files would give, in the same
 * order), which lets the caller analyze a file's objects while the next one is read.
 */
export function* manifestResources(
    paths: string[],
    project: string,
    stack: string,
): Generator<GuardResource> {
    if (paths.length === 0) throw new GuardInputError("--manifests needs at least one file or directory");
    const stackUrn = makeUrn(stack, project, undefined, rootStackType, `${project}-${stack}`);
    const providerUrn = defaultProviderUrn(stack, project, "kubernetes", "");
    const base = { dependencies: [], propertyDependencies: {}, options: defaultOptions() };
    const files = listManifestFiles(paths);
    yield {
        ...base,
        urn: stackUrn,
        type: rootStackType,
        name: `${project}-${stack}`,
        custom: false,
        inputs: {},
        outputs: {},
        synthesized: true,
    };
    yield {
        ...base,
        urn: providerUrn,
        type: "pulumi:providers:kubernetes",
        name: "default",
        custom: true,
        inputs: {},
        outputs: {},
        synthesized: true,
    };
    const seen = new Set<string>();
    for (const file of files) {
        const parsed = parseManifestText(readRegularFile(file, "--manifests"), file);
        const resources: GuardResource[] = [];
        const absolute = path.resolve(file);
        for (const { object: o, where, start, locate } of parsed) {
            const type = k8sTypeToken(o.apiVersion as string, o.kind as string);
            const name = objectName(o, where);
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
                location: { file: absolute, ...start },
                locateField: (p) => ({ file: absolute, ...locate(parseFieldPath(p)) }),
            });
        }
        yield* resources;
    }
    if (seen.size === 0)
        throw new GuardInputError(
            `--manifests ${paths.join(" ")}: no Kubernetes objects found (nothing would be checked)`,
        );
}
