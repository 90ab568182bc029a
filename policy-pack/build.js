// Incremental TypeScript -> CommonJS build (transpile only: type-checking is `npm test`'s job, and every file is
// written for `isolatedModules`). Used for the policy pack (`bin/`, what `pulumi preview --policy-pack` and the guard
// run) and, through scripts/build.js, for the blueprint program the guard runs. Plain JavaScript on purpose: it
// runs from `npm ci` (prepare) and at the pack's start, before anything can transpile TypeScript.
//
// A manifest in the output directory records, per source, its size, mtime and content hash, plus a hash of the
// compiler options and of this file; a source whose size and mtime are unchanged is not even read. Sources that
// changed are transpiled again, outputs whose source is gone are deleted. Writes are atomic (temp file + rename),
// so two processes building at once both end with complete files.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const manifestName = ".build-manifest.json";

/** The options every build uses: those of the repo's tsconfig that matter to emitted code. */
const compilerOptions = {
    target: "ES2022",
    module: "commonjs",
    esModuleInterop: true,
    resolveJsonModule: true,
    isolatedModules: true,
    sourceMap: false,
};

function sha1(s) {
    return crypto.createHash("sha1").update(s).digest("hex");
}

const buildId = sha1(JSON.stringify(compilerOptions) + fs.readFileSync(__filename, "utf8"));

/** Every .ts source (no .d.ts, no tests) under `root`, relative paths, skipping `skip` directory names. */
function listSources(root, dirs, skip) {
    const out = [];
    const walk = (rel) => {
        const abs = path.join(root, rel);
        let entries;
        try {
            entries = fs.readdirSync(abs, { withFileTypes: true });
        } catch {
            return;
        }
        for (const e of entries) {
            const r = rel ? path.join(rel, e.name) : e.name;
            if (e.isDirectory()) {
                if (!skip.has(e.name) && !e.name.startsWith(".")) walk(r);
            } else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") && !e.name.endsWith(".test.ts")) {
                out.push(r);
            }
        }
    };
    for (const d of dirs) {
        if (d.endsWith(".ts")) {
            if (fs.existsSync(path.join(root, d))) out.push(d);
        } else walk(d);
    }
    return out.sort();
}

function readManifest(outDir) {
    let m;
    try {
        m = JSON.parse(fs.readFileSync(path.join(outDir, manifestName), "utf8"));
    } catch {
        // missing or unreadable: build everything
    }
    const files = m && m.files && typeof m.files === "object" ? m.files : {};
    if (m && m.buildId === buildId) return { buildId, files };
    // Another build (options or this file changed): rebuild everything, but still delete the outputs of sources that
    // are gone (`earlier`), or a moved source would leave its old output behind.
    return { buildId, files: {}, earlier: Object.keys(files) };
}

function writeAtomic(file, text) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
}

const outName = (rel) => rel.replace(/\.ts$/, ".js");

/**
 * What a build of `root` into `outDir` would do, without doing it: the sources to (re)transpile and the outputs to
 * delete. `dirs`: directories (or single .ts files) relative to root; `skip`: directory names never entered.
 */
function plan(opts) {
    const { root, outDir } = opts;
    const skip = new Set(["node_modules", "bin", ...(opts.skip || [])]);
    const manifest = readManifest(outDir);
    const sources = listSources(root, opts.dirs, skip);
    const stale = [];
    const stats = {};
    for (const rel of sources) {
        const st = fs.statSync(path.join(root, rel));
        stats[rel] = st;
        const m = manifest.files[rel];
        if (
            !m ||
            m.size !== st.size ||
            m.mtimeMs !== st.mtimeMs ||
            !fs.existsSync(path.join(outDir, outName(rel)))
        )
            stale.push(rel);
    }
    const present = new Set(sources);
    const removed = [...new Set([...Object.keys(manifest.files), ...(manifest.earlier || [])])].filter(
        (rel) => !present.has(rel),
    );
    return { manifest, sources, stale, removed, stats };
}

/** Brings `outDir` up to date with the sources; returns what was transpiled and deleted. */
function build(opts) {
    const { root, outDir } = opts;
    const p = plan(opts);
    if (p.stale.length === 0 && p.removed.length === 0)
        return { transpiled: [], deleted: [], sources: p.sources };
    const ts = require(require.resolve("typescript", { paths: [root, __dirname] }));
    const transpiled = [];
    for (const rel of p.stale) {
        const src = fs.readFileSync(path.join(root, rel), "utf8");
        const hash = sha1(src);
        const out = path.join(outDir, outName(rel));
        const prev = p.manifest.files[rel];
        if (!(prev && prev.hash === hash && fs.existsSync(out))) {
            const r = ts.transpileModule(src, { compilerOptions, fileName: rel, reportDiagnostics: false });
            writeAtomic(out, r.outputText);
            transpiled.push(rel);
        }
        p.manifest.files[rel] = { size: p.stats[rel].size, mtimeMs: p.stats[rel].mtimeMs, hash };
    }
    for (const rel of p.removed) {
        fs.rmSync(path.join(outDir, outName(rel)), { force: true });
        delete p.manifest.files[rel];
    }
    delete p.manifest.earlier;
    writeAtomic(path.join(outDir, manifestName), JSON.stringify(p.manifest));
    return { transpiled, deleted: p.removed, sources: p.sources };
}

/** Transpiles one source the way `build` does (for tests that compare the build with the sources). */
function transpile(src, fileName) {
    const ts = require(require.resolve("typescript", { paths: [__dirname] }));
    return ts.transpileModule(src, { compilerOptions, fileName, reportDiagnostics: false }).outputText;
}

/**
 * The policy pack and the repo code it imports (lib/, the neutral shared helpers, and analysis/), laid out as in the
 * repo so relative imports hold: policy-pack/**.ts -> policy-pack/bin/policy-pack/**.js, lib/**.ts ->
 * policy-pack/bin/lib/**.js, analysis/**.ts -> policy-pack/bin/analysis/**.js.
 */
const packOptions = {
    root: path.dirname(__dirname),
    outDir: path.join(__dirname, "bin"),
    dirs: ["policy-pack", "lib", "analysis"],
};

function buildPack() {
    return build(packOptions);
}

module.exports = { build, plan, transpile, buildPack, packOptions, compilerOptions, manifestName };

if (require.main === module) {
    const r = buildPack();
    process.stderr.write(
        `policy-pack: ${r.transpiled.length} of ${r.sources.length} sources transpiled into bin/\n`,
    );
}
