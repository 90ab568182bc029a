/**
 * Checks Helm values against a chart's upstream defaults in ../shared/charts: every key we set must exist there
 * (a typo is a silent security hole). Free-form maps (annotations, env, config strings) are exempted by path prefix.
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

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Returns the dotted paths of `values` that do not exist in `defaults`. A path listed in `freeForm` (or below it)
 * is not descended into. Arrays are leaves. A key whose default is `{}` or null accepts any sub-keys only when listed
 * in `freeForm`: we never assume.
 */
export function unknownKeys(
    values: Record<string, unknown>,
    defaults: Record<string, unknown>,
    freeForm: string[] = [],
    prefix = "",
): string[] {
    const out: string[] = [];
    for (const [k, v] of Object.entries(values)) {
        const p = prefix ? `${prefix}.${k}` : k;
        if (freeForm.some((f) => p === f || p.startsWith(`${f}.`))) continue;
        if (!(k in defaults)) {
            out.push(p);
            continue;
        }
        const d = defaults[k];
        if (isPlainObject(v) && isPlainObject(d)) out.push(...unknownKeys(v, d, freeForm, p));
        else if (isPlainObject(v) && !isPlainObject(d)) out.push(`${p} (default is not a map)`);
    }
    return out;
}
