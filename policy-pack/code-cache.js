// A V8 code cache for CommonJS modules: compiling a module's source is a large part of starting the pack, the guard
// and the program child (`wrapSafe` in their profiles), and V8 can skip it with the code it produced last time.
// Node 20 has no `module.enableCompileCache` (Node 22), so this installs its own `Module.prototype._compile` for the
// files it is told to cache: it compiles the module wrapper as a `vm.Script` with the cached data, runs it exactly
// as Node's loader does (same wrapper arguments, `this`, and require function), and, for modules that had no usable
// entry, writes `script.createCachedData()` later (`flush()`), after the module ran, so that the functions compiled
// while loading are in the cache too.
//
// Safety: an entry is used only when it is for exactly this source (SHA-1 of the source text in the entry) and intact
// (SHA-1 of the cached data in the entry), and V8 accepts it (it also checks its own version, flags and the source
// length); anything else is ignored and the module compiles as without a cache. The file name of an entry is keyed
// by the module's path, the Node version and architecture, and the V8/Node flags of the process. Entries are written
// atomically (temporary file + rename), so concurrent processes only ever see whole entries. A cache directory that
// cannot be written leaves the process running without a cache. Plain JavaScript: it runs in the pack before
// anything can transpile TypeScript. `HARDENED_CODE_CACHE=0` turns it off.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");
const vm = require("vm");

const magic = Buffer.from("hcc-v8-1\0");
const headerLength = magic.length + 40; // magic, SHA-1 of the source, SHA-1 of the data

/**
 * The process's Node arguments without its preloads (`-r`/`--require`): a preload changes what runs first, not how V8
 * compiles a module, so processes that differ only in their preloads (the guard's program child runs this repo's
 * programs with one loader and other projects' with another) share entries.
 */
function execArgvKey(argv) {
    const out = [];
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "-r" || argv[i] === "--require") i++;
        else if (!argv[i].startsWith("--require=")) out.push(argv[i]);
    }
    return JSON.stringify(out);
}

/** What the key of every entry depends on besides the module path: Node/V8 version, architecture and flags. */
const processKey = [
    process.version,
    process.versions.v8,
    process.arch,
    process.platform,
    execArgvKey(process.execArgv),
    process.env.NODE_OPTIONS || "",
    // The wrapper and the entry format: a change to this file starts a new cache.
    fs.readFileSync(__filename, "utf8"),
].join("\0");
const processKeyHash = sha1(processKey);

function sha1(s) {
    return crypto.createHash("sha1").update(s).digest();
}

const wrapperHead = "(function (exports, require, module, __filename, __dirname) {\n";
const wrapperTail = "\n})";

let state;

/**
 * V8 rejects code cached under other flags, and libraries change flags at run time (@pulumi/pulumi's closure
 * serialisation turns on --allow-natives-syntax when it loads), so a module compiled before and after such a change
 * needs two entries, or processes would keep replacing each other's. The flag state is part of the key: whether
 * natives syntax is on when the cache is installed, and every v8.setFlagsFromString since. The entries pending at a
 * flag change are written just before it (their code was compiled under the old flags).
 */
let flagsKey = "";
function trackFlags() {
    const flags = new Set();
    try {
        new Function("return %IsSmi(1)");
        flags.add("--allow-natives-syntax");
    } catch {
        // natives syntax is off
    }
    const update = () => (flagsKey = [...flags].sort().join(" "));
    update();
    const v8 = require("v8");
    const set = v8.setFlagsFromString;
    v8.setFlagsFromString = function setFlagsFromString(f) {
        // The code V8 would cache after the change carries the new flags, and would be rejected under the key of the
        // flags the module was compiled with: write what is pending now, under the flags it was compiled with.
        flush();
        const r = set.apply(this, arguments);
        flags.add(String(f).trim());
        update();
        return r;
    };
}

/** Cache file of a module path (in `dir`). */
function entryFile(dir, filename) {
    const key = crypto
        .createHash("sha1")
        .update(processKeyHash)
        .update(flagsKey)
        .update("\0")
        .update(filename)
        .digest("hex");
    return path.join(dir, key.slice(0, 2), `${key.slice(2)}.bin`);
}

/** The cached data of `filename` for `sourceHash`, or undefined when absent, for another source, or damaged. */
function readEntry(file, sourceHash) {
    let buf;
    try {
        buf = fs.readFileSync(file);
    } catch {
        return undefined;
    }
    if (buf.length <= headerLength || !buf.subarray(0, magic.length).equals(magic)) return undefined;
    if (!buf.subarray(magic.length, magic.length + 20).equals(sourceHash)) return undefined;
    const data = buf.subarray(headerLength);
    if (!sha1(data).equals(buf.subarray(magic.length + 20, headerLength))) return undefined;
    return data;
}

function writeEntry(file, sourceHash, data) {
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
        fs.writeFileSync(tmp, Buffer.concat([magic, sourceHash, sha1(data), data]));
        fs.renameSync(tmp, file);
        return true;
    } catch {
        return false;
    }
}

function validateRequest(request) {
    if (typeof request !== "string") {
        const e = new TypeError(
            `The "request" argument must be of type string. Received ${request === null ? "null" : typeof request}`,
        );
        e.code = "ERR_INVALID_ARG_TYPE";
        throw e;
    }
}

/** The require function Node's loader gives a module (lib/internal/modules/helpers.js makeRequireFunction). */
function makeRequire(mod) {
    const require = function require(id) {
        return mod.require(id);
    };
    function resolve(request, options) {
        validateRequest(request);
        return Module._resolveFilename(request, mod, false, options);
    }
    require.resolve = resolve;
    function paths(request) {
        validateRequest(request);
        return Module._resolveLookupPaths(request, mod);
    }
    resolve.paths = paths;
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    return require;
}

function compileWithCache(mod, content, filename) {
    const s = state;
    const sourceHash = sha1(content);
    const file = entryFile(s.dir, filename);
    const cachedData = readEntry(file, sourceHash);
    const script = new vm.Script(wrapperHead + content + wrapperTail, {
        filename,
        lineOffset: -1,
        cachedData,
        importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    if (cachedData && !script.cachedDataRejected) s.stats.hits++;
    else {
        if (cachedData) s.stats.rejected++;
        else s.stats.misses++;
        s.pending.push({ script, file, sourceHash });
    }
    const fn = script.runInThisContext({ displayErrors: true });
    return Reflect.apply(fn, mod.exports, [
        mod.exports,
        makeRequire(mod),
        mod,
        filename,
        path.dirname(filename),
    ]);
}

/**
 * Installs the cache for modules whose path `include(filename)` accepts, stored in `dir`. Idempotent: a second
 * call in the same process keeps the first directory and adds nothing. Returns false when turned off.
 */
function install(opts) {
    if (process.env.HARDENED_CODE_CACHE === "0") return false;
    if (state) return true;
    state = {
        dir: opts.dir,
        include: opts.include,
        pending: [],
        stats: { hits: 0, misses: 0, rejected: 0, written: 0 },
    };
    trackFlags();
    const original = Module.prototype._compile;
    Module.prototype._compile = function (content, filename, format) {
        if (
            format === "module" ||
            typeof content !== "string" ||
            content.startsWith("#!") ||
            !state.include(filename)
        )
            return original.call(this, content, filename, format);
        return compileWithCache(this, content, filename);
    };
    return true;
}

/** Writes the entries of the modules compiled without a usable entry since the last flush; returns how many. */
function flush() {
    if (!state) return 0;
    const pending = state.pending;
    state.pending = [];
    let n = 0;
    for (const p of pending) {
        let data;
        try {
            data = p.script.createCachedData();
        } catch {
            continue;
        }
        if (data.length > 0 && writeEntry(p.file, p.sourceHash, data)) n++;
    }
    state.stats.written += n;
    return n;
}

function stats() {
    return state ? { ...state.stats, pending: state.pending.length } : undefined;
}

module.exports = { install, flush, stats, entryFile, readEntry, execArgvKey };
