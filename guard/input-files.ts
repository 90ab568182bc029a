/**
 * Reading input files as hostile: only regular files are opened. FIFOs, sockets and devices are refused before they
 * are opened (a FIFO named `*.yaml` would otherwise block the guard forever), symlink loops are reported, and a
 * directory is walked at most once per real directory (a symlink to an ancestor is a loop, not an endless walk).
 */
import * as fs from "fs";
import * as path from "path";
import { GuardInputError } from "./model";

function kindOf(st: fs.Stats): string {
    if (st.isFIFO()) return "a FIFO";
    if (st.isSocket()) return "a socket";
    if (st.isCharacterDevice() || st.isBlockDevice()) return "a device";
    if (st.isDirectory()) return "a directory";
    return "not a regular file";
}

/** stat() that names the problem: missing, a symlink loop, or unreadable. */
export function statInput(p: string, label: string): fs.Stats {
    try {
        return fs.statSync(p);
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "ENOENT") {
            // A dangling symlink is reported as such; the rest as missing.
            const link = fs.lstatSync(p, { throwIfNoEntry: false });
            if (link?.isSymbolicLink()) throw new GuardInputError(`${label} ${p}: dangling symlink`);
            throw new GuardInputError(`${label} ${p}: no such file or directory`);
        }
        if (code === "ELOOP") throw new GuardInputError(`${label} ${p}: symlink loop`);
        throw new GuardInputError(`${label} ${p}: cannot read (${code ?? (e as Error).message})`);
    }
}

/**
 * Reads a regular file as UTF-8. Anything else is refused without being opened for reading; the file is opened
 * non-blocking and checked again through its descriptor, so a FIFO swapped in after the check cannot block either.
 */
export function readRegularFile(p: string, label: string): string {
    const st = statInput(p, label);
    if (!st.isFile()) throw new GuardInputError(`${label} ${p}: ${kindOf(st)}, not a regular file`);
    let fd: number | undefined;
    try {
        fd = fs.openSync(p, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
        const fst = fs.fstatSync(fd);
        if (!fst.isFile() || fst.ino !== st.ino || fst.dev !== st.dev)
            throw new GuardInputError(`${label} ${p}: changed while being read`);
        return fs.readFileSync(fd, "utf8");
    } catch (e) {
        if (e instanceof GuardInputError) throw e;
        throw new GuardInputError(
            `${label} ${p}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        );
    } finally {
        if (fd !== undefined) fs.closeSync(fd);
    }
}

/**
 * The manifest files under the given paths, as `kubectl apply -R -f` picks them: a path named explicitly is read
 * whatever its extension; inside directories, `.yaml`, `.yml` and `.json` files, recursively, in name order.
 */
export function listManifestFiles(paths: string[], label = "--manifests"): string[] {
    const out: string[] = [];
    const walk = (dir: string, ancestors: Set<string>) => {
        const real = fs.realpathSync(dir);
        if (ancestors.has(real)) throw new GuardInputError(`${label} ${dir}: symlink loop (back to ${real})`);
        const inner = new Set(ancestors).add(real);
        for (const name of fs.readdirSync(dir).sort()) {
            const child = path.join(dir, name);
            const st = statInput(child, label);
            if (st.isDirectory()) walk(child, inner);
            else if (/\.(ya?ml|json)$/i.test(name)) {
                if (!st.isFile())
                    throw new GuardInputError(`${label} ${child}: ${kindOf(st)}, not a regular file`);
                out.push(child);
            }
        }
    };
    for (const p of paths) {
        const st = statInput(p, label);
        if (st.isDirectory()) walk(p, new Set());
        else if (st.isFile()) out.push(p);
        else throw new GuardInputError(`${label} ${p}: ${kindOf(st)}, not a regular file`);
    }
    return out;
}
