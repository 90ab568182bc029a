/**
 * The pure half of Helm rendering (guard/helm-render.ts): release values in Pulumi's wire form become plain values
 * Helm can read, with a placeholder for every leaf that is unknown during preview (and, in a second variant, for
 * every secret leaf); renders of the variants are then compared, so that every rendered field that came from an
 * unknown leaf is the wire unknown again, and every field that came from a secret is a secret again. Comparing
 * renders (instead of searching for the placeholder text) also catches fields a template derived through a
 * function: `b64enc`, `sha256sum`, `upper`, a checksum annotation.
 */
import { isSecret, secretOf, unknownValue } from "./model";

type Obj = Record<string, unknown>;

/**
 * How one render variant fills the leaves it cannot pass as they are: a placeholder for unknowns, and for secrets
 * either their value or a placeholder.
 */
export interface Variant {
    /** Distinguishes this variant's placeholders from another's; lowercase letters and digits. */
    nonce: string;
    /** Base of this variant's numeric placeholders (for leaves whose chart default is a number). */
    numberBase: number;
    /** Secrets: `reveal` passes the value, `placeholder` a placeholder. */
    secrets: "reveal" | "placeholder";
}

/**
 * The placeholder of the i-th unknown (or hidden secret) leaf: a lowercase DNS label, so that a chart can put it
 * into an object name, a label value or a hostname and still render.
 */
export function placeholder(kind: "unknown" | "secret", nonce: string, i: number): string {
    return `${kind}-${nonce}-${i}`;
}

/** Matches any placeholder of the given nonce. */
export function placeholderPattern(nonce: string): RegExp {
    return new RegExp(`(?:unknown|secret)-${nonce}-\\d+`, "g");
}

/** What a values tree holds that Helm cannot be given as it is. */
export interface ValuesShape {
    unknowns: number;
    secrets: number;
}

export function shapeOf(v: unknown, acc: ValuesShape = { unknowns: 0, secrets: 0 }): ValuesShape {
    if (v === unknownValue) acc.unknowns++;
    else if (isSecret(v)) {
        acc.secrets++;
        shapeOf(v.value, acc);
    } else if (Array.isArray(v)) v.forEach((x) => shapeOf(x, acc));
    else if (typeof v === "object" && v !== null) Object.values(v).forEach((x) => shapeOf(x, acc));
    return acc;
}

/** Type of the chart's default at a values path (`server.ha.replicas`), when it has one. */
export type DefaultTypeAt = (path: string[]) => "number" | "boolean" | "string" | "other" | undefined;

/** The result of {@link materialize}: plain values, and the unknown leaves a placeholder cannot stand for. */
export interface Materialized {
    values: unknown;
    /** Unknown leaves whose chart default is a boolean: rendered as a (truthy) placeholder string. */
    booleanUnknowns: string[];
}

/**
 * Wire values -> plain values for one variant. Counters walk the tree in a fixed order, so the same leaf gets the
 * same index in every variant. An unknown leaf whose chart default is a number gets a number (a schema or a
 * template doing arithmetic would refuse a string); every other one a placeholder string.
 */
export function materialize(
    v: unknown,
    variant: Variant,
    typeAt: DefaultTypeAt = () => undefined,
): Materialized {
    let unknowns = 0;
    let secrets = 0;
    const booleanUnknowns: string[] = [];
    const walk = (x: unknown, path: string[], hide: boolean): unknown => {
        if (x === unknownValue) {
            const i = unknowns++;
            const t = typeAt(path);
            if (t === "number") return variant.numberBase + i;
            if (t === "boolean") booleanUnknowns.push(path.join("."));
            return placeholder("unknown", variant.nonce, i);
        }
        if (isSecret(x)) return walk(x.value, path, hide || variant.secrets === "placeholder");
        if (Array.isArray(x)) return x.map((y, i) => walk(y, [...path, String(i)], hide));
        if (typeof x === "object" && x !== null)
            return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, walk(y, [...path, k], hide)]));
        if (hide && x !== null) {
            const i = secrets++;
            return typeof x === "number"
                ? variant.numberBase + 500_000 + i
                : placeholder("secret", variant.nonce, i);
        }
        return x;
    };
    return { values: walk(v, [], false), booleanUnknowns };
}

function deepEqual(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (Array.isArray(a)) {
        const bb = b as unknown[];
        return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
    }
    const ka = Object.keys(a as Obj);
    const kb = Object.keys(b as Obj);
    return (
        ka.length === kb.length &&
        ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Obj)[k], (b as Obj)[k]))
    );
}

/**
 * `base` with every subtree that differs in `other` replaced by `mark(subtree of base)`: a map whose keys differ
 * and a list whose length differs are marked whole; otherwise the comparison descends. Subtrees of `base` that are
 * already unknown or secret stay as they are.
 */
export function markDifferences(base: unknown, other: unknown, mark: (v: unknown) => unknown): unknown {
    if (base === unknownValue || isSecret(base)) return base;
    if (deepEqual(base, other)) return base;
    if (Array.isArray(base) && Array.isArray(other) && base.length === other.length)
        return base.map((x, i) => markDifferences(x, other[i], mark));
    if (
        typeof base === "object" &&
        base !== null &&
        !Array.isArray(base) &&
        typeof other === "object" &&
        other !== null &&
        !Array.isArray(other)
    ) {
        const kb = Object.keys(base);
        const ko = Object.keys(other);
        if (kb.length === ko.length && kb.every((k) => Object.prototype.hasOwnProperty.call(other, k)))
            return Object.fromEntries(
                kb.map((k) => [k, markDifferences((base as Obj)[k], (other as Obj)[k], mark)]),
            );
    }
    return mark(base);
}

export const markUnknown = (): unknown => unknownValue;
export const markSecret = (v: unknown): unknown => secretOf(v);

/**
 * Any string (or map key) left holding a placeholder of `nonce` is unknown: the last word, for a field a
 * comparison could not reach (the variants agree on it by chance only if the template dropped the placeholder).
 */
export function unknownWherePlaceholder(v: unknown, nonce: string): unknown {
    const re = placeholderPattern(nonce);
    const has = (s: string) => {
        re.lastIndex = 0;
        return re.test(s);
    };
    const walk = (x: unknown): unknown => {
        if (typeof x === "string") return has(x) ? unknownValue : x;
        if (x === unknownValue || isSecret(x)) return x;
        if (Array.isArray(x)) return x.map(walk);
        if (typeof x === "object" && x !== null) {
            if (Object.keys(x).some(has)) return unknownValue;
            return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, walk(y)]));
        }
        return x;
    };
    return walk(v);
}

/** One document of a `helm template` stream, with the template it came from (`# Source: <path>`). */
export interface HelmDocument {
    /** Template path as Helm prints it, e.g. `vault/templates/server-statefulset.yaml`; "" when Helm printed none. */
    source: string;
    text: string;
}

/**
 * Splits a `helm template` stream into documents. A line that starts with `---` separates documents (as Helm's
 * own splitter and any YAML parser treat it); the `# Source:` comment Helm writes at the top of each document names
 * its template. Documents with nothing but comments are dropped.
 */
export function splitHelmStream(text: string): HelmDocument[] {
    const out: HelmDocument[] = [];
    const flush = (lines: string[]) => {
        if (!lines.some((l) => l.trim() !== "" && !l.trimStart().startsWith("#"))) return;
        const src = lines.map((l) => /^# Source: (.+?)\s*$/.exec(l)).find(Boolean);
        out.push({ source: src ? src[1] : "", text: lines.join("\n") });
    };
    let cur: string[] = [];
    for (const line of text.split(/\r?\n/)) {
        if (/^---(\s|$)/.test(line)) {
            flush(cur);
            cur = [];
            const rest = line.slice(3).trim();
            if (rest && !rest.startsWith("#")) cur.push(rest);
        } else cur.push(line);
    }
    flush(cur);
    return out;
}
