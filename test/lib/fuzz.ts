/**
 * How many seeded random samples the differential tests draw. `npm test` draws what still reaches the generators'
 * branches and still fails when the code under test is broken (measured by breaking it: docs/testing.md); the e2e
 * suite runs the very same tests with `BLUEPRINT_FUZZ=full` and the large counts (e2e/test/fuzz.e2e.test.ts).
 */
export const fullFuzz = process.env.BLUEPRINT_FUZZ === "full";

/** `quick` in `npm test`, `full` in the e2e suite's large-N run. */
export function fuzz<T>(quick: T, full: T): T {
    return fullFuzz ? full : quick;
}
