/**
 * Jest only transpiles (tsconfig `isolatedModules: true`): `npm test` (scripts/test.js) type-checks the whole tree
 * once with `tsc --noEmit`, alongside Jest, because @pulumi/aws's type declarations are too large to check per file.
 * @type {import('jest').Config}
 */
module.exports = {
    testEnvironment: "<rootDir>/test/jest/environment.js",
    testSequencer: "<rootDir>/test/jest/sequencer.js",
    resolver: "<rootDir>/test/jest/resolver.js",
    // A directory for the run's shared results (test/lib/shared-runs.ts), removed at the end.
    globalSetup: "<rootDir>/test/jest/global-setup.js",
    globalTeardown: "<rootDir>/test/jest/global-teardown.js",
    roots: ["<rootDir>/test"],
    testMatch: ["**/*.test.ts"],
    transform: { "^.+\\.ts$": "<rootDir>/test/jest/transform.js" },
    testTimeout: 60000,
    // One worker more than there are cores (3 on CI's 2 cores): many suites wait on child processes (the guard, the
    // policy pack, the program, tsc, a --timeout), and a third worker uses the core they leave idle. Side by side
    // on a fresh clone of this 2-core machine: 127-134 s with 3 workers, 136 s with 2 (docs/performance.md).
    // (Jest reads a percentage over 100 % as that many workers: hence the number.)
    maxWorkers: require("os").availableParallelism() + 1,
};
