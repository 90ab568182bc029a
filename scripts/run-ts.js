#!/usr/bin/env node
// Runs a TypeScript script of this repo as the main module, without a build step (transpile only; `npm test`
// type-checks). Usage: node scripts/run-ts.js <script.ts> [args...]
const path = require("path");
require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], path.resolve(script), ...args];
require("module").runMain();
