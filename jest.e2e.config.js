/**
 * The e2e suite (`npm run test:e2e`): tests that need the tools built by e2e/tools/build.sh (etcd, kube-apiserver,
 * helm). Never part of `npm test`, which stays Node-only. One worker: each test file starts its own control plane.
 * @type {import('jest').Config}
 */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/e2e"],
    testMatch: ["**/*.e2e.test.ts"],
    transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
    testTimeout: 600000,
    maxWorkers: 1,
};
