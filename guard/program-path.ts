import * as fs from "fs";
import * as path from "path";
import { GuardInputError } from "./model";

/** Resolves a program path (a file, or a directory with index.ts / index.js) to its entry file. */
export function resolveProgram(p: string): string {
    const abs = path.resolve(p);
    if (!fs.existsSync(abs)) throw new GuardInputError(`--program ${p}: no such file or directory`);
    if (fs.statSync(abs).isFile()) return abs;
    for (const candidate of ["index.ts", "index.js"]) {
        const f = path.join(abs, candidate);
        if (fs.existsSync(f)) return f;
    }
    throw new GuardInputError(`--program ${p}: directory has no index.ts or index.js`);
}
