// `node -r scripts/ts-cache-register.js file.ts`: the compiled-JavaScript cache of scripts/ts-cache.js as a preload.
"use strict";
require("./ts-cache").install();
