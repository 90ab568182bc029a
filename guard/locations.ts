/**
 * Where a finding points in source:
 *  - program mode: the SDK sends a `sourcePosition` (and a stack trace) with every RegisterResourceRequest. A
 *    violation's primary location is the construction site, in the user's program, of the top-level resource or
 *    component that holds the resource; the resource's own line (inside the component) is a related location.
 *  - manifests mode: the file, at the violating field's line when the policy names the field (see `fieldPathOf`),
 *    else at the start of the object's document.
 *  - state mode: no line; reports name the URN.
 * Paths in reports are relative to the working directory.
 */
import * as fs from "fs";
import * as path from "path";
import { fileURLToPath } from "url";
import { GuardResource, SourceLocation } from "./model";
import { rootStackType } from "./urn";

/* eslint-disable @typescript-eslint/no-explicit-any -- protobuf request objects are untyped here */

/** Line prefix under which the pack's adapter names the violating field at the end of a message. */
export const fieldLinePrefix = "field: ";

/** A violation's message without its trailing `field: <path>` line, and that path. */
export function fieldPathOf(message: string): { message: string; path?: string } {
    const m = /\nfield: (\S+)\s*$/.exec(message);
    if (!m) return { message };
    return { message: message.slice(0, m.index), path: m[1] };
}

function fromPosition(pos: any): SourceLocation | undefined {
    const uri: string | undefined = pos?.getUri?.();
    const line: number | undefined = pos?.getLine?.();
    if (!uri || !line) return undefined;
    let file: string;
    try {
        file = uri.startsWith("file:") ? fileURLToPath(uri) : uri;
    } catch {
        return undefined;
    }
    return { file, line, column: pos.getColumn?.() || 1 };
}

/**
 * The program line that constructed a resource: the request's `sourcePosition`, or, when that lies inside an
 * installed package (a class hierarchy deeper than the SDK expects), the first stack frame outside node_modules.
 */
export function programLocation(
    req: any,
    generated: (file: string) => boolean = () => false,
): SourceLocation | undefined {
    const frames: SourceLocation[] = [];
    const first = fromPosition(req.getSourceposition?.());
    if (first) frames.push(first);
    for (const f of req.getStacktrace?.()?.getFramesList?.() ?? []) {
        const l = fromPosition(f.getPc?.());
        if (l) frames.push(l);
    }
    const ours = frames.find((f) => !f.file.split(path.sep).includes("node_modules")) ?? frames[0];
    return ours && generated(ours.file) ? { ...ours, generated: true } : ours;
}

const sourceMaps = new Map<string, { findEntry(line: number, column: number): any } | undefined>();

/**
 * A position in the JavaScript the compile cache made of a TypeScript file, as a position in that file, read with
 * Node's own `module.SourceMap` from the map the cache keeps beside the file's entry (scripts/ts-cache.js); when it
 * has none, the file is transpiled again with a source map (same options as the cache, so the same lines). Left as
 * it is when the file cannot be read or mapped.
 */
export function originalLocation(l: SourceLocation): SourceLocation {
    if (!l.generated) return l;
    if (!sourceMaps.has(l.file)) {
        let map: { findEntry(line: number, column: number): any } | undefined;
        try {
            /* eslint-disable @typescript-eslint/no-require-imports */
            const { SourceMap } = require("module") as {
                SourceMap: new (payload: unknown) => { findEntry(line: number, column: number): any };
            };
            const cached = (
                require("../scripts/ts-cache") as { sourceMapOf(f: string): string | undefined }
            ).sourceMapOf(l.file);
            if (cached) map = new SourceMap(JSON.parse(cached));
            else {
                const ts = require("typescript") as typeof import("typescript");
                const { compilerOptions } = require("../policy-pack/build") as {
                    compilerOptions: import("typescript").CompilerOptions;
                };
                /* eslint-enable @typescript-eslint/no-require-imports */
                const out = ts.transpileModule(fs.readFileSync(l.file, "utf8"), {
                    compilerOptions: { ...compilerOptions, sourceMap: true, inlineSourceMap: false },
                    fileName: l.file,
                    reportDiagnostics: false,
                });
                if (out.sourceMapText) map = new SourceMap(JSON.parse(out.sourceMapText));
            }
        } catch {
            map = undefined;
        }
        sourceMaps.set(l.file, map);
    }
    const entry = sourceMaps.get(l.file)?.findEntry(l.line - 1, l.column - 1);
    if (!entry || typeof entry.originalLine !== "number")
        return { file: l.file, line: l.line, column: l.column };
    return { file: l.file, line: entry.originalLine + 1, column: entry.originalColumn + 1 };
}

/** A location as reports show it: the file relative to the working directory, with forward slashes. */
export interface ReportLocation {
    file: string;
    line: number;
    column: number;
}

export function relativeLocation(l: SourceLocation, cwd = process.cwd()): ReportLocation {
    const rel = path.isAbsolute(l.file) ? path.relative(cwd, l.file) : l.file;
    return { file: rel.split(path.sep).join("/"), line: l.line, column: l.column };
}

export interface ViolationLocations {
    /** Primary: the field's line (manifests), or the construction site in the user's program (program). */
    location?: SourceLocation;
    /** The resource's own line when it differs from the primary (inside a component). */
    related?: SourceLocation;
}

function sameLocation(a: SourceLocation, b: SourceLocation): boolean {
    return a.file === b.file && a.line === b.line && a.column === b.column;
}

/** Locations of a finding on `urn`, with the violating field's path if the policy named it. */
export function locateFinding(
    urn: string,
    fieldPath: string | undefined,
    byUrn: Map<string, GuardResource>,
): ViolationLocations {
    const r = byUrn.get(urn);
    if (!r) return {};
    if (r.locateField || (r.location && !r.parent)) {
        // A manifest object: its field, or its document.
        const at = fieldPath && r.locateField ? r.locateField(fieldPath) : r.location;
        return at ? { location: at } : {};
    }
    // Program mode: the nearest resource (itself or an ancestor, e.g. the Release of a rendered chart object) with a
    // position is "its own line"; the top-level ancestor below the root stack is the user's construction site.
    let own: SourceLocation | undefined;
    let top: SourceLocation | undefined;
    const seen = new Set<string>();
    for (
        let cur: GuardResource | undefined = r;
        cur && !seen.has(cur.urn);
        cur = byUrn.get(cur.parent ?? "")
    ) {
        seen.add(cur.urn);
        if (cur.type === rootStackType) break;
        if (cur.location) {
            own ??= cur.location;
            top = cur.location;
        }
    }
    if (!top) return {};
    return { location: top, ...(own && !sameLocation(own, top) ? { related: own } : {}) };
}

/** Splits the `field:` line off each message and sets `path`, `location` and `related` (in place). */
export function locateViolations(
    violations: {
        urn: string;
        message: string;
        path?: string;
        location?: SourceLocation;
        related?: SourceLocation;
    }[],
    byUrn: Map<string, GuardResource>,
): void {
    for (const v of violations) {
        const { message, path: field } = fieldPathOf(v.message);
        v.message = message;
        if (field) v.path = field;
        const at = locateFinding(v.urn, v.path, byUrn);
        if (at.location) v.location = originalLocation(at.location);
        if (at.related) v.related = originalLocation(at.related);
    }
}
