// The order in which `npm test` starts its test files.
//
// Jest starts the files that took longest in its previous run first, so that the run does not end with one long
// file on one core while the other idles. A fresh clone (as CI runs it) has no previous run: Jest then orders by file
// size, which put the slowest files (short files that start guard runs, `npm pack`, or wait for a timeout) near the
// end. Without timings of its own, a file gets its estimate below (seconds on a quiet 2-core machine, rounded; only
// the order depends on them, never a result), or one from its size.
"use strict";
const path = require("path");
const Sequencer = require("@jest/test-sequencer").default;

const estimates = {
    "platform/securityPlatform": 35,
    // Mostly waiting (its --timeout test), so it overlaps well with the others.
    "guard/hostile": 24,
    // Waits for the type-check's build of bin/ (scripts/typecheck.js), then about 12 s: not among the first.
    "build/consumer": 12,
    "blueprint/refactor-graph": 16,
    "blueprint/variants": 15,
    "reachability/platform": 12,
    "admission/agreement": 11,
    "cluster/issue13": 10,
    "blueprint/config-validation": 10,
    "guard/program-mode": 10,
    "cluster/badConfig": 9,
    "cluster/hardenedCluster": 9,
    "policy-pack/shared-props": 8,
    "guard/ci-formats": 7,
    "guard/cli": 7,
    "blueprint/blueprint-guard": 7,
    "blueprint/blueprint-formats": 7,
    "guard/invokes": 7,
    "setup/reference": 6,
    "blueprint/config": 5,
    "blueprint/readme-example": 5,
};

const testRoot = path.resolve(__dirname, "..");

class BlueprintSequencer extends Sequencer {
    time(test) {
        const measured = super.time(test);
        if (measured !== undefined && measured !== null) return measured;
        const rel = path
            .relative(testRoot, test.path)
            .replace(/\\/g, "/")
            .replace(/\.test\.ts$/, "");
        if (estimates[rel] !== undefined) return estimates[rel] * 1000;
        // About 1 s per 4 KB of test file: what the small, in-process files take.
        const size = test.context.hasteFS.getSize(test.path) ?? 0;
        return Math.round(size / 4);
    }
}

module.exports = BlueprintSequencer;
