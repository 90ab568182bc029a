// The test environment of `npm test`: Node's, with a cheaper stack formatter.
//
// Jest formats every stack frame through its source-map support, cloning each call site, also for the many frames of
// files that have no source map (which come out unchanged). The Pulumi SDK reads `new Error().stack` for every
// promise and resource it creates, so in the component tests about a quarter of all CPU went to formatting stacks.
// Here a frame of a file that has a source map (the .ts files Jest transformed, and installed JavaScript that names
// its map in a `sourceMappingURL` comment, as @pulumi/pulumi's does) still goes through Jest's own formatter, once per
// distinct call site in a test file; every other frame is V8's own text of it. Stack traces keep pointing at the .ts
// lines.
"use strict";
const fs = require("fs");
const path = require("path");
const { TestEnvironment } = require("jest-environment-node");

// Loaded once per worker: the modules the worker's test files load share V8's compiled code (compile-cache.js).
require("./compile-cache").install();

/** Files (other than the transformed .ts) whose JavaScript names a source map, as Jest looks for it. */
const namesMap = new Map();
// The comment Jest's source-map support looks for (its own copy of convert-source-map's pattern, without the g flag).
const MAP_COMMENT = new RegExp(
    require(
        require.resolve("convert-source-map", { paths: [path.dirname(require.resolve("@jest/source-map"))] }),
    ).mapFileCommentRegex.source,
    "m",
);

function hasMap(file) {
    if (typeof file !== "string" || file === "") return false;
    if (file.endsWith(".ts")) return true;
    let known = namesMap.get(file);
    if (known === undefined) {
        known = false;
        if (file.startsWith("/") || file.startsWith("file:"))
            try {
                known = MAP_COMMENT.test(
                    fs.readFileSync(file.startsWith("file:") ? new URL(file) : file, "utf8"),
                );
            } catch {
                known = false;
            }
        namesMap.set(file, known);
    }
    return known;
}

function fastFormatter(jestFormat) {
    // Within one test file, Jest's text of a mapped frame is a function of V8's text of it (function, type and
    // method names, file, line and column): each distinct call site is mapped once.
    const seen = new Map();
    const formatter = function formatStackTrace(error, frames) {
        // The header exactly as Jest's formatter writes it.
        const name =
            error.name !== undefined && error.name !== null && error.name !== "" ? error.name : "Error";
        const message = error.message ?? "";
        let out = `${name}: ${message}`;
        for (const frame of frames) {
            const text = `${frame}`;
            if (!frame.isNative() && hasMap(frame.getFileName() || frame.getScriptNameOrSourceURL())) {
                let m = seen.get(text);
                if (m === undefined) {
                    // Jest's own text of this one frame, without its header ("E: ").
                    m = jestFormat({ name: "E", message: "" }, [frame]).slice(3);
                    seen.set(text, m);
                }
                out += m;
            } else out += `\n    at ${text}`;
        }
        return out;
    };
    formatter.jestFormat = jestFormat;
    return formatter;
}

// Stack depth of the test files' errors: Node's default (10), not the 100 Jest sets. The Pulumi SDK reads
// `new Error().stack` for every promise and resource it creates, and those async stacks are 10 to 30 frames deep:
// capturing and formatting the frames past the tenth was about a tenth of the component tests' CPU. A failing test's
// own frames are the first ones. BLUEPRINT_STACK_TRACE_LIMIT=100 gives Jest's depth back for debugging.
const STACK_TRACE_LIMIT = stackTraceLimit(process.env.BLUEPRINT_STACK_TRACE_LIMIT);

/** The limit from the environment variable (a whole number from 1 to 1000), or Node's default 10 when unset. */
function stackTraceLimit(value) {
    if (value === undefined || value === "") return 10;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 1000)
        throw new Error(
            `BLUEPRINT_STACK_TRACE_LIMIT: ${JSON.stringify(value)} is not a whole number from 1 to 1000`,
        );
    return n;
}

class BlueprintEnvironment extends TestEnvironment {
    async setup() {
        await super.setup();
        // jest-environment-node set 100 in its constructor.
        this.global.Error.stackTraceLimit = STACK_TRACE_LIMIT;
        // Jest installs its formatter (with this test file's source maps) before setup(): wrap it.
        const current = Error.prepareStackTrace;
        if (typeof current === "function" && current.jestFormat === undefined)
            Error.prepareStackTrace = fastFormatter(current);
    }
}

module.exports = BlueprintEnvironment;
module.exports.stackTraceLimit = stackTraceLimit;
