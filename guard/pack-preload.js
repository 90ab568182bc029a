// Preloaded (`node --require`) into the policy-pack process the guard starts, before @pulumi/pulumi's
// cmd/run-policy-pack: the V8 code cache of policy-pack/code-cache.js then covers what run-policy-pack loads before
// the pack's own main.js can install it, above all TypeScript (9 MB of source, about half a second to compile on every
// start: run-policy-pack registers ts-node for every pack). The same cache directory and the same module instance
// as main.js (a pack in this repository), so one flush writes everything; for any other pack (the bench's minimal
// pack, a user's `--policy-pack`) the entries are written once the pack has printed its port, i.e. once it has loaded.
// Only the guard's own start of a pack uses it; `pulumi preview --policy-pack` starts the pack without it.
"use strict";
const path = require("path");
const codeCache = require("../policy-pack/code-cache");

if (codeCache.install({ dir: path.join(__dirname, "..", ".guard-cache", "v8"), include: () => true })) {
    const write = process.stdout.write;
    process.stdout.write = function (...args) {
        process.stdout.write = write;
        setImmediate(() => codeCache.flush());
        return write.apply(this, args);
    };
}
