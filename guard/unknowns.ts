/**
 * `--manifests` and `--state` inputs are final values: they never hold Pulumi's "unknown during preview" sentinel.
 * If it appears anywhere (a key or a value, at any depth, whole or inside a string), the input is forged to make
 * policies skip checks, and the guard stops.
 */
import { unknownValue } from "./model";

/** Whether a key or string anywhere in `v` contains the sentinel (the walk without paths: almost always false). */
function holdsUnknown(v: unknown): boolean {
    if (typeof v === "string") return v.includes(unknownValue);
    if (typeof v !== "object" || v === null) return false;
    if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (holdsUnknown(v[i])) return true;
        return false;
    }
    for (const k of Object.keys(v)) {
        if (k.includes(unknownValue) || holdsUnknown((v as Record<string, unknown>)[k])) return true;
    }
    return false;
}

/** JSON-pointer-like path of the first key or string that contains the sentinel, or undefined. */
export function findUnknown(v: unknown, at = ""): string | undefined {
    return holdsUnknown(v) ? pathOfUnknown(v, at) : undefined;
}

function pathOfUnknown(v: unknown, at: string): string | undefined {
    if (typeof v === "string") return v.includes(unknownValue) ? at || "/" : undefined;
    if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
            const found = pathOfUnknown(v[i], `${at}/${i}`);
            if (found) return found;
        }
        return undefined;
    }
    if (typeof v === "object" && v !== null) {
        for (const [k, x] of Object.entries(v)) {
            const p = `${at}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`;
            if (k.includes(unknownValue)) return `${p} (a key)`;
            const found = pathOfUnknown(x, p);
            if (found) return found;
        }
    }
    return undefined;
}

export function unknownMessage(where: string, path: string): string {
    return `${where}: holds the unknown-value sentinel ${unknownValue} at ${path}; this input is never unknown, so it is refused`;
}
