// Stand-in for @npmcli/arborist as @pulumi/pulumi's runtime/closure/codePaths.js requires it
// (test/jest/resolver.js): the real module loads, through the test file's own registry, when `Arborist` is first
// read, which codePaths does only inside computeCodePaths. codePaths imports it with `__importStar`, which returns
// an ES-module-flagged object as it is.
"use strict";
const path = require("path");

// The SDK's directory: the resolver redirects only when `@npmcli/arborist` from there is the module requested.
const sdkDir = path.join(__dirname, "..", "..", "..", "node_modules", "@pulumi", "pulumi");
let arborist;
module.exports = {
    __esModule: true,
    /** For test/jest/resolver.test.ts: whether the real module was loaded. */
    get [Symbol.for("blueprint.lazy.loaded")]() {
        return arborist !== undefined;
    },
    get Arborist() {
        if (arborist === undefined)
            arborist = require(require.resolve("@npmcli/arborist", { paths: [sdkDir] }));
        return arborist.Arborist;
    },
};
