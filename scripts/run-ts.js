#!/usr/bin/env node
// Runs a TypeScript script of this repo as the main module, from compiled JavaScript (scripts/ts-cache.js: cached per
// file, only changed files are transpiled; `npm test` type-checks). Usage: node scripts/run-ts.js <script.ts> [args...]
const path = require("path");
require("./ts-cache").install();
const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], path.resolve(script), ...args];
require("module").runMain();
