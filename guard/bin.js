#!/usr/bin/env node
// Entry point of `npm run guard`: runs the guard and the program from compiled JavaScript (scripts/ts-cache.js:
// cached per file, only changed files are transpiled; type-checking is `npm test`'s job), and exits with its code.
require("../scripts/ts-cache").install();
// A program run starts the program's process now, so that it starts up while the guard loads (it is used only if it
// is the one the run needs: guard/program-process.ts).
require("./program-process").prestartProgram(process.argv.slice(2), require("path").resolve(__dirname, ".."));
require("./cli")
    .main(process.argv.slice(2))
    .then((code) => process.exit(code));
