// Module resolution of `npm test`: Jest's own, except for the two modules @pulumi/pulumi 3.248.0 requires as it loads
// but uses only to serialise a function: TypeScript (9 MB of source, through its typescript-shim) and
// @npmcli/arborist (with npm's installer). The guard's program process and the pack load them lazily
// (policy-pack/lazy-deps.js); Jest gives every test file its own module registry, so every test file that imports
// the SDK compiled both again: about 0.3 s of CPU per file, most of the load of the SDK.
//
// Here, exactly those requests from the SDK's runtime/closure/ directory of the repo's own @pulumi/pulumi, at that
// version, resolve to a stand-in (test/jest/lazy/) that loads the real module, through the test file's registry, the
// first time one of its properties is read (as policy-pack/lazy-deps.js's stand-ins do). Everything else, and any
// other SDK copy or version, resolves as Jest resolves it.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "../..");
const sdkDir = path.join(root, "node_modules", "@pulumi", "pulumi");
const closureDir = path.join(sdkDir, "runtime", "closure");
const SDK_VERSION = "3.248.0";

let sdkVersion;
try {
    sdkVersion = JSON.parse(fs.readFileSync(path.join(sdkDir, "package.json"), "utf8")).version;
} catch {
    sdkVersion = undefined;
}

/**
 * Request from runtime/closure/ -> its stand-in, and the request by which the stand-in loads the real module: one
 * that resolves to the same file from the SDK's directory (checked below), so that it is not redirected again.
 */
const standIns = {
    "../../typescript-shim": {
        file: path.join(__dirname, "lazy", "typescript-shim.js"),
        real: "./typescript-shim",
    },
    "@npmcli/arborist": { file: path.join(__dirname, "lazy", "arborist.js"), real: "@npmcli/arborist" },
};

module.exports = function resolve(request, options) {
    const resolved = options.defaultResolver(request, options);
    if (
        sdkVersion === SDK_VERSION &&
        options.basedir === closureDir &&
        Object.prototype.hasOwnProperty.call(standIns, request)
    ) {
        const standIn = standIns[request];
        // Only when the stand-in's own request finds the very same file.
        if (options.defaultResolver(standIn.real, { ...options, basedir: sdkDir }) === resolved)
            return standIn.file;
    }
    return resolved;
};

module.exports.standIns = standIns;
module.exports.closureDir = closureDir;
