/**
 * Kubernetes YAML read the way kubectl and Helm read it: `sigs.k8s.io/yaml` (go-yaml v2, YAML 1.1, converted to
 * JSON), after kubectl's document splitter (`k8s.io/apimachinery/pkg/util/yaml.YAMLReader`). Differences from the
 * `yaml` package's defaults, all handled through its own options (`version: "1.1"`, `merge`, `uniqueKeys`,
 * `customTags`, `mapAsMap`) and one JSON conversion:
 *  - plain scalars resolve as go-yaml v2 does: `y`/`yes`/`on`/`n`/`no`/`off` (and capitalised forms) are booleans;
 *    integers are what Go's `strconv.ParseInt(s, 0, 64)` accepts once `_` is removed (`0777` and `0o777` octal,
 *    `0x1F`, `0b101`, `1_000`), else a float if it looks like one (`1e3`, `08`, `.5`); timestamps and sexagesimal
 *    numbers (`1:20`) stay strings; `.inf`/`.nan` cannot become JSON and are an error;
 *  - merge keys `<<` are applied; a key set *before* a merge key that also sets it is an error, because go-yaml v2
 *    lets the merge override it while YAML 1.1 does not (the two readers would see different objects);
 *  - map keys become strings as sigs.k8s.io/yaml does (`true`, `1`, `1.5`); null or collection keys are an error,
 *    and two keys that become the same string (`1` and `"1"`, `yes` and `true`) are a duplicate-key error, as are
 *    plain duplicates (kubectl's strict field validation, its default since Kubernetes 1.25, rejects them);
 *  - documents are split on lines that start with `---` and carry nothing else but a comment, as kubectl does
 *    (`--- {a: 1}` is an error there and here); empty and `null` documents are skipped; each chunk holds exactly
 *    one document (a second one after `...` is an error) and is parsed once; `%` directives are refused.
 */
import { Document, isMap, isPair, isScalar, isSeq, parseDocument, Scalar, visit, YAMLMap } from "yaml";
import type { ScalarTag, Tags } from "yaml";
import { LineColumn, lineColumnIn, yamlLocator } from "./yaml-locate";
import { contentOffset, parseDocumentFast } from "./yaml-fast";

/** A YAML stream kubectl would not read the same way (or at all); `line` is 1-based, in the whole stream. */
export class YamlError extends Error {
    constructor(
        message: string,
        readonly line?: number,
    ) {
        super(message);
    }
}

export interface YamlDocument {
    /** The document as JSON (objects with string keys, arrays, strings, numbers, booleans, null). */
    value: unknown;
    /** 1-based line of the document's first line in the file. */
    line: number;
    /** Where the document's content starts (its first key), 1-based. */
    start: LineColumn;
    /** Line and column of a field (or of the deepest part of its path that exists). */
    locate: (path: (string | number)[]) => LineColumn;
}

const boolTrue = new Set(["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]);
const boolFalse = new Set(["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]);
const nulls = new Set(["", "~", "null", "Null", "NULL"]);
const nonJsonFloats = new Set([
    ".nan",
    ".NaN",
    ".NAN",
    ".inf",
    ".Inf",
    ".INF",
    "+.inf",
    "+.Inf",
    "+.INF",
    "-.inf",
    "-.Inf",
    "-.INF",
]);
/** go-yaml v2's `yamlStyleFloat`. */
const goFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** What Go's strconv.ParseInt/ParseUint accept with base 0 (prefixes 0x, 0o, 0b, or a leading 0 for octal). */
const goInt = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;

function goInteger(sign: string, body: string): number | undefined {
    let digits = body;
    let radix = 10;
    if (/^0[xX]/.test(body)) [digits, radix] = [body.slice(2), 16];
    else if (/^0[oO]/.test(body)) [digits, radix] = [body.slice(2), 8];
    else if (/^0[bB]/.test(body)) [digits, radix] = [body.slice(2), 2];
    else if (body.length > 1 && body.startsWith("0")) [digits, radix] = [body.slice(1), 8];
    const prefix = radix === 16 ? "0x" : radix === 8 ? "0o" : radix === 2 ? "0b" : "";
    let n = BigInt(`${prefix}${digits}`);
    if (sign === "-") n = -n;
    // int64, or uint64 for a positive value without a sign; beyond that Go falls through to ParseFloat.
    const fits = n >= -(2n ** 63n) && (n < 2n ** 63n || (sign === "" && n < 2n ** 64n));
    return fits ? Number(n) : undefined;
}

/** A float resolved from a plain scalar: as a map key it is written as Go writes a float, not as an integer. */
export class GoFloat {
    constructor(readonly value: number) {}
}

/** go-yaml v2's resolution of a plain (unquoted, untagged) scalar. */
export function resolvePlainScalar(s: string): unknown {
    if (nulls.has(s)) return null;
    if (boolTrue.has(s)) return true;
    if (boolFalse.has(s)) return false;
    if (nonJsonFloats.has(s))
        throw new YamlError(`${s} is infinite or not a number, which JSON (and so Kubernetes) cannot hold`);
    const first = s[0];
    if (first === ".") {
        return goFloat.test(s) ? new GoFloat(Number(s)) : s;
    }
    if (first === "+" || first === "-" || (first >= "0" && first <= "9")) {
        const plain = s.replace(/_/g, "");
        const m = goInt.exec(plain);
        if (m) {
            const n = goInteger(m[1], m[2]);
            if (n !== undefined) return n;
        }
        if (goFloat.test(plain)) return new GoFloat(Number(plain));
    }
    return s;
}

/** One tag for every plain scalar (but `<<`), resolved as go-yaml v2 does; quoted and block scalars stay strings. */
const goPlainScalar: ScalarTag = {
    tag: "tag:yaml.org,2002:str",
    default: true,
    test: /^(?!<<$)[\s\S]*$/,
    resolve: (s: string, onError: (m: string) => void) => {
        try {
            return resolvePlainScalar(s) as string; // a JSON value or a GoFloat, whatever the declared type
        } catch (e) {
            onError((e as Error).message);
            return s;
        }
    },
};

/** Keeps the collection tags, `<<` and explicit-only tags; replaces every implicit scalar resolution. */
function goTags(tags: Tags): Tags {
    const kept = tags.filter((t) => {
        if (typeof t === "string") return false; // the 1.1 schema passes tag objects; names are not expected
        const tag = t as ScalarTag;
        if ("collection" in t && t.collection) return true;
        if (tag.tag === "tag:yaml.org,2002:merge") return true;
        return !tag.test; // explicit-only tags such as !!binary, and the string fallback
    });
    return [goPlainScalar, ...kept];
}

const parseOptions = {
    version: "1.1" as const,
    merge: true,
    uniqueKeys: true,
    customTags: goTags,
    prettyErrors: false,
    strict: true,
    maxAliasCount: 100,
};

/** Go's strconv.FormatFloat(f, 'g', -1, 32), as sigs.k8s.io/yaml writes a float map key. */
export function goFloatKey(f: number): string {
    const f32 = Math.fround(f);
    let digits = "";
    let exp = 0;
    for (let p = 1; p <= 9; p++) {
        const e = f32.toExponential(p - 1);
        if (Math.fround(Number(e)) === f32) {
            const [mant, ex] = e.split("e");
            digits = mant.replace("-", "").replace(".", "");
            exp = Number(ex);
            break;
        }
    }
    const sign = f32 < 0 ? "-" : "";
    if (exp < -4 || exp >= 6) {
        const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
        const ex = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : `${Math.abs(exp)}`;
        return `${sign}${mant}e${exp < 0 ? "-" : "+"}${ex}`;
    }
    if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
    const int = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
    const frac = digits.slice(exp + 1);
    return `${sign}${int}${frac ? `.${frac}` : ""}`;
}

function keyString(k: unknown, where: string): string {
    if (typeof k === "string") return k;
    if (typeof k === "boolean") return k ? "true" : "false";
    if (typeof k === "number") return String(k);
    if (k instanceof GoFloat) return goFloatKey(k.value);
    throw new YamlError(
        `${where}: map key ${k === null ? "null" : (JSON.stringify(k) ?? String(k))} cannot become a JSON key`,
    );
}

/** `yaml`'s JS value (maps as Map) to JSON as sigs.k8s.io/yaml converts it. */
function toJson(v: unknown, path: string): unknown {
    if (v instanceof Map) {
        const out: Record<string, unknown> = {};
        for (const [k, x] of v) {
            const key = keyString(k, path || "/");
            if (Object.prototype.hasOwnProperty.call(out, key))
                throw new YamlError(`duplicate key "${key}" at ${path || "/"}`);
            // defineProperty: a key named __proto__ stays a plain key.
            Object.defineProperty(out, key, {
                value: toJson(x, `${path}/${key}`),
                enumerable: true,
                writable: true,
                configurable: true,
            });
        }
        return out;
    }
    if (Array.isArray(v)) return v.map((x, i) => toJson(x, `${path}/${i}`));
    if (v instanceof GoFloat) return v.value;
    if (v instanceof Set) throw new YamlError(`${path || "/"}: a !!set cannot become JSON`);
    if (typeof v === "bigint") return Number(v);
    if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
    if (typeof v === "number" && !Number.isFinite(v))
        throw new YamlError(`${path || "/"}: ${v} cannot become JSON`);
    return v;
}

function keyValue(node: unknown): unknown {
    const v = isScalar(node) ? (node as Scalar).value : node;
    return v instanceof GoFloat ? `float:${v.value}` : v;
}

/** Keys of a merge source (a map, an alias of a map, or a sequence of them). */
function mergedKeys(doc: Document, source: unknown): unknown[] {
    const resolved = (n: unknown): unknown =>
        n &&
        typeof n === "object" &&
        "resolve" in n &&
        typeof (n as { resolve: unknown }).resolve === "function"
            ? (n as { resolve: (d: Document) => unknown }).resolve(doc)
            : n;
    const s = resolved(source);
    const maps = isSeq(s) ? s.items.map(resolved) : [s];
    return maps.flatMap((m) => (isMap(m) ? (m as YAMLMap).items.map((p) => keyValue(p.key)) : []));
}

/** go-yaml v2 lets a merge override keys set before it; YAML 1.1 does not. Refuse the ambiguity. */
function checkMergeOrder(doc: Document, lineOf: (offset: number) => number): void {
    visit(doc, {
        Map(_, map) {
            const before = new Map<unknown, number>();
            for (const pair of map.items) {
                if (!isPair(pair)) continue;
                const k = keyValue(pair.key);
                if (typeof k === "symbol" && k.description === "<<") {
                    for (const mk of mergedKeys(doc, pair.value)) {
                        const at = before.get(mk);
                        if (at !== undefined)
                            throw new YamlError(
                                `key "${String(mk)}" is set before a << merge that also sets it; kubectl's parser lets the merge win, YAML 1.1 does not (put << first)`,
                                lineOf(at),
                            );
                    }
                } else before.set(k, (pair.key as Scalar)?.range?.[0] ?? 0);
            }
        },
    });
}

interface Chunk {
    text: string;
    line: number;
}

/**
 * kubectl's YAMLReader: a line starting with `---` ends a document; only a comment may follow the marker. Each chunk
 * is a slice of the text (its lines between two markers).
 */
function splitDocuments(text: string): Chunk[] {
    const chunks: Chunk[] = [];
    let chunkStart = 0;
    let start = 1;
    let line = 1;
    for (let p = 0; p < text.length; line++) {
        const nl = text.indexOf("\n", p);
        const end = nl < 0 ? text.length : nl + 1;
        const c = text.charCodeAt(p);
        if (c === 0x25 /* % */)
            throw new YamlError(`YAML directives (${text.slice(p, end).trim()}) are not supported`, line);
        if (c === 0x2d /* - */ && text.startsWith("---", p)) {
            const l = text.slice(p, end);
            const rest = l.slice(3).trim();
            if (rest && !rest.startsWith("#"))
                throw new YamlError(
                    `invalid document separator "${l.trimEnd()}" (kubectl accepts only --- and a comment on that line)`,
                    line,
                );
            if (p > chunkStart) chunks.push({ text: text.slice(chunkStart, p), line: start });
            chunkStart = end;
            start = line + 1;
        }
        p = end;
    }
    if (text.length > chunkStart) chunks.push({ text: text.slice(chunkStart), line: start });
    return chunks;
}

/**
 * Parses a YAML stream into JSON documents, as kubectl would. Throws YamlError naming the line. Each document the
 * fast reader (yaml-fast.ts) reads identically is read by it; every other one, and every error, by the `yaml`
 * package (`fast: false` reads them all that way: the differential tests compare the two).
 */
export function parseKubernetesYaml(text: string, opts: { fast?: boolean } = {}): YamlDocument[] {
    const out: YamlDocument[] = [];
    for (const chunk of splitDocuments(text)) {
        const fast = opts.fast === false ? undefined : parseDocumentFast(chunk.text);
        if (fast) {
            if (fast.value === null || fast.value === undefined) continue;
            out.push({
                value: fast.value,
                line: chunk.line,
                start: lineColumnIn(chunk.text, chunk.line)(contentOffset(chunk.text)),
                locate: lazyLocator(chunk),
            });
            continue;
        }
        const lineOf = (offset: number) =>
            chunk.line + (chunk.text.slice(0, offset).match(/\n/g)?.length ?? 0);
        const doc = parseDocument(chunk.text, parseOptions);
        const err = doc.errors[0];
        if (err) {
            const msg = err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
            throw new YamlError(`${msg} (${err.code})`, lineOf(err.pos[0]));
        }
        let js: unknown;
        try {
            // A merge key is the plain scalar `<<` or a key tagged !!merge: a text with neither has none to check.
            if (mayMerge.test(chunk.text)) checkMergeOrder(doc, lineOf);
            js = toJson(doc.toJS({ mapAsMap: true, maxAliasCount: 100 }), "");
        } catch (e) {
            if (e instanceof YamlError) throw new YamlError(e.message, e.line ?? chunk.line);
            throw new YamlError((e as Error).message.split("\n")[0], chunk.line);
        }
        if (js === null || js === undefined) continue;
        const contents = doc.contents as { range?: [number, number, number] } | null;
        out.push({
            value: js,
            line: chunk.line,
            start: lineColumnIn(chunk.text, chunk.line)(contents?.range?.[0] ?? 0),
            locate: lazyLocator(chunk),
        });
    }
    return out;
}

const mayMerge = /<<|merge/;

/** The few most recently used documents re-parsed for locations, by their chunk (least recently used first). */
const located = new Map<Chunk, ReturnType<typeof yamlLocator>>();
const locatedMax = 8;

/**
 * `locate` of one document, without keeping its parse tree: only violations that name a field need a location, so
 * the document is parsed again (the same text with the same options gives the same tree) the first time one does,
 * and a few recent trees are kept for the next fields of the same object. Keeping every tree for every object was
 * most of the guard's memory at 10,000 objects.
 */
function lazyLocator(chunk: Chunk): (path: (string | number)[]) => LineColumn {
    return (path) => {
        let loc = located.get(chunk);
        if (loc) located.delete(chunk);
        else loc = yamlLocator(parseDocument(chunk.text, parseOptions), lineColumnIn(chunk.text, chunk.line));
        located.set(chunk, loc);
        if (located.size > locatedMax) located.delete(located.keys().next().value as Chunk);
        return loc.locate(path);
    };
}
