// After the last test file: removes global-setup.js's directory of shared results.
"use strict";
const fs = require("fs");

module.exports = async function globalTeardown() {
    const dir = process.env.BLUEPRINT_TEST_SHARED_RUNS;
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
