// Jest's transform of our TypeScript: the compiled-JavaScript cache the guard and the scripts already run from
// (scripts/ts-cache.js, `.guard-cache/js`, with each file's source map), instead of ts-jest.
//
// On a fresh clone Jest's own cache is empty, and ts-jest transpiled every source and test file again in each run
// (loading its configuration per worker); `npm ci` (prepare: scripts/build.js) has already transpiled every source
// the guard runs into `.guard-cache/js`. Both are TypeScript's `transpileModule` (tsconfig `isolatedModules`): this
// serves that cache's entry for a source when it is fresh (keyed by path, size, mtime and the compiler options) and
// otherwise transpiles the file and stores it there, as the guard's require hook does. Type-checking stays with
// `npm test`'s type-check (scripts/typecheck.js). Unlike ts-jest, nothing hoists `jest.mock` calls above imports (no
// test uses them): a test that needs a module mocked requires it after `jest.mock`.
"use strict";
const fs = require("fs");
const tsCache = require("../../scripts/ts-cache");

module.exports = {
    process(sourceText, sourcePath) {
        let code = tsCache.compiled(sourcePath);
        let map = tsCache.sourceMapOf(sourcePath);
        // The cache is keyed by the file's size and mtime: if Jest read other text (the file changed since), that
        // text is what runs.
        if (fs.readFileSync(sourcePath, "utf8") !== sourceText) {
            const out = tsCache.transpile(sourceText, sourcePath);
            code = out.js;
            map = out.map;
        }
        return { code, map: map === undefined ? null : map };
    },
};
