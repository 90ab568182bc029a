#!/usr/bin/env node
// Runs a TypeScript script of this repo without a build step (transpile only; `npm test` type-checks).
const path = require("path");
require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], script, ...args];
require(path.resolve(script));
