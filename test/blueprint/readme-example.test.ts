// The README's composition example is real code: it is this fixture (type-checked by `npm test`'s tsc), and it
// previews clean under the guard with the policy pack.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const root = path.join(__dirname, "../..");
const fixture = path.join(root, "test/fixtures/programs/readme-example/index.ts");

test("the README's example is the compiled fixture, with the package name as import", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const block = /## Compose the components in your own stack\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    const code = fs
        .readFileSync(fixture, "utf8")
        .replace('"../../../../components"', '"hardened-cluster-blueprint"');
    expect(block).toBe(code);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    expect(pkg.name).toBe("hardened-cluster-blueprint");
    expect(pkg.types).toBe("bin/components/index.d.ts");
});

test("the example previews with no violation (another stack composing our components)", () => {
    const r = spawnSync(
        process.execPath,
        [
            path.join(root, "guard/bin.js"),
            "--program",
            path.dirname(fixture),
            "--config",
            "kubeconfig={}",
            "--policy-config",
            "test/fixtures/policy-config/readme-example.json",
            "--json",
        ],
        { cwd: root, encoding: "utf8", timeout: 120_000 },
    );
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toMatchObject({ mandatory: 0, advisory: 0 });
    expect(doc.resources.map((x: { type: string }) => x.type)).toEqual(
        expect.arrayContaining([
            "blueprint:workload:SecureWorkload",
            "kubernetes:apps/v1:Deployment",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy",
        ]),
    );
});

test("every relative link in the README points at a file that exists", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const links = [...readme.matchAll(/\]\(([^)#]+)\)/g)].map((m) => m[1]).filter((l) => !/^https?:/.test(l));
    expect(links.length).toBeGreaterThan(5);
    expect(links.filter((l) => !fs.existsSync(path.join(root, l)))).toEqual([]);
});

test("the README gives the set-up commands that CI runs, and the e2e suite CI runs after them", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    expect(readme).toMatch(/## Set-up[\s\S]*?```sh\nnpm ci\nnpm test\n```/);
    expect(readme).toMatch(/```sh\nnpm run test:e2e /);
    const ci = fs.readFileSync(path.join(root, ".ci/run"), "utf8");
    // CI runs the README's two commands first, then lint and the docs-freshness check, then the e2e suite.
    expect(ci.split("\n").filter((l) => /^npm /.test(l))).toEqual([
        "npm ci",
        "npm test",
        "npm run lint",
        "npm run docs",
        "npm run test:e2e",
    ]);
    expect(ci).toMatch(/\nnpm run docs\ngit diff --exit-code -- docs Pulumi\.yaml/);
    expect(ci).toMatch(/set -euo pipefail/);
});
