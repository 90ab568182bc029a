/**
 * The fast YAML reader's values keep nothing of the document's text alive (guard/yaml-fast.ts `finish`): js-yaml's
 * scalars are slices of its own copy of the whole document, so an object keeping one of its string values would keep
 * that copy too (16 MB of the guard's memory at 10,000 objects). Checked in a small node process: parse a document,
 * drop the text, and look for it in a heap snapshot.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "../..");

test("a value read by the fast path does not keep the document's text alive", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yaml-fast-memory-"));
    const snapshot = path.join(dir, "heap.heapsnapshot");
    const script = `
        require(${JSON.stringify(path.join(root, "scripts", "ts-cache"))}).install();
        const { parseDocumentFast } = require(${JSON.stringify(path.join(root, "guard", "yaml-fast"))});
        const token = process.argv[1];
        // Built at run time, so that no source text holds it; every kind of place a long string can be.
        let text = ["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: long-enough-name-" + token,
            "  labels:", "    app.kubernetes.io/name: some-long-label-" + token, "data:", "  key: value-of-the-key-" + token,
            "  list:", "    - first-long-element-" + token, "    - [flow-long-element-" + token + "]", ""].join("\\n");
        // A stale compile cache loads TypeScript (9 MB of source) into this process: then only fill the cache, and
        // the test runs again (the snapshot stays small).
        if (Object.keys(require.cache).some((k) => k.includes("/node_modules/typescript/"))) {
            process.stdout.write("transpiled");
            process.exit(0);
        }
        const parsed = parseDocumentFast(text);
        if (!parsed) throw new Error("not read by the fast path");
        globalThis.kept = parsed.value;
        text = undefined;
        require("v8").writeHeapSnapshot(process.argv[2]);
        process.stdout.write(JSON.stringify(globalThis.kept));
    `;
    const token = `T${process.pid}x${Date.now()}`;
    try {
        const run = () =>
            execFileSync(process.execPath, ["-e", script, token, snapshot], { cwd: root, encoding: "utf8" });
        let out = run();
        if (out === "transpiled") out = run();
        const value = JSON.parse(out);
        expect(value.metadata.name).toBe(`long-enough-name-${token}`);
        expect(value.data.list).toEqual([`first-long-element-${token}`, [`flow-long-element-${token}`]]);
        const { strings } = JSON.parse(fs.readFileSync(snapshot, "utf8")) as { strings: string[] };
        // The values are there; no string holds the document (its first line with a value's token).
        expect(strings.some((s) => s.includes(`value-of-the-key-${token}`))).toBe(true);
        expect(strings.filter((s) => s.includes("kind: ConfigMap") && s.includes(token))).toEqual([]);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});
