/**
 * Line and column of a field inside a parsed YAML document (the `yaml` package's node ranges), for findings in
 * `--manifests` mode. A field that does not exist (a check that says "must set runAsNonRoot") is located at the
 * deepest part of its path that does.
 */
import { Document, isAlias, isMap, isScalar, isSeq } from "yaml";

export interface LineColumn {
    /** 1-based. */
    line: number;
    /** 1-based. */
    column: number;
}

/** `spec.containers[0].securityContext.privileged` -> ["spec", "containers", 0, "securityContext", "privileged"].
 * A key holding dots or brackets is written `["app.kubernetes.io/name"]`. */
export function parseFieldPath(path: string): (string | number)[] {
    const out: (string | number)[] = [];
    const rx = /\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|([^.[\]]+)/g;
    for (const m of path.matchAll(rx)) {
        if (m[1] !== undefined) out.push(Number(m[1]));
        else if (m[2] !== undefined) out.push(JSON.parse(`"${m[2]}"`) as string);
        else out.push(m[3]);
    }
    return out;
}

function keyOf(node: unknown): string | undefined {
    if (isScalar(node)) return String(node.value);
    return undefined;
}

/**
 * A locator for one document of a YAML text: `offsetToLineColumn` maps an offset inside the document's text to the
 * position in the whole file.
 */
export function yamlLocator(
    doc: Document,
    offsetToLineColumn: (offset: number) => LineColumn,
): { start: LineColumn; locate: (path: (string | number)[]) => LineColumn } {
    const contents = doc.contents as { range?: [number, number, number] } | null;
    const start = offsetToLineColumn(contents?.range?.[0] ?? 0);
    const locate = (path: (string | number)[]): LineColumn => {
        let node: unknown = doc.contents;
        let at: number | undefined = contents?.range?.[0];
        for (const seg of path) {
            if (isAlias(node)) node = node.resolve(doc);
            if (isMap(node) && typeof seg === "string") {
                const pair = node.items.find((p) => keyOf(p.key) === seg);
                if (!pair) break;
                at = (pair.key as { range?: number[] })?.range?.[0] ?? at;
                node = pair.value;
            } else if (isSeq(node) && typeof seg === "number") {
                const item = node.items[seg] as { range?: number[] } | undefined;
                if (!item) break;
                at = item.range?.[0] ?? at;
                node = item;
            } else break;
        }
        return offsetToLineColumn(at ?? 0);
    };
    return { start, locate };
}

/** Maps offsets in `text` (which starts at line `firstLine`, column 1 of a file) to 1-based line and column. */
export function lineColumnIn(text: string, firstLine: number): (offset: number) => LineColumn {
    let starts: number[] | undefined;
    return (offset) => {
        if (!starts) {
            starts = [0];
            for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
        }
        let lo = 0;
        let hi = starts.length - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (starts[mid] <= offset) lo = mid;
            else hi = mid - 1;
        }
        return { line: firstLine + lo, column: offset - starts[lo] + 1 };
    };
}
