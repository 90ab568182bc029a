#!/usr/bin/env node
// Entry point of `npm run guard`: transpiles the guard and the program on the fly (type-checking is `npm test`'s
// job), runs the CLI, and exits with its code.
const path = require("path");
require("ts-node").register({
    transpileOnly: true,
    project: path.join(__dirname, "..", "tsconfig.json"),
});
require("./cli")
    .main(process.argv.slice(2))
    .then((code) => process.exit(code));
