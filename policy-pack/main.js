// Entry point of the pack (package.json `main`): what `pulumi preview --policy-pack ./policy-pack` and the guard both
// run. The pack ships as compiled JavaScript in bin/ (built by `npm ci` through the root's `prepare` script); when a
// TypeScript source is newer than its build, only the changed files are transpiled again first, so a preview never
// runs stale policies. Without the sources (a published pack), bin/ is used as it is.
"use strict";
const fs = require("fs");
const path = require("path");

const inRepo = fs.existsSync(path.join(__dirname, "index.ts"));
// In this repository, the modules loaded from here on (bin/ and its dependencies) are compiled with a V8 code cache
// (code-cache.js), kept next to the guard's compiled-JavaScript cache.
const codeCache = inRepo ? require("./code-cache") : undefined;
if (codeCache)
    codeCache.install({ dir: path.join(__dirname, "..", ".guard-cache", "v8"), include: () => true });
// TypeScript and npm's arborist, which @pulumi/pulumi needs only to serialise functions, load when first used.
if (inRepo) require("./lazy-deps").install();
if (inRepo) require("./build").buildPack();
// GetAnalyzerInfo's answer, stored while the policies it describes are unchanged (analyzer-info.ts).
require("./bin/policy-pack/analyzer-info.js").installAnalyzerInfoCache(
    path.join(__dirname, "bin", "analyzer-info.bin"),
);
module.exports = require("./bin/policy-pack/index.js");
// Entries for the modules that had none, written once the pack is loaded (the guard ends the pack with SIGKILL).
if (codeCache) codeCache.flush();
if (process.env.CC_DEBUG)
    process.stderr.write(
        JSON.stringify([
            codeCache && codeCache.stats(),
            require("./bin/policy-pack/analyzer-info.js").analyzerInfoCacheStats(),
        ]) + "\n",
    );
