/**
 * A fast reader for the plain Kubernetes YAML most manifests are (what `helm template`, `kubectl get -o yaml` and
 * `yaml.stringify` write), used by guard/yaml.ts for one document at a time instead of the `yaml` package's full
 * parse, which cost most of the guard's time at 10,000 objects. It reads with `js-yaml` (a maintained YAML 1.2
 * parser, several times faster) and resolves every plain scalar with the very function the full path uses
 * (`resolvePlainScalar`, go-yaml v2's rules), so a document it reads gives the same JSON.
 *
 * It reads only documents it provably reads the same way; anything else returns undefined and the caller takes the
 * full path, which also decides every error (a document js-yaml refuses is handed to the full path, never refused
 * here). Refused up front, by a conservative scan of the text (a false alarm only costs speed):
 *  - tabs, carriage returns, a BOM, control and non-ASCII line-break characters, lines over 1,000 characters (the
 *    YAML limit of an implicit key is 1,024; the two parsers may enforce it differently);
 *  - merge keys (`<<`), tags (`!`), explicit keys (`?`), empty keys, flow collections as keys, `...` markers;
 *  - anchors other than `key: &name` at the end of a line (an anchored block collection; a comment may follow),
 *    aliases other than `key: *name` or `- *name` at the end of a line, a name anchored twice, and more than 12 aliases in one document:
 *    the full path refuses a document whose aliases expand too much (the `yaml` package's `maxAliasCount` of 100
 *    counts an alias times the aliases inside what it names); with at most 12 aliases no product of their counts
 *    exceeds 100 (3^4 = 81), so both accept, and no alias can name a node that contains it;
 *  - at parse time: a plain key that resolves to null (the full path refuses it), a float key or value that is not
 *    finite, and nesting deeper than js-yaml's `maxDepth` (100).
 * Aliases in js-yaml share one object; the result is copied so that every use is its own object, as in the full path.
 */
import { GoFloat, goFloatKey, resolvePlainScalar } from "./yaml";

interface JsYamlType {
    tag: string;
}
interface JsYaml {
    Type: new (
        tag: string,
        opts: { kind: "scalar"; resolve: (s: string) => boolean; construct: (s: string) => unknown },
    ) => JsYamlType;
    FAILSAFE_SCHEMA: { extend(types: { implicit: JsYamlType[] }): unknown };
    load(text: string, opts: { schema: unknown; json?: boolean }): unknown;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- js-yaml ships no types; the few used are above
const jsyaml = require("js-yaml") as JsYaml;

/** Thrown inside js-yaml to abandon the fast path (never reported: the full path reads the document instead). */
class NotFast extends Error {}

/** A float from a plain scalar: a map key is written as Go writes a float (js-yaml calls toString on keys). */
class FloatMark {
    constructor(readonly value: number) {}
    get [Symbol.toStringTag](): string {
        return "GoFloat";
    }
    toString(): string {
        if (!Number.isFinite(this.value)) throw new NotFast();
        return goFloatKey(this.value);
    }
}

/** A plain null: fine as a value; as a key the full path refuses it, so abandon. */
class NullMark {
    get [Symbol.toStringTag](): string {
        return "GoNull";
    }
    toString(): string {
        throw new NotFast();
    }
}
const nullMark = new NullMark();

const goPlain = new jsyaml.Type("tag:yaml.org,2002:go-plain", {
    kind: "scalar",
    resolve: () => true,
    construct: (s: string) => {
        let v: unknown;
        try {
            v = resolvePlainScalar(s);
        } catch {
            throw new NotFast(); // .inf/.nan: the full path gives the error
        }
        if (v === null) return nullMark;
        if (v instanceof GoFloat) return new FloatMark(v.value);
        return v;
    },
});
const schema = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [goPlain] });

// Characters and constructs refused up front (see the comment at the top).
// eslint-disable-next-line no-control-regex
const refusedChars = /[\t\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufeff\u2028\u2029]/;
const refusedSyntax = [
    /<<|^\.\.\.(?:\s|$)/m, // a merge key; a document end marker
    /[\]}](?:\s*:|[^\s,\]}:])/, // a flow collection as a key; something right after one (`{a: 1}#`)
    /[|>](?:[+-]?[0-9]|[0-9]*\+)/, // a block scalar's indentation indicator, or keep chomping (`|+`)
    /(?:^[ -]*|[[{,]\s*):(?:[\s,\]}]|$)/m, // an empty key
    /(?:^|[ ])-[ ]*(?:#.*)?$/m, // a sequence entry with nothing (or a comment) after the dash on its line
];
/** A tag or an explicit key (tested only when the text holds a `!` or `?`). */
const tagOrExplicitKey = /(?:^|[\s[\]{},:?-])!|(?:^|[\s[{,])\?(?:[\s,\]}]|$)/m;
const anchorOrAlias = /(?:^|[\s[\]{},])([&*])(?=[^\s[\]{},])/g;
const key = `(?:[A-Za-z0-9_./-]+|"[^"\\\\\\n]*"|'[^'\\n]*')`;
const comment = "(?: +#.*)?";
const anchorLine = new RegExp(`^ *(?:- +)*${key}: &([A-Za-z0-9_-]+)${comment} *$`);
const aliasLine = new RegExp(`^ *(?:(?:- +)*${key}: |(?:- +)+)\\*([A-Za-z0-9_-]+)${comment} *$`);
const maxAliases = 12;

/**
 * Whether a quoted scalar or a flow collection may span lines, or a quoted scalar is followed by something else than
 * a space, a line break, `:`, `,`, `]` or `}`: a quote, `[` or `{` that can open a scalar or collection (at the start
 * of a line or after a space, `[`, `{`, `,` or `:`) and is not closed on its line, or a closing quote followed by
 * another character. js-yaml reads these more leniently than the full reader. What follows a comment's `#` does not
 * count; a block scalar's content may (a false alarm only costs speed).
 */
function hasOddFlow(text: string): boolean {
    let quote = 0;
    let depth = 0;
    let prev = 0x0a;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (quote) {
            if (c === 0x0a) return true;
            if (quote === 0x22 && c === 0x5c /* \\ */) i++;
            else if (c === quote) {
                if (quote === 0x27 && text.charCodeAt(i + 1) === 0x27) i++;
                else {
                    quote = 0;
                    const n = text.charCodeAt(i + 1);
                    if (!(
                        n !== n ||
                        n === 0x20 ||
                        n === 0x0a ||
                        n === 0x3a ||
                        n === 0x2c ||
                        n === 0x5d ||
                        n === 0x7d
                    ))
                        return true;
                }
            }
        } else if (c === 0x0a) {
            if (depth > 0) return true;
        } else if (c === 0x22 || c === 0x27 || c === 0x5b || c === 0x7b) {
            if (
                prev === 0x0a ||
                prev === 0x20 ||
                prev === 0x5b ||
                prev === 0x7b ||
                prev === 0x2c ||
                prev === 0x3a
            ) {
                if (c === 0x22 || c === 0x27) quote = c;
                else depth++;
            }
        } else if (c === 0x5d || c === 0x7d) {
            if (depth > 0) depth--;
        } else if (c === 0x23 /* # */ && (prev === 0x0a || prev === 0x20)) {
            const nl = text.indexOf("\n", i);
            if (nl < 0) break;
            i = nl - 1;
        }
        prev = c;
    }
    return quote !== 0 || depth > 0;
}

/** Whether a line is longer than 1,000 characters (a loop: a regular expression for it is slow). */
function hasLongLine(text: string): boolean {
    for (let p = 0; ;) {
        const nl = text.indexOf("\n", p);
        if ((nl < 0 ? text.length : nl) - p > 1000) return true;
        if (nl < 0) return false;
        p = nl + 1;
    }
}

function lineAt(text: string, offset: number): string {
    const start = text.lastIndexOf("\n", offset) + 1;
    const end = text.indexOf("\n", offset);
    return text.slice(start, end < 0 ? text.length : end);
}

/** Whether the anchors and aliases of a text are all of the supported forms (see the top); counts the aliases. */
function checkAnchors(text: string): { ok: boolean; aliases: number } {
    if (!text.includes("&") && !text.includes("*")) return { ok: true, aliases: 0 };
    const anchors = new Set<string>();
    let aliases = 0;
    anchorOrAlias.lastIndex = 0;
    for (let m = anchorOrAlias.exec(text); m; m = anchorOrAlias.exec(text)) {
        const line = lineAt(text, m.index + m[0].length - 1);
        if (m[1] === "&") {
            const a = anchorLine.exec(line);
            if (!a || anchors.has(a[1])) return { ok: false, aliases };
            anchors.add(a[1]);
        } else {
            if (!aliasLine.test(line) || ++aliases > maxAliases) return { ok: false, aliases };
        }
    }
    return { ok: true, aliases };
}

/**
 * Replaces marks by their values, in place. With `seen` (the document has aliases, which share one object in
 * js-yaml), an object met a second time is replaced by a copy, so that every use is its own object. Strings are
 * copied out of js-yaml's input: its scalars are slices of a copy of the whole document (the text plus a terminator),
 * which each object would otherwise keep alive (16 MB at 10,000 objects, on top of the text kept for locations).
 */
function finish(v: unknown, seen: Set<object> | undefined): unknown {
    if (v === nullMark) return null;
    if (v instanceof FloatMark) {
        if (!Number.isFinite(v.value)) throw new NotFast();
        return v.value;
    }
    // V8 slices strings of 13 characters or more; a shorter one is already a copy.
    if (typeof v === "string") return v.length >= 13 ? (v + " ").slice(0, -1) : v;
    if (typeof v !== "object" || v === null) return v;
    if (seen) {
        if (seen.has(v)) return copyOf(v);
        seen.add(v);
    }
    if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) v[i] = finish(v[i], seen);
        return v;
    }
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
        const x = o[k];
        // A copied string is stored back: the copy is equal to it (`!==` compares strings by value).
        if (typeof x === "string") {
            if (x.length >= 13) set(o, k, finish(x, seen));
        } else if (typeof x === "object" && x !== null) {
            const y = finish(x, seen);
            if (y !== x) set(o, k, y);
        }
    }
    return o;
}

/** A deep copy (of a finished value: no marks are left in it). */
function copyOf(v: unknown): unknown {
    if (typeof v !== "object" || v === null) return v;
    if (Array.isArray(v)) return v.map(copyOf);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) set(out, k, copyOf((v as Record<string, unknown>)[k]));
    return out;
}

/** `o[k] = x`, with a key named __proto__ kept a plain key. */
function set(o: Record<string, unknown>, k: string, x: unknown): void {
    if (k === "__proto__")
        Object.defineProperty(o, k, { value: x, enumerable: true, writable: true, configurable: true });
    else o[k] = x;
}

/** Offset of the first character of a document's content (after blank and comment lines and indentation). */
const leading = /^(?:[ ]*(?:#[^\n]*)?\n)*[ ]*/;
export function contentOffset(text: string): number {
    return leading.exec(text)?.[0].length ?? 0;
}

/**
 * One document (a chunk of kubectl's splitter, without `---` lines) as JSON, or undefined when the fast path does
 * not read it (then the full path must).
 */
export function parseDocumentFast(text: string): { value: unknown } | undefined {
    if (
        refusedChars.test(text) ||
        refusedSyntax.some((r) => r.test(text)) ||
        ((text.includes("!") || text.includes("?")) && tagOrExplicitKey.test(text)) ||
        hasLongLine(text) ||
        hasOddFlow(text)
    )
        return undefined;
    const { ok, aliases } = checkAnchors(text);
    if (!ok) return undefined;
    try {
        const raw = jsyaml.load(text, { schema });
        return { value: finish(raw, aliases > 0 ? new Set() : undefined) };
    } catch {
        // js-yaml refused it, or a mark abandoned it: the full path reads it and reports any error.
        return undefined;
    }
}
