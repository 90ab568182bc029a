// Entry point of the pack (package.json `main`): what `pulumi preview --policy-pack ./policy-pack` and the guard both
// run. The pack ships as compiled JavaScript in bin/ (built by `npm ci` through the root's `prepare` script); when a
// TypeScript source is newer than its build, only the changed files are transpiled again first, so a preview never
// runs stale policies. Without the sources (a published pack), bin/ is used as it is.
"use strict";
const fs = require("fs");
const path = require("path");

if (fs.existsSync(path.join(__dirname, "index.ts"))) require("./build").buildPack();
module.exports = require("./bin/policy-pack/index.js");
