#!/usr/bin/env node
// `npm run build:js`, and `prepare` on `npm ci`: the policy pack as JavaScript (policy-pack/bin, what
// `pulumi preview --policy-pack ./policy-pack` and the guard run) and the compiled-JavaScript cache the guard, the
// bench and the scripts run the blueprint from (.guard-cache/js). Both are incremental: only changed sources are
// transpiled, and both are brought up to date again on use, so a stale build is never run.
"use strict";
const t0 = Date.now();
const pack = require("../policy-pack/build").buildPack();
const cache = require("./ts-cache").warm();
process.stderr.write(
    `build: policy pack ${pack.transpiled.length}/${pack.sources.length} transpiled; ` +
        `program cache ${cache.misses}/${cache.files} transpiled, ${cache.pruned} stale entries pruned (${Date.now() - t0} ms)\n`,
);
