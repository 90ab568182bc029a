/**
 * In the program's process (program-child.ts): TypeScript and npm's arborist, which @pulumi/pulumi 3.248.0 needs only
 * to serialise functions, load when first used (policy-pack/lazy-deps.js, shared with the pack's main.js).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lazyDeps = require("../policy-pack/lazy-deps") as { install(): void; lazyLoaded: string[] };

/** What was loaded lazily so far (for tests). */
export const lazyLoaded = lazyDeps.lazyLoaded;

export function installLazyPulumiDeps(): void {
    lazyDeps.install();
}
