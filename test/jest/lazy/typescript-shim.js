// Stand-in for @pulumi/pulumi/typescript-shim as the SDK's runtime/closure/ requires it (test/jest/resolver.js): the
// real module (TypeScript) loads, through the test file's own registry, the first time a property is read.
// parseFunction.js reads `ts.*` only inside the functions that serialise a function.
"use strict";
const path = require("path");

// The SDK's directory: the resolver redirects only when `./typescript-shim` from there is the module requested.
const sdkDir = path.join(__dirname, "..", "..", "..", "node_modules", "@pulumi", "pulumi");
let ts;
const load = () =>
    ts === undefined ? (ts = require(require.resolve("./typescript-shim", { paths: [sdkDir] }))) : ts;
/** For test/jest/resolver.test.ts: whether the real module was loaded (reading it loads nothing). */
const LOADED = Symbol.for("blueprint.lazy.loaded");
module.exports = new Proxy(
    {},
    { get: (_, k) => (k === LOADED ? ts !== undefined : load()[k]), has: (_, k) => k in load() },
);
