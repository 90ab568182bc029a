// Two modules @pulumi/pulumi 3.248.0 requires as it loads but uses only to serialise a function
// (`pulumi.runtime.serializeFunction`, as callback functions and dynamic providers do): TypeScript (required by
// runtime/closure/parseFunction.js: 9 MB of source) and @npmcli/arborist (required by runtime/closure/codePaths.js,
// with pacote, sigstore and the rest of npm's installer). Loading them is about a tenth of the CPU of starting the
// program's process (guard/program-child.ts) and of the pack (main.js), which serialise no function.
//
// `install()` makes exactly those two requires, from exactly those two files of that SDK version, return a stand-in
// that loads the real module the first time a property of it is read (parseFunction reads `ts.*` and codePaths
// `arborist.Arborist` only inside the functions that serialise). Every other require, and those of any other SDK
// version, are left alone: the same module is loaded, later or never. Plain JavaScript: the pack loads it from
// main.js, before anything can transpile TypeScript.
"use strict";
const fs = require("fs");
const Module = require("module");
const path = require("path");

const sdkVersion = "3.248.0";
const closureDir = path.join("@pulumi", "pulumi", "runtime", "closure");
const lazy = {
    "../../typescript-shim": {
        from: path.join(closureDir, "parseFunction.js"),
        stub: (load) => new Proxy({}, { get: (_, k) => load()[k], has: (_, k) => k in load() }),
    },
    "@npmcli/arborist": {
        from: path.join(closureDir, "codePaths.js"),
        // codePaths imports it with `__importStar`, which returns an ES-module-flagged object as it is.
        stub: (load) => ({
            __esModule: true,
            get Arborist() {
                return load().Arborist;
            },
        }),
    },
};

const versions = new Map();
/** The version of the @pulumi/pulumi package a closure/ file belongs to. */
function versionOf(file) {
    const pkg = path.join(path.dirname(file), "..", "..", "package.json");
    if (!versions.has(pkg)) {
        let v;
        try {
            v = JSON.parse(fs.readFileSync(pkg, "utf8")).version;
        } catch {
            v = undefined;
        }
        versions.set(pkg, v);
    }
    return versions.get(pkg);
}

let installed = false;
/** The requests loaded through a stand-in so far (for tests). */
const lazyLoaded = [];

function install() {
    if (installed) return;
    installed = true;
    const original = Module.prototype.require;
    Module.prototype.require = function (id) {
        const entry = Object.prototype.hasOwnProperty.call(lazy, id) ? lazy[id] : undefined;
        if (
            entry &&
            typeof this.filename === "string" &&
            this.filename.endsWith(path.sep + entry.from) &&
            versionOf(this.filename) === sdkVersion
        ) {
            let real;
            const load = () => {
                if (real === undefined) {
                    real = original.call(this, id);
                    lazyLoaded.push(id);
                }
                return real;
            };
            return entry.stub(load);
        }
        return original.apply(this, arguments);
    };
}

module.exports = { install, lazyLoaded };
