#!/usr/bin/env node
// Entry point of `npm run guard`: runs the guard and the program from compiled JavaScript (scripts/ts-cache.js:
// cached per file, only changed files are transpiled; type-checking is `npm test`'s job), and exits with its code.
require("../scripts/ts-cache").install();
require("./cli")
    .main(process.argv.slice(2))
    .then((code) => process.exit(code));
