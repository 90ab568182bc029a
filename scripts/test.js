#!/usr/bin/env node
// `npm test`: the type-check of the whole tree and Jest, at the same time. Jest only transpiles, so the type-check is
// what finds type errors; run one after the other, the type-check kept a core busy and the other idle for its whole
// duration. The type-check is scripts/typecheck.js: the package's declaration build into bin/ (what prepack builds)
// and the check of the rest of tsconfig.json (what `npm run typecheck` checks), sharing one parse of the
// dependencies' declarations. Its record of the build lets test/build/consumer.test.ts pack that bin/ instead of
// building it a second time, when the record proves it is what prepack would build (scripts/build-stamp.js). Jest's
// output streams as it comes; the type-check's is printed when Jest is done. Fails when either fails. Arguments go to
// Jest (`npm test -- test/guard`).
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const stamp = require("./build-stamp");

const root = path.resolve(__dirname, "..");
const children = new Set();

function run(args, opts) {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, args, { cwd: root, ...opts });
        children.add(child);
        let out = "";
        if (child.stdout) child.stdout.on("data", (d) => (out += d));
        if (child.stderr) child.stderr.on("data", (d) => (out += d));
        child.on("error", (e) => {
            children.delete(child);
            resolve({ code: 1, out: `${out}${e.message}\n` });
        });
        child.on("close", (code, signal) => {
            children.delete(child);
            resolve({ code: code ?? (signal ? 1 : 0), out });
        });
    });
}

// The build record of this run (read by test/build/consumer.test.ts), in a directory removed at the end.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "blueprint-test-build-"));
const stampFile = path.join(tmp, "build.json");
const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });

for (const sig of ["SIGINT", "SIGTERM"])
    process.on(sig, () => {
        for (const c of children) c.kill(sig);
        cleanup();
        process.exit(130);
    });

(async () => {
    const jest = require.resolve("jest/bin/jest", { paths: [root] });
    const [typecheck, tests] = await Promise.all([
        run([path.join(__dirname, "typecheck.js"), "--stamp", stampFile], {
            stdio: ["ignore", "pipe", "pipe"],
        }).then((r) => {
            // A type-check that ended without a record (it crashed) must not leave the package test waiting.
            if (!fs.existsSync(stampFile)) stamp.writeFailed(stampFile, `the type-check exited ${r.code}`);
            return r;
        }),
        run([jest, ...process.argv.slice(2)], {
            stdio: "inherit",
            env: { ...process.env, BLUEPRINT_TEST_BUILD_STAMP: stampFile },
        }),
    ]);
    cleanup();
    const what = "the build of tsconfig.build.json into bin/ and tsconfig.json";
    if (typecheck.code !== 0) {
        process.stderr.write(typecheck.out);
        process.stderr.write(`npm test: the type-check failed (${what}; exit ${typecheck.code})\n`);
    } else process.stderr.write(`npm test: type-check passed (${what})\n`);
    process.exit(typecheck.code !== 0 ? typecheck.code : tests.code);
})();
