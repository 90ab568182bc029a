/**
 * Program mode: the children a real engine would get from components the mock monitor cannot expand.
 *  - `kubernetes:yaml/v2:ConfigFile` / `ConfigGroup` are remote components: the kubernetes provider reads their
 *    files and YAML and registers one child per object. The guard does the same from the same files and strings,
 *    with the `--manifests` parser, as children of the component named `<resourcePrefix>:<namespace>/<name>`
 *    (the prefix defaults to the component's name; an empty prefix means none).
 *  - v1 `yaml.ConfigFile` / `ConfigGroup` expand in the SDK itself, through the `kubernetes:yaml:decode` invoke:
 *    the guard answers it with the same parser, so their children register as in a real preview.
 *  - Any other remote component (helm.v4.Chart, kustomize.v2.Directory, multi-language components) has children
 *    only in a real engine: reported as advisory "not analyzed: <urn>: <why>".
 */
import * as fs from "fs";
import * as path from "path";
import { readRegularFile } from "./input-files";
import { k8sTypeToken, objectName, parseManifestText } from "./manifests";
import { GuardInputError, unknownValue } from "./model";
import { notAnalyzed } from "./not-analyzed";
import type { Violation } from "./run";

export const yamlV2Types = new Set(["kubernetes:yaml/v2:ConfigFile", "kubernetes:yaml/v2:ConfigGroup"]);

const remoteWhy: Record<string, string> = {
    "kubernetes:kustomize/v2:Directory":
        "kustomize.v2.Directory builds its objects inside the kubernetes provider, so they exist only in a real engine",
};

export function remoteComponentWhy(type: string): string {
    return (
        remoteWhy[type] ??
        `remote component ${type}: its children are created by its provider in a real engine, not under the guard's mocks`
    );
}

/** The `kubernetes:yaml:decode` invoke (used by v1 ConfigFile/ConfigGroup), answered with the --manifests parser. */
export function decodeYaml(inputs: Record<string, unknown>): { result: Record<string, unknown>[] } {
    const text = inputs.text;
    if (typeof text !== "string") throw new GuardInputError("kubernetes:yaml:decode: text is not a string");
    return { result: parseManifestText(text, "yaml.ConfigFile/ConfigGroup YAML").map((o) => o.object) };
}

const isUrl = (s: string) => /^https?:\/\//.test(s);
const hasGlob = (s: string) => /[*?[{]/.test(s);

/** A small glob (`*`, `?`, `**`) over the program's directory, in name order. */
function glob(pattern: string, cwd: string): string[] {
    const abs = path.resolve(cwd, pattern);
    const segs = abs.split(path.sep);
    const firstGlob = segs.findIndex(hasGlob);
    const base = segs.slice(0, firstGlob).join(path.sep) || path.sep;
    const rx = (seg: string) =>
        new RegExp(
            `^${seg
                .replace(/[.+^${}()|\\]/g, "\\$&")
                .replace(/\*/g, "[^/]*")
                .replace(/\?/g, "[^/]")}$`,
        );
    const rest = segs.slice(firstGlob);
    const out: string[] = [];
    const walk = (dir: string, i: number, seen: Set<string>) => {
        if (i === rest.length) return;
        let real: string;
        try {
            real = fs.realpathSync(dir);
        } catch {
            return;
        }
        if (seen.has(real)) return;
        const inner = new Set(seen).add(real);
        const entries =
            fs.existsSync(dir) && fs.statSync(dir).isDirectory() ? fs.readdirSync(dir).sort() : [];
        if (rest[i] === "**") {
            walk(dir, i + 1, seen);
            for (const e of entries) {
                const p = path.join(dir, e);
                if (fs.statSync(p, { throwIfNoEntry: false })?.isDirectory()) walk(p, i, inner);
            }
            return;
        }
        const re = rx(rest[i]);
        for (const e of entries) {
            if (!re.test(e)) continue;
            const p = path.join(dir, e);
            if (i === rest.length - 1) out.push(p);
            else walk(p, i + 1, inner);
        }
    };
    walk(base, 0, new Set());
    return [...new Set(out)];
}

export interface ExpandedObject {
    name: string;
    type: string;
    object: Record<string, unknown>;
    source?: string;
}

const isUnknown = (v: unknown) => typeof v === "string" && v.includes(unknownValue);

/**
 * The objects a yaml/v2 component would register, or a "not analyzed" finding for what cannot be read offline.
 * `cwd` is the program's working directory (relative paths are read from there, as the provider does).
 */
export function expandYamlV2(
    component: { urn: string; type: string; name: string },
    inputs: Record<string, unknown>,
    cwd: string,
): { objects: ExpandedObject[]; findings: Violation[] } {
    const findings: Violation[] = [];
    const texts: { text: string; source: string }[] = [];
    const objs: { object: Record<string, unknown>; where: string }[] = [];
    const skip = (why: string) => findings.push(notAnalyzed(component, why));

    const files: unknown[] =
        component.type === "kubernetes:yaml/v2:ConfigFile"
            ? [inputs.file]
            : inputs.files === undefined
              ? []
              : Array.isArray(inputs.files)
                ? inputs.files
                : [inputs.files];
    for (const f of files) {
        if (typeof f !== "string" || isUnknown(f)) {
            skip("a file name is unknown during preview");
            continue;
        }
        if (isUrl(f)) {
            skip(`${f} is fetched by the provider at deploy time; the guard works offline`);
            continue;
        }
        const matches = hasGlob(f) ? glob(f, cwd) : [path.resolve(cwd, f)];
        if (hasGlob(f) && matches.length === 0)
            throw new GuardInputError(`${component.urn}: file pattern ${f} matches no file`);
        for (const m of matches) texts.push({ text: readRegularFile(m, component.type), source: m });
    }
    if (component.type === "kubernetes:yaml/v2:ConfigGroup") {
        const yamls: unknown[] =
            inputs.yaml === undefined ? [] : Array.isArray(inputs.yaml) ? inputs.yaml : [inputs.yaml];
        yamls.forEach((y, i) => {
            if (typeof y !== "string" || isUnknown(y)) skip("its YAML text is unknown during preview");
            else texts.push({ text: y, source: `${component.name} yaml[${i}]` });
        });
        const list: unknown[] =
            inputs.objs === undefined ? [] : Array.isArray(inputs.objs) ? inputs.objs : [inputs.objs];
        list.forEach((o, i) => {
            const where = `${component.name} objs[${i}]`;
            if (typeof o !== "object" || o === null || Array.isArray(o))
                skip(`objs[${i}] is not an object during preview`);
            else objs.push({ object: o as Record<string, unknown>, where });
        });
    }
    for (const t of texts) {
        for (const { object, where } of parseManifestText(t.text, t.source)) objs.push({ object, where });
    }
    const prefixInput = inputs.resourcePrefix;
    const prefix = typeof prefixInput === "string" && !isUnknown(prefixInput) ? prefixInput : component.name;
    const objects: ExpandedObject[] = [];
    for (const { object, where } of objs) {
        const kind = object.kind;
        const apiVersion = object.apiVersion;
        if (
            typeof kind !== "string" ||
            typeof apiVersion !== "string" ||
            isUnknown(kind) ||
            isUnknown(apiVersion)
        ) {
            skip(`${where}: kind or apiVersion is unknown during preview`);
            continue;
        }
        // Lists in objs are flattened as in files.
        if (/List$/.test(kind) && Array.isArray(object.items)) {
            (object.items as Record<string, unknown>[]).forEach((it, j) =>
                objs.push({ object: it, where: `${where} item ${j + 1}` }),
            );
            continue;
        }
        let name: string;
        try {
            name = objectName(object, where);
        } catch {
            skip(`${where}: metadata.name is unknown or missing`);
            continue;
        }
        objects.push({
            name: prefix ? `${prefix}:${name}` : name,
            type: k8sTypeToken(apiVersion, kind),
            object,
            source: texts.find((t) => where.startsWith(`${t.source}:`))?.source,
        });
    }
    return { objects, findings };
}
