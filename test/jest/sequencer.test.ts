// test/jest/sequencer.js: on a fresh clone (no timings from an earlier run) the slowest files start first; with
// timings, Jest's own order. Every estimate names a test file that exists.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Sequencer = require("./sequencer.js");
const testRoot = path.resolve(__dirname, "..");

function fakeTests(cacheDirectory: string, files: string[]) {
    const context = {
        config: { cacheDirectory, name: "blueprint", rootDir: path.resolve(testRoot, "..") },
        hasteFS: { getSize: (p: string) => fs.statSync(p).size },
    };
    return files.map((f) => ({ path: path.join(testRoot, f), context }));
}

const files = [
    "vault/hcl.test.ts",
    "docs/brief-mapping.test.ts",
    "platform/securityPlatform.test.ts",
    "guard/hostile.test.ts",
    "build/consumer.test.ts",
];

let tmp: string;
beforeAll(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "blueprint-sequencer-"))));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test("every estimate names an existing test file", () => {
    const src = fs.readFileSync(path.join(__dirname, "sequencer.js"), "utf8");
    const block = /const estimates = \{([\s\S]*?)\};/.exec(src)![1];
    const names = [...block.matchAll(/"([^"]+)": \d+/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((n) => !fs.existsSync(path.join(testRoot, `${n}.test.ts`)))).toEqual([]);
});

test("cold: the files with the largest estimates first, the others by size", () => {
    const sorted = new Sequencer().sort(fakeTests(path.join(tmp, "cold"), files));
    expect(sorted.map((t: { path: string }) => path.relative(testRoot, t.path))).toEqual([
        "platform/securityPlatform.test.ts",
        "guard/hostile.test.ts",
        "build/consumer.test.ts",
        // brief-mapping.test.ts is the larger of the two.
        "docs/brief-mapping.test.ts",
        "vault/hcl.test.ts",
    ]);
});

test("with timings of an earlier run, those decide", () => {
    // Jest's own TestSequencer answers time() from its cache of the last run: here, longer for later files.
    const jestSequencer = Object.getPrototypeOf(Sequencer.prototype);
    const saved = jestSequencer.time;
    jestSequencer.time = (t: { path: string }) => (files.indexOf(path.relative(testRoot, t.path)) + 1) * 1000;
    try {
        const sorted = new Sequencer().sort(fakeTests(path.join(tmp, "warm"), files));
        expect(sorted.map((t: { path: string }) => path.relative(testRoot, t.path))).toEqual(
            [...files].reverse(),
        );
    } finally {
        jestSequencer.time = saved;
    }
});
