// Once per `npm test` run, before any test file: a temporary directory where test files share the results of
// expensive runs (test/lib/shared-runs.ts). Never in the repo; global-teardown.js removes it.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

module.exports = async function globalSetup() {
    // The test workers start after this, with this environment.
    process.env.BLUEPRINT_TEST_SHARED_RUNS = fs.mkdtempSync(path.join(os.tmpdir(), "blueprint-test-runs-"));
};
