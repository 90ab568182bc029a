// test/jest/transform.js: Jest runs our TypeScript as TypeScript's transpileModule emits it with the repo's
// tsconfig.json (what ts-jest with isolatedModules gave), from the guard's compiled-JavaScript cache, and stack traces
// still point at the .ts lines.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const transformer = require("./transform.js") as {
    process(text: string, file: string): { code: string; map: string | null };
};

const root = path.resolve(__dirname, "../..");

/** transpileModule with tsconfig.json's options, its source-map comment taken off. */
function reference(file: string, text: string): string {
    const parsed = ts.getParsedCommandLineOfConfigFile(
        path.join(root, "tsconfig.json"),
        {},
        {
            ...ts.sys,
            onUnRecoverableConfigFileDiagnostic: (d) => {
                throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
            },
        },
    )!;
    const out = ts.transpileModule(text, {
        compilerOptions: { ...parsed.options, noEmit: false },
        fileName: file,
        reportDiagnostics: false,
    }).outputText;
    return out.replace(/\n\/\/# sourceMappingURL=[^\n]*$/, "\n");
}

test("the code is what transpileModule gives with tsconfig.json's options, with its source map", () => {
    for (const rel of [
        "test/jest/transform.test.ts",
        "policy-pack/lib/fast-server.ts",
        "guard/run.ts",
        "components/platform/securityPlatform.ts",
    ]) {
        const file = path.join(root, rel);
        const text = fs.readFileSync(file, "utf8");
        const out = transformer.process(text, file);
        expect([rel, out.code]).toEqual([rel, reference(file, text)]);
        expect(JSON.parse(out.map!).sources).toEqual([path.basename(file)]);
    }
});

test("text that is not the file's on disk is transpiled as given", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blueprint-transform-"));
    try {
        const file = path.join(dir, "m.ts");
        fs.writeFileSync(file, "export const a: number = 1;\n");
        expect(transformer.process("export const a: number = 1;\n", file).code).toMatch(/exports\.a = 1;/);
        expect(transformer.process("export const a: number = 2;\n", file).code).toMatch(/exports\.a = 2;/);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

test("stack traces point at the TypeScript lines", () => {
    const text = fs.readFileSync(__filename, "utf8");
    const marker = 'const where = new Error("here").stack'; // this very line
    const line = text.split("\n").findIndex((l) => l.includes(marker) && !l.includes("const marker")) + 1;
    const where = new Error("here").stack;
    expect(where).toContain(`transform.test.ts:${line}:`);
});
