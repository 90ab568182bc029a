/**
 * A chart cache may come with a `SHA256SUMS` file (as ../shared/charts-src does: `sha256  <chart>-<version>/<file>`
 * per line). When it lists files of the chart directory the guard is about to render, every listed file must be there
 * with that checksum: a chart with a template missing would otherwise render fewer objects, and the pack would call
 * the release clean without having seen them. Without a SHA256SUMS, or when it lists nothing of that directory, there
 * is nothing to check here (Helm itself still refuses a chart whose declared dependencies are missing from charts/).
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/** Largest SHA256SUMS the guard reads. */
const maxSumsBytes = 8 << 20;
/** Largest single chart file the guard hashes (chart files are small; anything bigger is not a chart source). */
const maxFileBytes = 64 << 20;

function sha256(file: string): string | undefined {
    try {
        const st = fs.lstatSync(file);
        if (!st.isFile() || st.size > maxFileBytes) return undefined;
        return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
    } catch {
        return undefined;
    }
}

/**
 * Checks `chartDir/<sub>/` against `chartDir/SHA256SUMS`. Returns undefined when it is complete or there is nothing to
 * check, otherwise why not (one line, naming up to three files).
 */
export function chartSourceProblem(chartDir: string, sub: string): string | undefined {
    const sums = path.join(chartDir, "SHA256SUMS");
    let text: string;
    try {
        const st = fs.statSync(sums);
        if (!st.isFile()) return undefined;
        if (st.size > maxSumsBytes) return `${sums} is larger than ${maxSumsBytes} bytes`;
        text = fs.readFileSync(sums, "utf8");
    } catch {
        return undefined;
    }
    const prefix = `${sub}/`;
    const missing: string[] = [];
    const differ: string[] = [];
    let listed = 0;
    for (const line of text.split(/\r?\n/)) {
        // `sha256sum` format: 64 hex, two spaces (or space and `*` for binary mode), the path.
        const m = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line);
        if (!m) continue;
        const rel = m[2].replace(/^\.\//, "");
        if (!rel.startsWith(prefix)) continue;
        if (rel.split("/").some((seg) => seg === ".." || seg === "")) {
            differ.push(rel);
            continue;
        }
        listed++;
        const file = path.join(chartDir, rel);
        if (!fs.existsSync(file)) missing.push(rel);
        else if (sha256(file) !== m[1].toLowerCase()) differ.push(rel);
    }
    if (listed === 0 && differ.length === 0) return undefined;
    const some = (xs: string[]) => xs.slice(0, 3).join(", ") + (xs.length > 3 ? ", …" : "");
    const parts: string[] = [];
    if (missing.length)
        parts.push(
            `${missing.length} of its ${listed} files listed in ${sums} are missing (${some(missing)})`,
        );
    if (differ.length) parts.push(`${differ.length} differ from their checksum (${some(differ)})`);
    return parts.length
        ? `chart source ${path.join(chartDir, sub)} is incomplete: ${parts.join("; ")}`
        : undefined;
}
