/**
 * The real-engine suite (`npm run test:engine`, issue 20): the Pulumi CLI, our language host and the Kubernetes
 * provider built by e2e/tools/build.sh, against the e2e API server. Never part of `npm test` or `npm run test:e2e`.
 * @type {import('jest').Config}
 */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/e2e"],
    testMatch: ["**/*.engine.test.ts"],
    transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
    testTimeout: 900000,
    maxWorkers: 1,
};
