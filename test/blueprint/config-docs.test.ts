// Pulumi.yaml and docs/configuration.md are generated from config/*.ts; they must not drift.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { allKeys } from "../../config";
import { renderConfigDoc, renderPulumiYaml } from "../../scripts/generate-config";

const root = path.join(__dirname, "../..");

test("Pulumi.yaml is current (run `npm run docs`)", () => {
    expect(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")).toBe(renderPulumiYaml());
});

test("docs/configuration.md is current (run `npm run docs`)", () => {
    expect(fs.readFileSync(path.join(root, "docs/configuration.md"), "utf8")).toBe(renderConfigDoc());
});

test("every non-secret key has a type, a description and a default in Pulumi.yaml; keys are unique", () => {
    const doc = parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8"));
    expect(doc.runtime).toEqual({ name: "nodejs", options: { typescript: true } });
    const keys = allKeys.map((k) => k.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of allKeys.filter((x) => !x.secret)) {
        const decl = doc.config[k.key];
        expect(decl).toMatchObject({ type: k.type, description: expect.any(String) });
        expect(decl.default).toEqual(k.default);
    }
    expect(Object.keys(doc.config).sort()).toEqual(
        allKeys
            .filter((k) => !k.secret)
            .map((k) => k.key)
            .sort(),
    );
});
