// A record of one declaration build (scripts/typecheck.js), and the proof that bin/ is still exactly what prepack
// (`tsc -p tsconfig.build.json`) would build from the tree as it is now. The record holds:
// - the TypeScript version, and the build's options and root files as tsconfig.build.json gives them;
// - every file of the build's program (our sources, the JSON they import, every declaration file of every
//   dependency) and the package.json of every directory above them (or that there is none), by SHA-1 of its bytes;
// - every file the build wrote (bin/), by SHA-1.
// `check` recomputes all of it: any difference (a source edited, a file added under an include, a dependency
// reinstalled at another version, an output touched, another TypeScript) means "not fresh", with the first reason.
// The same inputs give the same program, hence the same diagnostics and output: that is what makes bin/ reusable.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const VERSION = 1;

function sha1(bytes) {
    return crypto.createHash("sha1").update(bytes).digest("hex");
}

function hashFile(file) {
    try {
        return sha1(fs.readFileSync(file));
    } catch {
        return null;
    }
}

/** What of a parsed tsconfig decides the program: its options and its root files. */
function configIdentity(ts, parsed) {
    return {
        typescript: ts.version,
        options: JSON.stringify(parsed.options, Object.keys(parsed.options).sort()),
        rootNames: [...parsed.fileNames].sort(),
    };
}

/** The package.json files of every directory from each file up to the filesystem root (resolution reads them). */
function packageJsons(files) {
    const dirs = new Set();
    for (const f of files) {
        let d = path.dirname(f);
        while (!dirs.has(d)) {
            dirs.add(d);
            const up = path.dirname(d);
            if (up === d) break;
            d = up;
        }
    }
    const out = {};
    for (const d of [...dirs].sort()) {
        const p = path.join(d, "package.json");
        // null: no package.json there (one appearing would change resolution too).
        out[p] = hashFile(p);
    }
    return out;
}

function writeAtomic(file, text) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
}

/**
 * Records a finished build: `parsed` its tsconfig, `program` its program, `written` each output file's text. Writes
 * a failed record instead when a source changed on disk while it was compiled.
 */
function write(file, ts, parsed, program, written) {
    const inputs = {};
    for (const sf of program.getSourceFiles()) {
        const bytes = fs.readFileSync(sf.fileName);
        let text = bytes.toString("utf8");
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        if (text !== sf.text) return writeFailed(file, `${sf.fileName} changed during the build`);
        inputs[sf.fileName] = sha1(bytes);
    }
    // JSON modules are not source files of the program: their bytes are read for the emit of the importer.
    for (const name of parsed.fileNames) if (!(name in inputs)) inputs[name] = hashFile(name);
    const outputs = {};
    for (const [f, text] of written) outputs[f] = sha1(Buffer.from(text, "utf8"));
    const record = {
        version: VERSION,
        fresh: true,
        config: parsed.options.configFilePath,
        ...configIdentity(ts, parsed),
        inputs,
        packageJsons: packageJsons(Object.keys(inputs)),
        outputs,
    };
    writeAtomic(file, JSON.stringify(record));
}

/** A record that says: no build to reuse (it failed, or could not be proven). */
function writeFailed(file, reason = "the build failed") {
    writeAtomic(file, JSON.stringify({ version: VERSION, fresh: false, reason }));
}

/**
 * Whether the recorded build's outputs are what the build of the tree as it is now would give:
 * `{ fresh: true }` or `{ fresh: false, reason }`. `ts` is the TypeScript module the build would use.
 */
function check(file, ts) {
    let record;
    try {
        record = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        return { fresh: false, reason: `no build record (${e.message})` };
    }
    if (record.version !== VERSION) return { fresh: false, reason: "a build record of another version" };
    if (!record.fresh) return { fresh: false, reason: record.reason };
    const diags = [];
    const parsed = ts.getParsedCommandLineOfConfigFile(
        record.config,
        {},
        { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => diags.push(d) },
    );
    if (!parsed || diags.length) return { fresh: false, reason: `${record.config} does not parse` };
    const now = configIdentity(ts, parsed);
    if (now.typescript !== record.typescript) return { fresh: false, reason: "another TypeScript version" };
    if (now.options !== record.options) return { fresh: false, reason: "other compiler options" };
    if (JSON.stringify(now.rootNames) !== JSON.stringify(record.rootNames))
        return { fresh: false, reason: "other root files (a file added or removed under an include)" };
    for (const kind of ["inputs", "packageJsons", "outputs"])
        for (const [f, h] of Object.entries(record[kind]))
            if (hashFile(f) !== h) return { fresh: false, reason: `${f} changed` };
    return { fresh: true };
}

module.exports = { write, writeFailed, check };
