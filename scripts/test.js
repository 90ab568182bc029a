#!/usr/bin/env node
// `npm test`: the type-check of the whole tree (`tsc --noEmit`, as `npm run typecheck`) and Jest, at the same time.
// Jest only transpiles, so the type-check is what finds type errors; run one after the other, the type-check kept a
// core busy and the other idle for its whole duration. Jest's output streams as it comes; the type-check's is printed
// when Jest is done. Fails when either fails. Arguments go to Jest (`npm test -- test/guard`).
"use strict";
const { spawn } = require("child_process");
const path = require("path");

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

for (const sig of ["SIGINT", "SIGTERM"])
    process.on(sig, () => {
        for (const c of children) c.kill(sig);
        process.exit(130);
    });

(async () => {
    const tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
    const jest = require.resolve("jest/bin/jest", { paths: [root] });
    const [typecheck, tests] = await Promise.all([
        run([tsc, "--noEmit", "-p", "tsconfig.json"], { stdio: ["ignore", "pipe", "pipe"] }),
        run([jest, ...process.argv.slice(2)], { stdio: "inherit" }),
    ]);
    if (typecheck.code !== 0) {
        process.stderr.write(typecheck.out);
        process.stderr.write(
            `npm test: the type-check failed (tsc --noEmit -p tsconfig.json exited ${typecheck.code})\n`,
        );
    } else process.stderr.write("npm test: type-check passed (tsc --noEmit -p tsconfig.json)\n");
    process.exit(typecheck.code !== 0 ? typecheck.code : tests.code);
})();
