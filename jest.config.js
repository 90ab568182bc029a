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
    maxWorkers: 2,
};
