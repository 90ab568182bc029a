/**
 * Checks Helm values against a chart's upstream defaults in ../shared/charts: every key we set must exist there
 * (a typo is a silent security hole). Free-form maps (annotations, env, config strings) are exempted by path prefix.
 *
 * Some charts read keys that their values.yaml only shows as comments (Harbor 1.19.1's per-component `resources`).
 * For those the oracle is the chart's templates, not the comments: {@link chartTemplateValuePaths} collects every
 * `.Values.a.b.c` the templates read, and `unknownKeys` accepts a key at exactly such a path (and anything below it,
 * since the template hands that value on whole, e.g. with toYaml). Comments are not a faithful oracle: Harbor's
 * values.yaml shows `# resources:` under `database.internal.initContainer` beside `permissions: {}`, yet the template
 * reads `database.internal.initContainer.permissions.resources`.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { referencePath } from "./reference";

/** The reference directory ($BLUEPRINT_REFERENCE_DIR, default ../shared); a suite importing this fails at once without it. */
export const sharedDir = path.dirname(referencePath("charts"));

/** Parsed default values.yaml of `chart` (a folder under ../shared/charts, e.g. "vault" or "kube-prometheus-stack/subcharts/grafana"). */
export function chartDefaults(chart: string): Record<string, unknown> {
    const file = path.join(sharedDir, "charts", chart, "values.yaml");
    return parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
}

const valuesRef = /\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g;

/**
 * Dotted values paths the chart's templates read (`.Values.x.y`, also as `$.Values.x.y`), from every file under
 * `templates/` of `chartSrc` (a folder under ../shared/charts-src, e.g. "harbor-1.19.1"). Subcharts are not read.
 */
export function chartTemplateValuePaths(chartSrc: string): Set<string> {
    const out = new Set<string>();
    const walk = (dir: string): void => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            const p = path.join(dir, e.name);
            if (e.isDirectory()) walk(p);
            else if (e.isFile())
                for (const m of fs.readFileSync(p, "utf8").matchAll(valuesRef)) out.add(m[1].slice(1));
        }
    };
    walk(referencePath(`charts-src/${chartSrc}/templates`));
    return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Returns the dotted paths of `values` that do not exist in `defaults`. A path listed in `freeForm` (or below it)
 * is not descended into. Arrays are leaves. A key whose default is `{}` or null accepts any sub-keys only when listed
 * in `freeForm`: we never assume. A key missing from `defaults` whose exact path is in `templatePaths` (see
 * {@link chartTemplateValuePaths}) is accepted with everything below it.
 */
export function unknownKeys(
    values: Record<string, unknown>,
    defaults: Record<string, unknown>,
    freeForm: string[] = [],
    prefix = "",
    templatePaths: ReadonlySet<string> = new Set(),
): string[] {
    const out: string[] = [];
    for (const [k, v] of Object.entries(values)) {
        const p = prefix ? `${prefix}.${k}` : k;
        if (freeForm.some((f) => p === f || p.startsWith(`${f}.`))) continue;
        if (!(k in defaults)) {
            if (!templatePaths.has(p)) out.push(p);
            continue;
        }
        const d = defaults[k];
        if (isPlainObject(v) && isPlainObject(d)) out.push(...unknownKeys(v, d, freeForm, p, templatePaths));
        else if (isPlainObject(v) && !isPlainObject(d)) out.push(`${p} (default is not a map)`);
    }
    return out;
}
