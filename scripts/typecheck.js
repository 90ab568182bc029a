#!/usr/bin/env node
// `npm test`'s type-check (scripts/test.js): the package's declaration build and the type-check of everything else,
// as ONE pass over @pulumi/aws's huge declarations instead of two.
//
// 1. The build: exactly what `npm run build` (prepack) compiles, the program of tsconfig.build.json with its own
//    options and root files, reported and emitted as `tsc -p tsconfig.build.json` does (JavaScript and .d.ts in bin/).
// 2. The rest: the program of tsconfig.json, which `npm run typecheck` checks; its files that the build already
//    checked (the sources, under the build's own, stricter, options) are not checked twice.
// Both programs share each parsed and bound file (the declarations of @pulumi/aws and the rest: most of the time), as
// TypeScript's language service shares them across projects. The type checks themselves stay separate.
//
// With --stamp <file>, a record of the build (every input file's and every output file's SHA-1, the options, the
// TypeScript version) is written there once bin/ is built without error: test/build/consumer.test.ts packs that bin/
// instead of building it again when the record proves it is what prepack would build now (scripts/build-stamp.js).
// Exits 1 (with tsc's diagnostics) when either program has an error.
"use strict";
const path = require("path");
const stamp = require("./build-stamp");

const repoRoot = path.resolve(__dirname, "..");

/**
 * Type-checks (and builds) the project at `root`: `buildConfig` (its declaration build, emitted) and `fullConfig`
 * (everything, not emitted). Diagnostics go to `out` as tsc prints them. Returns the exit code: 0, or 1 on any error.
 * `libFiles`: a Map that keeps TypeScript's parsed lib files (lib.*.d.ts) for the next call.
 */
function typecheck({
    root = repoRoot,
    buildConfig = "tsconfig.build.json",
    fullConfig = "tsconfig.json",
    stampFile,
    out = (s) => process.stdout.write(s),
    libFiles,
} = {}) {
    const ts = require(require.resolve("typescript", { paths: [root, repoRoot] }));
    const formatHost = {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => root,
        getNewLine: () => "\n",
    };
    const report = (diags) => {
        if (diags.length) out(ts.formatDiagnostics(diags, formatHost));
    };

    /** The parsed tsconfig (options, root files), or undefined after reporting why not. */
    function parseConfig(file) {
        const diags = [];
        const parsed = ts.getParsedCommandLineOfConfigFile(
            path.join(root, file),
            {},
            { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => diags.push(d) },
        );
        report(diags);
        return parsed;
    }

    /**
     * Every parsed file, shared between the two programs (same parse settings: both extend tsconfig.json). TypeScript's
     * own lib files, which never change, are also shared with other calls through `libFiles` when given (the tests
     * check many small projects).
     */
    const sourceFiles = new Map();
    const libDir = path.dirname(ts.getDefaultLibFilePath({})) + path.sep;
    function sharedHost(options) {
        const host = ts.createCompilerHost(options);
        const getSourceFile = host.getSourceFile;
        host.getSourceFile = (fileName, settings, onError, shouldCreate) => {
            const s = typeof settings === "object" ? settings : { languageVersion: settings };
            const key = `${fileName}\0${s.languageVersion}\0${s.impliedNodeFormat}\0${s.jsDocParsingMode}`;
            const store = libFiles && path.resolve(fileName).startsWith(libDir) ? libFiles : sourceFiles;
            let sf = store.get(key);
            if (sf === undefined || shouldCreate) {
                sf = getSourceFile.call(host, fileName, settings, onError, shouldCreate);
                if (sf) store.set(key, sf);
            }
            return sf;
        };
        return host;
    }

    // 1. The build, diagnostics and emit in the order of tsc's emitFilesAndReportErrors.
    const build = parseConfig(buildConfig);
    if (!build) {
        if (stampFile) stamp.writeFailed(stampFile, `${buildConfig} does not parse`);
        return 1;
    }
    const buildHost = sharedHost(build.options);
    const written = new Map();
    const writeFile = (fileName, text, bom, onError, sources, data) => {
        buildHost.writeFile(fileName, text, bom, onError, sources, data);
        written.set(path.resolve(fileName), text);
    };
    const a = ts.createProgram({
        rootNames: build.fileNames,
        options: build.options,
        projectReferences: build.projectReferences,
        host: buildHost,
        configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(build),
    });
    const aDiags = [...a.getConfigFileParsingDiagnostics()];
    aDiags.push(...a.getSyntacticDiagnostics());
    if (aDiags.length === 0) {
        aDiags.push(...a.getOptionsDiagnostics(), ...a.getGlobalDiagnostics());
        if (aDiags.length === 0) aDiags.push(...a.getSemanticDiagnostics());
    }
    const emitted = a.emit(undefined, writeFile);
    aDiags.push(...emitted.diagnostics);
    const buildErrors = ts.sortAndDeduplicateDiagnostics(aDiags);
    report(buildErrors);
    if (stampFile) {
        // Recorded only for a build prepack would accept: no error, every output written.
        if (buildErrors.length === 0 && !emitted.emitSkipped) stamp.write(stampFile, ts, build, a, written);
        else stamp.writeFailed(stampFile);
    }

    // 2. The rest of tsconfig.json: its own files; the build's sources were checked above.
    const full = parseConfig(fullConfig);
    if (!full) return 1;
    const b = ts.createProgram({
        rootNames: full.fileNames,
        options: full.options,
        projectReferences: full.projectReferences,
        host: sharedHost(full.options),
        configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(full),
    });
    const checkedByBuild = (sf) => {
        const built = a.getSourceFile(sf.fileName);
        return built !== undefined && !built.isDeclarationFile;
    };
    const own = b.getSourceFiles().filter((sf) => !checkedByBuild(sf));
    const bDiags = [...b.getConfigFileParsingDiagnostics()];
    for (const sf of own) bDiags.push(...b.getSyntacticDiagnostics(sf));
    if (bDiags.length === 0) {
        bDiags.push(...b.getOptionsDiagnostics(), ...b.getGlobalDiagnostics());
        if (bDiags.length === 0) for (const sf of own) bDiags.push(...b.getSemanticDiagnostics(sf));
    }
    const restErrors = ts.sortAndDeduplicateDiagnostics(bDiags);
    report(restErrors);
    return buildErrors.length + restErrors.length === 0 ? 0 : 1;
}

module.exports = { typecheck };

if (require.main === module) {
    const args = process.argv.slice(2);
    const stampFile = args[0] === "--stamp" && args[1] ? path.resolve(args[1]) : undefined;
    process.exitCode = typecheck({ stampFile });
}
