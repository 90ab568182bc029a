/**
 * Where a program starts, as `pulumi preview` finds it: the directory holding `Pulumi.yaml` is the project (and the
 * working directory); its `main:` (a file or a directory, relative to the project) is the entry point, else the
 * project directory itself, resolved as Node resolves a directory (package.json `main`, then index.js, index.ts).
 * `runtime.options` of the nodejs runtime are honoured: `nodeargs` (extra Node arguments), `tsconfig` (the
 * TypeScript project), `typescript: false` (no TypeScript).
 */
import * as fs from "fs";
import * as path from "path";
import { parseProjectYaml } from "./project-yaml";
import { readRegularFile } from "./input-files";
import { GuardInputError } from "./model";

export interface ProgramSpec {
    /** The project directory: Pulumi.yaml's directory (or the program file's), the program's working directory. */
    projectDir: string;
    /** What the language host requires: the entry file, or a directory Node resolves. */
    target: string;
    /** `runtime.options.nodeargs`, split on whitespace. */
    nodeArgs: string[];
    /** `runtime.options.tsconfig`, absolute. */
    tsconfig?: string;
    typescript: boolean;
}

type Obj = Record<string, unknown>;

function projectFile(dir: string): Obj | undefined {
    const file = path.join(dir, "Pulumi.yaml");
    if (!fs.existsSync(file)) return undefined;
    try {
        return (parseProjectYaml(readRegularFile(file, "--program")) ?? {}) as Obj;
    } catch (e) {
        if (e instanceof GuardInputError) throw e;
        throw new GuardInputError(`${file}: ${(e as Error).message.split("\n")[0]}`);
    }
}

/** The file Node would load for a directory, or undefined. */
function directoryEntry(dir: string): string | undefined {
    const pkgFile = path.join(dir, "package.json");
    if (fs.existsSync(pkgFile)) {
        try {
            const main = (JSON.parse(fs.readFileSync(pkgFile, "utf8")) as Obj).main;
            if (typeof main === "string" && main) {
                const m = path.resolve(dir, main);
                for (const c of [m, `${m}.js`, `${m}.ts`, path.join(m, "index.js"), path.join(m, "index.ts")])
                    if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
            }
        } catch {
            // An unreadable package.json: Node would fail too; fall through to index files.
        }
    }
    for (const c of ["index.js", "index.ts"]) {
        const f = path.join(dir, c);
        if (fs.existsSync(f)) return f;
    }
    return undefined;
}

export function programSpec(p: string): ProgramSpec {
    const abs = path.resolve(p);
    if (!fs.existsSync(abs)) throw new GuardInputError(`--program ${p}: no such file or directory`);
    const isFile = fs.statSync(abs).isFile();
    const projectDir = isFile ? path.dirname(abs) : abs;
    const project = projectFile(projectDir);
    const runtime = project?.runtime;
    const options = (
        typeof runtime === "object" && runtime !== null ? ((runtime as Obj).options ?? {}) : {}
    ) as Obj;
    let target = abs;
    if (!isFile) {
        const main = project?.main;
        if (main !== undefined && typeof main !== "string")
            throw new GuardInputError(`--program ${p}: Pulumi.yaml main must be a path`);
        target = main ? path.resolve(projectDir, main) : projectDir;
        if (!fs.existsSync(target))
            throw new GuardInputError(`--program ${p}: Pulumi.yaml main ${main} does not exist`);
        if (fs.statSync(target).isDirectory() && !directoryEntry(target))
            throw new GuardInputError(
                `--program ${p}: directory ${main ? `${main} (Pulumi.yaml main) ` : ""}has no index.ts or index.js`,
            );
    }
    const nodeargs = options.nodeargs;
    if (nodeargs !== undefined && typeof nodeargs !== "string")
        throw new GuardInputError(`--program ${p}: Pulumi.yaml runtime.options.nodeargs must be a string`);
    const tsconfig = options.tsconfig;
    if (tsconfig !== undefined && typeof tsconfig !== "string")
        throw new GuardInputError(`--program ${p}: Pulumi.yaml runtime.options.tsconfig must be a path`);
    const typescript = options.typescript !== false && options.typescript !== "false";
    const entry = fs.statSync(target).isDirectory() ? directoryEntry(target)! : target;
    if (!typescript && /\.tsx?$/.test(entry))
        throw new GuardInputError(
            `--program ${p}: Pulumi.yaml runtime.options.typescript is false but the entry point ${path.relative(projectDir, entry)} is TypeScript`,
        );
    return {
        projectDir,
        target,
        nodeArgs: nodeargs ? nodeargs.trim().split(/\s+/) : [],
        tsconfig: tsconfig ? path.resolve(projectDir, tsconfig) : undefined,
        typescript,
    };
}

/** The entry point a program path resolves to (kept for in-process callers): see programSpec. */
export function resolveProgram(p: string): string {
    return programSpec(p).target;
}
