/**
 * How the program's process loads TypeScript (guard/program-process.ts tsLoader): this repo's programs from the
 * compiled-JavaScript cache; any other project under ts-node, with the V8 code cache preloaded first so that it covers
 * ts-node's TypeScript, the SDK and the project's dependencies too.
 */
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { tsLoader } from "../../guard/program-process";

const root = path.resolve(__dirname, "../..");

test("this repo's programs: the compiled-JavaScript cache (which installs the code cache itself)", () => {
    expect(tsLoader({ projectDir: path.join(root, "test/fixtures/programs/capture") })).toEqual({
        preloads: [path.join(root, "scripts/ts-cache-register.js")],
        env: {},
    });
});

test("another project: the V8 code cache first, then ts-node with the guard's tsconfig", () => {
    const loader = tsLoader({ projectDir: path.join(os.tmpdir(), "some-project") });
    expect(loader.preloads).toEqual([
        path.join(root, "guard/program-code-cache.js"),
        require.resolve("ts-node/register"),
    ]);
    expect(loader.env).toEqual({
        TS_NODE_PROJECT: path.join(root, "tsconfig.json"),
        TS_NODE_TRANSPILE_ONLY: "true",
    });
    // With a tsconfig named in Pulumi.yaml, that one.
    expect(tsLoader({ projectDir: root, tsconfig: "/x/tsconfig.json" }).env.TS_NODE_PROJECT).toBe(
        "/x/tsconfig.json",
    );
});

test("the code-cache preload installs the cache in that process", () => {
    const cc = path.join(root, "policy-pack/code-cache.js");
    const r = spawnSync(
        process.execPath,
        ["-r", path.join(root, "guard/program-code-cache.js"), "-e", `process.stdout.write(JSON.stringify(require(${JSON.stringify(cc)}).stats() ?? null))`], // prettier-ignore
        { encoding: "utf8", env: { ...process.env, HARDENED_CODE_CACHE: "1" } },
    );
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toMatchObject({ hits: expect.any(Number), misses: expect.any(Number) });
});
