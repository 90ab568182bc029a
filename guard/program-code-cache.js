// Preloaded (`node --require`) into the program's process for a program outside this repository, before ts-node: the
// V8 code cache of policy-pack/code-cache.js (stored with the guard's, in .guard-cache/v8) then covers what it loads,
// ts-node's TypeScript, the SDK and the program's dependencies, as scripts/ts-cache-register.js does for this repo's
// own programs. Entries are written when the process exits.
"use strict";
const path = require("path");
const codeCache = require("../policy-pack/code-cache");

if (codeCache.install({ dir: path.join(__dirname, "..", ".guard-cache", "v8"), include: () => true }))
    process.once("exit", () => codeCache.flush());
