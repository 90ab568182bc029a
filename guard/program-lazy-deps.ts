/**
 * In the program's process (program-child.ts): two modules @pulumi/pulumi 3.248.0 requires as it loads but uses only
 * to serialise a function (`pulumi.runtime.serializeFunction`, as callback functions and dynamic providers do):
 * TypeScript (required by runtime/closure/parseFunction.js: 9 MB of source) and @npmcli/arborist (required by
 * runtime/closure/codePaths.js, with pacote, sigstore and the rest of npm's installer). Together about a tenth of the
 * program process's CPU before the program even starts, on the guard's critical path.
 *
 * `installLazyPulumiDeps()` makes exactly those two requires, from exactly those two files of that SDK version, return
 * a stand-in that loads the real module the first time a property of it is read (parseFunction reads `ts.*` and
 * codePaths reads `arborist.Arborist` only inside the functions that serialise). Every other require, and those of
 * any other SDK version, are left alone. Nothing else changes: the same module is loaded, later or never.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- modules of any shape */
import * as fs from "fs";
import * as path from "path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
import Module = require("module");

const sdkVersion = "3.248.0";
const closureDir = path.join("@pulumi", "pulumi", "runtime", "closure");
const lazy: Record<string, { from: string; stub: (load: () => any) => unknown }> = {
    "../../typescript-shim": {
        from: path.join(closureDir, "parseFunction.js"),
        stub: (load) =>
            new Proxy(
                {},
                {
                    get: (_, k) => load()[k],
                    has: (_, k) => k in load(),
                },
            ),
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

const versions = new Map<string, string | undefined>();
/** The version of the @pulumi/pulumi package a closure/ file belongs to. */
function versionOf(file: string): string | undefined {
    const pkg = path.join(path.dirname(file), "..", "..", "package.json");
    if (!versions.has(pkg)) {
        let v: string | undefined;
        try {
            v = (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version?: string }).version;
        } catch {
            v = undefined;
        }
        versions.set(pkg, v);
    }
    return versions.get(pkg);
}

let installed = false;
/** What was loaded lazily so far (for tests). */
export const lazyLoaded: string[] = [];

export function installLazyPulumiDeps(): void {
    if (installed) return;
    installed = true;
    const original = Module.prototype.require;
    Module.prototype.require = function (this: Module, id: string) {
        const entry = Object.prototype.hasOwnProperty.call(lazy, id) ? lazy[id] : undefined;
        if (
            entry &&
            typeof this.filename === "string" &&
            this.filename.endsWith(path.sep + entry.from) &&
            versionOf(this.filename) === sdkVersion
        ) {
            let real: any;
            const load = () => {
                if (real === undefined) {
                    real = original.call(this, id);
                    lazyLoaded.push(id);
                }
                return real;
            };
            return entry.stub(load);
        }
        // eslint-disable-next-line prefer-rest-params
        return original.apply(this, arguments as unknown as [string]);
    } as typeof Module.prototype.require;
}
