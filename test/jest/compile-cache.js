// An in-memory V8 code cache for the modules Jest compiles in one worker.
//
// Jest gives every test file its own module registry and compiles every module it loads again for it, with
// `vm.compileFunction`, which (unlike `vm.Script`) V8's own compilation cache does not serve. So every test file that
// imports @pulumi/pulumi, @pulumi/aws or @pulumi/kubernetes parsed and compiled the same megabytes of JavaScript
// again. Here the worker keeps, per module file, source text and wrapper parameters, the code V8 produced the first
// time, and passes it as `cachedData` to later compilations of the same file and text. V8 accepts it only for the
// same source (it checks the source's hash, its own version and flags) and otherwise compiles as without it; a
// rejected entry is replaced. What runs is the same function of the same source, in the context it is compiled for:
// only V8's parse and compile are skipped.
//
// The file name is part of the key because V8 (Node 20) keeps the script's origin from the cached code: the same text
// in another file would report the first file's name in its stack traces. Dynamic `import()` from a module compiled
// from the cache would reach the first compilation's callback, but Jest rejects every dynamic import here anyway (it
// needs --experimental-vm-modules, which `npm test` does not use). `HARDENED_CODE_CACHE=0` turns it off (as for
// policy-pack/code-cache.js).
"use strict";
const crypto = require("crypto");
const vm = require("vm");

/** A `vm.compileFunction` that caches over `compile` (for tests; `install` puts one in place of the worker's). */
function createCache(compile) {
    const stats = { hits: 0, misses: 0, rejected: 0 };
    const entries = new Map();
    function compileFunction(code, params, options) {
        // A caller that manages cached data itself, or anything unusual, goes straight through.
        if (typeof code !== "string" || (options && (options.cachedData || options.produceCachedData)))
            return compile.apply(this, arguments);
        const key = crypto
            .createHash("sha1")
            .update(code)
            .update("\0")
            .update(JSON.stringify([params ?? [], options?.filename ?? ""]))
            .digest("hex");
        const cachedData = entries.get(key);
        if (cachedData !== undefined) {
            const fn = compile.call(this, code, params, { ...options, cachedData });
            if (!fn.cachedDataRejected) {
                stats.hits++;
                return fn;
            }
            stats.rejected++;
            entries.delete(key);
        }
        stats.misses++;
        const fn = compile.call(this, code, params, { ...options, produceCachedData: true });
        if (fn.cachedDataProduced && fn.cachedData) entries.set(key, fn.cachedData);
        return fn;
    }
    return { compileFunction, stats, entries };
}

let installed;
/** Replaces this process's `vm.compileFunction` (once); false when turned off. */
function install() {
    if (process.env.HARDENED_CODE_CACHE === "0") return false;
    if (installed === undefined) {
        installed = createCache(vm.compileFunction);
        vm.compileFunction = installed.compileFunction;
    }
    return true;
}

module.exports = { createCache, install };
