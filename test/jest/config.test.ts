/** jest.config.js: one worker more than there are cores (suites that wait on child processes leave a core idle). */
import * as os from "os";

/* eslint-disable @typescript-eslint/no-require-imports -- plain JavaScript config */
const config = require("../../jest.config.js") as { maxWorkers: unknown };

test("maxWorkers is the number of cores plus one (3 on CI's 2 cores), a number Jest takes as a count", () => {
    expect(config.maxWorkers).toBe(os.availableParallelism() + 1);
});
