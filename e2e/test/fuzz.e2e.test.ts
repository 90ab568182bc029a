/**
 * The large-N runs of `npm test`'s seeded differential tests: the very same test files, with `BLUEPRINT_FUZZ=full`
 * (test/lib/fuzz.ts): 8 seeds x 1,500 generated YAML documents instead of 2 seeds, whole generated stacks (and a
 * second one) for the pack's fast server and shared deserialisation instead of the resources `npm test` picks, 10,000
 * CIDR oracle cases instead of 1,000. `npm test` keeps the counts that still reach the generators' branches and still
 * fail when the code under test is broken (docs/testing.md); these look further.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the environment variable must be set before they load */
process.env.BLUEPRINT_FUZZ = "full";
require("../../test/guard/yaml-fast.test");
require("../../test/policy-pack/fast-server.test");
require("../../test/policy-pack/shared-props.test");
require("../../test/cidr/oracle.test");
