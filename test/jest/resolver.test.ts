// test/jest/resolver.js: in `npm test`, @pulumi/pulumi loads without TypeScript and @npmcli/arborist, which it needs
// only to serialise functions; they load when first used, and serialising a function gives exactly what it gives in
// a plain Node process with the real modules. Only those two requests of the SDK's closure code are redirected.
import { spawnSync } from "child_process";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const resolver = require("./resolver.js") as ((request: string, options: ResolveOptions) => string) & {
    standIns: Record<string, { file: string; real: string }>;
    closureDir: string;
};

interface ResolveOptions {
    basedir: string;
    defaultResolver: (request: string, options: ResolveOptions) => string;
}

const root = path.resolve(__dirname, "../..");
const sdkDir = path.join(root, "node_modules/@pulumi/pulumi");
const LOADED = Symbol.for("blueprint.lazy.loaded");
const defaultResolver = (request: string, options: ResolveOptions) =>
    require.resolve(request, { paths: [options.basedir] });
const resolve = (request: string, basedir: string) => resolver(request, { basedir, defaultResolver });

// This file's own registry holds the same stand-in modules the SDK got (the resolver is this run's).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tsStandIn = require(resolver.standIns["../../typescript-shim"].file) as Record<
    string | symbol,
    unknown
>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const arboristStandIn = require(resolver.standIns["@npmcli/arborist"].file) as Record<
    string | symbol,
    unknown
>;

test("exactly the two requests of the SDK's closure code resolve to stand-ins", () => {
    expect(resolver.closureDir).toBe(path.join(sdkDir, "runtime/closure"));
    expect(resolve("../../typescript-shim", resolver.closureDir)).toBe(
        resolver.standIns["../../typescript-shim"].file,
    );
    expect(resolve("@npmcli/arborist", resolver.closureDir)).toBe(resolver.standIns["@npmcli/arborist"].file);
    // The same requests from anywhere else, and other requests from there: as Jest resolves them.
    expect(resolve("@npmcli/arborist", sdkDir)).toBe(
        require.resolve("@npmcli/arborist", { paths: [sdkDir] }),
    );
    expect(resolve("./typescript-shim", sdkDir)).toBe(path.join(sdkDir, "typescript-shim.js"));
    expect(resolve("../../typescript-shim", path.join(sdkDir, "runtime/x"))).toBe(
        path.join(sdkDir, "typescript-shim.js"),
    );
    expect(resolve("./utils", resolver.closureDir)).toBe(path.join(resolver.closureDir, "utils.js"));
});

test("the SDK loads without them; serialising a function loads them and gives what the real modules give", async () => {
    expect(typeof pulumi.runtime.serializeFunction).toBe("function");
    expect(tsStandIn[LOADED]).toBe(false);
    expect(arboristStandIn[LOADED]).toBe(false);

    const y = 2;
    const lazy = await pulumi.runtime.serializeFunction(function f(x: number) {
        return x + y;
    });
    expect(tsStandIn[LOADED]).toBe(true);
    // The real modules, through the stand-ins.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(tsStandIn.createSourceFile).toBe(require("typescript").createSourceFile);
    expect(arboristStandIn.Arborist).toBe(
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(require.resolve("@npmcli/arborist", { paths: [sdkDir] })).Arborist,
    );
    expect(arboristStandIn[LOADED]).toBe(true);

    // The same function serialised by a plain Node process, with the SDK's own requires.
    const script = [
        // Strict, as this transpiled file is.
        `"use strict"; const pulumi = require(${JSON.stringify(sdkDir)});`,
        "const y = 2;",
        "pulumi.runtime.serializeFunction(function f(x) {\n        return x + y;\n    })",
        "    .then((sf) => process.stdout.write(JSON.stringify(sf.text)));",
    ].join("\n");
    const r = spawnSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(lazy.text).toBe(JSON.parse(r.stdout));
});
