/**
 * The pack ships as compiled JavaScript (policy-pack/bin, built by `npm ci` through `prepare`): `pulumi preview
 * --policy-pack ./policy-pack` and the guard both run policy-pack/main.js, which rebuilds changed sources first.
 * These tests prove the built pack and the sources agree, and that a changed source is rebuilt, not run stale.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/* eslint-disable @typescript-eslint/no-require-imports -- the build is plain JavaScript */
const packBuild = require("../../policy-pack/build") as {
    build(o: { root: string; outDir: string; dirs: string[] }): {
        transpiled: string[];
        deleted: string[];
        sources: string[];
    };
    buildPack(): { transpiled: string[]; sources: string[] };
    transpile(src: string, fileName: string): string;
    packOptions: { root: string; outDir: string };
};
const packDir = path.resolve(__dirname, "../../policy-pack");

describe("the built policy pack", () => {
    beforeAll(() => packBuild.buildPack());

    test("package.json main is the JavaScript entry, which loads bin/index.js", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8"));
        expect(pkg.main).toBe("main.js");
        expect(fs.readFileSync(path.join(packDir, "main.js"), "utf8")).toContain(
            'require("./bin/policy-pack/index.js")',
        );
    });

    test("every source has its build, equal to a fresh transpile of the source, and nothing else is built", () => {
        const { sources } = packBuild.buildPack();
        expect(sources).toContain("policy-pack/index.ts");
        expect(sources).toContain("analysis/reachability.ts");
        expect(sources).toContain("lib/k8s.ts");
        expect(sources.length).toBeGreaterThan(90);
        for (const rel of sources) {
            const built = fs.readFileSync(path.join(packDir, "bin", rel.replace(/\.ts$/, ".js")), "utf8");
            const src = fs.readFileSync(path.join(packBuild.packOptions.root, rel), "utf8");
            expect(built).toBe(packBuild.transpile(src, rel));
        }
        const builtFiles: string[] = [];
        const walk = (d: string, rel = "") => {
            for (const e of fs.readdirSync(d, { withFileTypes: true })) {
                if (e.isDirectory()) walk(path.join(d, e.name), path.join(rel, e.name));
                else if (e.name.endsWith(".js")) builtFiles.push(path.join(rel, e.name));
            }
        };
        walk(path.join(packDir, "bin"));
        expect(builtFiles.sort()).toEqual(sources.map((s) => s.replace(/\.ts$/, ".js")).sort());
    });

    test("the built catalogue has the sources' policies, with the same metadata", () => {
        const built = require(path.join(packDir, "bin", "policy-pack", "policies.js")) as {
            allPolicies: Array<{ name: string; enforcementLevel?: string; severity?: string }>;
        };
        const src = require("../../policy-pack/policies") as typeof built;
        const view = (ps: typeof built.allPolicies) =>
            ps.map((p) => ({ name: p.name, level: p.enforcementLevel, severity: p.severity }));
        expect(view(built.allPolicies)).toEqual(view(src.allPolicies));
        expect(built.allPolicies.length).toBe(src.allPolicies.length);
    });
});

describe("incremental build", () => {
    let root: string;
    let out: string;
    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "pack-build-"));
        out = path.join(root, "bin");
        fs.mkdirSync(path.join(root, "lib"));
        fs.writeFileSync(
            path.join(root, "index.ts"),
            'import { x } from "./lib/x";\nexport const y: number = x;\n',
        );
        fs.writeFileSync(path.join(root, "lib", "x.ts"), "export const x: number = 1;\n");
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    test("first build transpiles everything; an unchanged tree transpiles nothing", () => {
        expect(packBuild.build({ root, outDir: out, dirs: [""] }).transpiled).toEqual([
            "index.ts",
            "lib/x.ts",
        ]);
        expect(packBuild.build({ root, outDir: out, dirs: [""] }).transpiled).toEqual([]);
        expect(require(path.join(out, "index.js")).y).toBe(1);
    });

    test("a changed source alone is transpiled again (never run stale); a deleted one loses its output", () => {
        packBuild.build({ root, outDir: out, dirs: [""] });
        const f = path.join(root, "lib", "x.ts");
        fs.writeFileSync(f, "export const x: number = 22;\n");
        const later = new Date(Date.now() + 5000);
        fs.utimesSync(f, later, later);
        expect(packBuild.build({ root, outDir: out, dirs: [""] }).transpiled).toEqual(["lib/x.ts"]);
        expect(fs.readFileSync(path.join(out, "lib", "x.js"), "utf8")).toContain("22");
        fs.rmSync(f);
        const r = packBuild.build({ root, outDir: out, dirs: [""] });
        expect(r.deleted).toEqual(["lib/x.ts"]);
        expect(fs.existsSync(path.join(out, "lib", "x.js"))).toBe(false);
    });

    test("a build by another build id (options or build.js changed) still deletes the outputs of moved sources", () => {
        packBuild.build({ root, outDir: out, dirs: [""] });
        const manifestFile = path.join(out, ".build-manifest.json");
        const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
        fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, buildId: "an earlier build.js" }));
        // lib/x.ts moves to shared/x.ts in the same change that edits build.js (as the lib/ move of issue 19 did).
        fs.mkdirSync(path.join(root, "shared"));
        fs.renameSync(path.join(root, "lib", "x.ts"), path.join(root, "shared", "x.ts"));
        fs.writeFileSync(
            path.join(root, "index.ts"),
            'import { x } from "./shared/x";\nexport const y: number = x;\n',
        );
        const r = packBuild.build({ root, outDir: out, dirs: [""] });
        expect(r.transpiled).toEqual(["index.ts", "shared/x.ts"]);
        expect(r.deleted).toEqual(["lib/x.ts"]);
        expect(fs.existsSync(path.join(out, "lib", "x.js"))).toBe(false);
        expect(JSON.parse(fs.readFileSync(manifestFile, "utf8")).earlier).toBeUndefined();
    });

    test("an edit that keeps size and mtime is caught by a deleted build output, not ignored", () => {
        packBuild.build({ root, outDir: out, dirs: [""] });
        fs.rmSync(path.join(out, "index.js"));
        expect(packBuild.build({ root, outDir: out, dirs: [""] }).transpiled).toEqual(["index.ts"]);
    });
});
