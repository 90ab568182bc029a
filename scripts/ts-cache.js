// Runs this repo's TypeScript (the guard, the blueprint program, scripts, bench) from compiled JavaScript: a require
// hook for `.ts` that serves each file's transpiled output from a disk cache (.guard-cache/js), keyed by the file's
// path, size and mtime and by the compiler options. A fresh cache entry is used as it is (TypeScript is not even
// loaded); a changed file alone is transpiled again and cached. `npm ci` fills the cache (prepare: scripts/build.js).
// Transpile only, as ts-node's transpileOnly mode was: type-checking is `npm test`'s job. Module semantics are
// unchanged: the module's filename and __dirname stay those of the .ts source.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const { compilerOptions } = require("../policy-pack/build");
const codeCache = require("../policy-pack/code-cache");

const repoRoot = path.resolve(__dirname, "..");
const cacheDir = path.join(repoRoot, ".guard-cache", "js");
const optionsId = crypto
    .createHash("sha1")
    .update(JSON.stringify(compilerOptions) + fs.readFileSync(__filename, "utf8"))
    .digest("hex")
    .slice(0, 12);

let ts;
const stats = { hits: 0, misses: 0 };

/** Cache file of a source with the given stat. */
function cacheFile(filename, st) {
    const key = crypto
        .createHash("sha1")
        .update(`${optionsId}\0${filename}\0${st.size}\0${st.mtimeMs}`)
        .digest("hex");
    return path.join(cacheDir, key.slice(0, 2), `${key}.js`);
}

/**
 * The compiled JavaScript of a source, and its source map when TypeScript gave one: transpiled with `sourceMap` on,
 * which emits the same code plus a trailing `//# sourceMappingURL=` line; that line is taken off (the code is then
 * what the options without a source map emit), and the map is kept beside the entry, for guard/locations.ts.
 */
function transpile(src, filename) {
    if (!ts) ts = require(require.resolve("typescript", { paths: [path.dirname(filename), repoRoot] }));
    const out = ts.transpileModule(src, {
        compilerOptions: { ...compilerOptions, sourceMap: true },
        fileName: filename,
        reportDiagnostics: false,
    });
    const m = /\n\/\/# sourceMappingURL=[^\n]*$/.exec(out.outputText);
    if (m && out.sourceMapText)
        return { js: `${out.outputText.slice(0, m.index)}\n`, map: out.sourceMapText };
    const js = ts.transpileModule(src, {
        compilerOptions,
        fileName: filename,
        reportDiagnostics: false,
    }).outputText;
    return { js, map: undefined };
}

function writeAtomic(file, text) {
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, text);
        fs.renameSync(tmp, file);
    } catch {
        // A read-only checkout still runs, transpiling each time.
    }
}

/** Compiled JavaScript of a .ts file: from the cache when fresh, else transpiled now and cached. */
function compiled(filename) {
    const st = fs.statSync(filename);
    const file = cacheFile(filename, st);
    try {
        const js = fs.readFileSync(file, "utf8");
        stats.hits++;
        return js;
    } catch {
        stats.misses++;
        const out = transpile(fs.readFileSync(filename, "utf8"), filename);
        // The map first: an entry's map is there whenever the entry is.
        if (out.map) writeAtomic(`${file}.map`, out.map);
        writeAtomic(file, out.js);
        return out.js;
    }
}

/**
 * The source map of the JavaScript the cache holds for a .ts file as it is now (a JSON string), or undefined when
 * the cache has none for it.
 */
function sourceMapOf(filename) {
    try {
        const file = cacheFile(filename, fs.statSync(filename));
        if (!fs.existsSync(file)) return undefined;
        return fs.readFileSync(`${file}.map`, "utf8");
    } catch {
        return undefined;
    }
}

let installed = false;
/** Files this process loaded through the hook: their stack positions are lines of the transpiled JavaScript. */
const loaded = new Set();

/**
 * Installs the `.ts` require hook in this process (idempotent), and the V8 code cache (policy-pack/code-cache.js)
 * for every module loaded from then on, stored in .guard-cache/v8; the entries of modules that had none are written
 * when the process exits.
 */
function install() {
    if (installed) return;
    installed = true;
    if (codeCache.install({ dir: path.join(repoRoot, ".guard-cache", "v8"), include: () => true }))
        process.once("exit", () => codeCache.flush());
    require.extensions[".ts"] = function (module, filename) {
        loaded.add(filename);
        module._compile(compiled(filename), filename);
    };
}

/**
 * Every .ts source of the repo (for `npm ci`'s prepare): what runs outside Jest, and the tests, which Jest's transform
 * (test/jest/transform.js) serves from this cache, so that a fresh clone's first `npm test` does not load TypeScript
 * and transpile them again in every worker.
 */
function repoSources() {
    const out = [];
    const dirs = [
        "analysis",
        "bench",
        "components",
        "config",
        "guard",
        "lib",
        "policy-pack",
        "scripts",
        "test",
    ];
    const walk = (dir) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            const p = path.join(dir, e.name);
            if (e.isDirectory()) {
                if (e.name !== "node_modules" && e.name !== "bin" && !e.name.startsWith(".")) walk(p);
            } else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(p);
        }
    };
    for (const d of dirs) if (fs.existsSync(path.join(repoRoot, d))) walk(path.join(repoRoot, d));
    for (const f of ["index.ts"]) if (fs.existsSync(path.join(repoRoot, f))) out.push(path.join(repoRoot, f));
    return out.sort();
}

/** Fills the cache for every repo source and drops entries no source maps to any more. */
function warm() {
    const keep = new Set();
    const sources = repoSources();
    for (const f of sources) {
        compiled(f);
        const file = cacheFile(f, fs.statSync(f));
        keep.add(file);
        keep.add(`${file}.map`);
    }
    let pruned = 0;
    if (fs.existsSync(cacheDir))
        for (const sub of fs.readdirSync(cacheDir)) {
            const d = path.join(cacheDir, sub);
            for (const f of fs.readdirSync(d)) {
                const p = path.join(d, f);
                if (!keep.has(p)) {
                    fs.rmSync(p, { force: true });
                    pruned++;
                }
            }
        }
    // The V8 code cache (policy-pack/code-cache.js) keeps an entry per module path and process flags, and starts a
    // new set when Node or its own code changes: bounded here by starting over when it has grown past 256 MB.
    const v8Dir = path.join(repoRoot, ".guard-cache", "v8");
    let v8Bytes = 0;
    const measure = (d) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            const p = path.join(d, e.name);
            if (e.isDirectory()) measure(p);
            else v8Bytes += fs.statSync(p).size;
        }
    };
    if (fs.existsSync(v8Dir)) measure(v8Dir);
    if (v8Bytes > 256 * 1024 * 1024) fs.rmSync(v8Dir, { recursive: true, force: true });
    return { files: sources.length, pruned, ...stats };
}

/** True when `filename` was loaded through the hook (its stack positions need its source map). */
function wasCompiled(filename) {
    return loaded.has(filename);
}

module.exports = {
    install,
    compiled,
    transpile,
    sourceMapOf,
    warm,
    repoSources,
    cacheFile,
    cacheDir,
    stats,
    wasCompiled,
};
