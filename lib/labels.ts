/**
 * Kubernetes label selector semantics (apimachinery `LabelSelectorAsSelector`): matchLabels and matchExpressions are
 * ANDed; an empty selector matches everything; NotIn and DoesNotExist match objects that lack the key.
 */

/** A label map. */
export type Labels = Record<string, string>;

/** A label selector as found in manifests (loosely typed: it comes from user input). */
export interface SelectorLike {
    matchLabels?: Record<string, unknown>;
    matchExpressions?: { key?: unknown; operator?: unknown; values?: unknown }[];
}

/** Result of matching: `invalid` carries a reason when the selector is malformed (it then matches nothing). */
export function selectorMatches(selector: SelectorLike | undefined | null, labels: Labels): boolean {
    return matchOrReason(selector, labels) === true;
}

/** Returns true/false, or a string explaining why the selector is invalid (Kubernetes rejects those). */
export function matchOrReason(selector: SelectorLike | undefined | null, labels: Labels): boolean | string {
    if (!selector) return true;
    for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
        if (labels[k] !== String(v)) return false;
    }
    for (const e of selector.matchExpressions ?? []) {
        const key = String(e.key);
        const values = Array.isArray(e.values) ? e.values.map(String) : [];
        const has = Object.prototype.hasOwnProperty.call(labels, key);
        switch (e.operator) {
            case "In":
                if (values.length === 0) return `operator In on "${key}" needs values`;
                if (!has || !values.includes(labels[key])) return false;
                break;
            case "NotIn":
                if (values.length === 0) return `operator NotIn on "${key}" needs values`;
                if (has && values.includes(labels[key])) return false;
                break;
            case "Exists":
                if (!has) return false;
                break;
            case "DoesNotExist":
                if (has) return false;
                break;
            default:
                return `unknown operator ${String(e.operator)} on "${key}"`;
        }
    }
    return true;
}

/** A label map from an unknown value: string values only. */
export function labelsOf(x: unknown): Labels {
    const out: Labels = {};
    if (x && typeof x === "object" && !Array.isArray(x)) {
        for (const [k, v] of Object.entries(x as Record<string, unknown>))
            if (typeof v === "string") out[k] = v;
    }
    return out;
}

/**
 * Some label map that the selector matches, for synthesizing a probe pod (as Illuminatio created test pods), or
 * undefined when none exists in a simple form.
 */
export function labelsSatisfying(selector: SelectorLike | undefined): Labels | undefined {
    const out: Labels = {};
    for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) out[k] = String(v);
    for (const e of selector?.matchExpressions ?? []) {
        const key = String(e.key);
        const values = Array.isArray(e.values) ? e.values.map(String) : [];
        if (e.operator === "In") {
            if (key in out) {
                if (!values.includes(out[key])) return undefined;
            } else if (values.length > 0) out[key] = values[0];
            else return undefined;
        } else if (e.operator === "Exists") {
            if (!(key in out)) out[key] = "probe";
        }
    }
    return matchOrReason(selector, out) === true ? out : undefined;
}
