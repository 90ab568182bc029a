/**
 * The package other stacks install (issue 19): `npm pack` the blueprint, install the tarball into a throw-away
 * consumer project OFFLINE (the tarball unpacked into its node_modules, every pinned dependency linked from this
 * repo's node_modules: no registry, no network), type-check the consumer's index.ts against the packed .d.ts files,
 * and preview it with the guard, using the policy pack shipped in the tarball: clean.
 *
 * Under `npm test`, scripts/typecheck.js has built bin/ already (the same program as `npm run build`, which prepack
 * runs) and recorded it: when that record proves bin/ is what prepack would build now (scripts/build-stamp.js: same
 * TypeScript, options, root files, and every input and output file byte for byte), the tarball is packed from it
 * with prepack's build skipped, and `prepare` run as npm pack runs it. Otherwise (run alone, or anything changed)
 * `npm pack` runs prepack as users get it.
 */
import { spawnSync, SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.join(__dirname, "../..");
const PKG = "hardened-cluster-blueprint";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const buildStamp = require("../../scripts/build-stamp") as {
    check(file: string, ts: unknown): { fresh: true } | { fresh: false; reason: string };
};

/** The consumer program, as the README shows it ("Use it from your own stack"). */
const consumerProgram = `import * as pulumi from "@pulumi/pulumi";
import { existingClusterProvider, SecurityPlatform } from "${PKG}";

// Any conformant cluster: its kubeconfig is a secret of this stack.
const config = new pulumi.Config();
const provider = existingClusterProvider("my-cluster", { kubeconfig: config.requireSecret("kubeconfig") });

// The whole in-cluster platform with its defaults; each part takes overrides, or false to leave it out.
const platform = new SecurityPlatform(
    "platform",
    { harbor: { host: "harbor.example.com", tls: { mode: "secret", secretName: "harbor-tls" } } },
    { provider },
);

export const vaultAddress = platform.vaultAddress;
export const vaultCaCert = platform.vaultCaCert;
export const harborUrl = platform.harborUrl;
export const namespaces = platform.namespaceLevels;
`;

function run(cmd: string, args: string[], cwd: string, timeout = 600_000): SpawnSyncReturns<string> {
    const r = spawnSync(cmd, args, {
        cwd,
        encoding: "utf8",
        timeout,
        // Never the network: npm stays offline, whatever the user's npm config says.
        env: {
            ...process.env,
            npm_config_offline: "true",
            npm_config_audit: "false",
            npm_config_fund: "false",
        },
    });
    if (r.status !== 0)
        throw new Error(
            `${cmd} ${args.join(" ")} exited ${r.status}:\n${r.stdout}\n${r.stderr}`.slice(0, 4000),
        );
    return r;
}

/**
 * Whether npm pack may skip prepack's build: this run's type-check recorded a build of bin/ that is still exactly
 * what `npm run build` would build, and packing runs no lifecycle script other than prepack (that build) and prepare.
 */
async function builtByTypecheck(): Promise<boolean> {
    const file = process.env.BLUEPRINT_TEST_BUILD_STAMP;
    if (!file) return false;
    const scripts = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts as Record<
        string,
        string
    >;
    const lifecycle = Object.keys(scripts).filter((s) =>
        /^(pre|post)?(pack|prepare|publish|prepublishOnly)$/.test(s),
    );
    if (
        scripts.prepack !== "npm run build" ||
        scripts.build !== "tsc -p tsconfig.build.json" ||
        lifecycle.sort().join() !== "prepack,prepare"
    )
        return false;
    // scripts/test.js writes the record once the build is done (or a failed one).
    while (!fs.existsSync(file)) await new Promise((r) => setTimeout(r, 200));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const verdict = buildStamp.check(file, require("typescript"));
    if (!verdict.fresh) process.stderr.write(`consumer test: building bin/ again (${verdict.reason})\n`);
    return verdict.fresh;
}

let tmp: string;
let app: string;
let packedFiles: string[];

beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "blueprint-consumer-"));
    const packArgs = ["pack", "--json", "--pack-destination", tmp];
    if (await builtByTypecheck()) {
        // bin/ is prepack's build; prepare as npm pack would run it, then pack without lifecycle scripts.
        run("npm", ["run", "prepare"], root);
        packArgs.push("--ignore-scripts");
    }
    // Else prepack builds bin/ (tsc -p tsconfig.build.json), prepare the pack's compiled JavaScript.
    const packed = JSON.parse(run("npm", packArgs, root).stdout) as {
        filename: string;
        files: { path: string }[];
    }[];
    packedFiles = packed[0].files.map((f) => f.path);
    const tarball = path.join(tmp, path.basename(packed[0].filename));

    app = path.join(tmp, "app");
    const modules = path.join(app, "node_modules");
    fs.mkdirSync(path.join(modules, PKG), { recursive: true });
    run("tar", ["-xzf", tarball, "-C", path.join(modules, PKG), "--strip-components=1"], tmp);
    // Offline install of the pinned dependencies: link them from this repo's node_modules (the versions the
    // lockfile pins), so the consumer and the guard share one @pulumi/pulumi.
    for (const entry of fs.readdirSync(path.join(root, "node_modules")))
        if (![".bin", ".package-lock.json", PKG, "hardened-cluster-policies"].includes(entry))
            fs.symlinkSync(path.join(root, "node_modules", entry), path.join(modules, entry));

    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    fs.writeFileSync(
        path.join(app, "package.json"),
        JSON.stringify(
            {
                name: "consumer",
                private: true,
                dependencies: {
                    [PKG]: `file:../${path.basename(tarball)}`,
                    "@pulumi/pulumi": pkg.dependencies["@pulumi/pulumi"],
                },
            },
            null,
            2,
        ),
    );
    fs.writeFileSync(path.join(app, "Pulumi.yaml"), "name: consumer\nruntime: nodejs\n");
    fs.writeFileSync(
        path.join(app, "tsconfig.json"),
        JSON.stringify({
            compilerOptions: {
                target: "ES2022",
                module: "node16",
                moduleResolution: "node16",
                strict: true,
                esModuleInterop: true,
                skipLibCheck: true,
                types: ["node"],
                noEmit: true,
            },
            files: ["index.ts"],
        }),
    );
    fs.writeFileSync(path.join(app, "index.ts"), consumerProgram);
}, 900_000);

afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test("the tarball holds the compiled components with types and the compiled policy pack, and no sources", () => {
    expect(packedFiles).toEqual(
        expect.arrayContaining([
            "package.json",
            "README.md",
            "bin/components/index.js",
            "bin/components/index.d.ts",
            "policy-pack/PulumiPolicy.yaml",
            "policy-pack/package.json",
            "policy-pack/main.js",
            "policy-pack/bin/policy-pack/index.js",
            // lib/ (neutral helpers) ships with both: the components' and the standalone pack's.
            "bin/lib/cidr.js",
            "policy-pack/bin/lib/k8s.js",
            "policy-pack/blueprint.policy-config.json",
        ]),
    );
    const sources = packedFiles.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
    expect(sources).toEqual([]);
    expect(
        packedFiles.filter((f) => /^(test|node_modules|guard|e2e)\//.test(f) || f.endsWith(".map")),
    ).toEqual([]);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    expect(pkg.private).toBeUndefined();
    expect(pkg.exports["."]).toEqual({
        types: "./bin/components/index.d.ts",
        default: "./bin/components/index.js",
    });
});

test("the consumer program type-checks against the packed declarations", () => {
    const tsc = path.join(root, "node_modules/typescript/bin/tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: app, encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
});

test("the consumer previews clean under the guard, with the policy pack from the tarball", () => {
    const pack = path.join(app, "node_modules", PKG, "policy-pack");
    const r = spawnSync(
        process.execPath,
        [
            path.join(root, "guard/bin.js"),
            "--program",
            app,
            "--config",
            "kubeconfig={}",
            "--policy-pack",
            pack,
            "--policy-config",
            path.join(pack, "blueprint.policy-config.json"),
            "--json",
        ],
        { cwd: app, encoding: "utf8", timeout: 300_000 },
    );
    expect(r.stderr).not.toMatch(/guard: .*(error|failed)/i);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    // Clean: no mandatory violation. The advisory notes left are honest ones: Helm releases not rendered (no
    // --chart-dir here), Namespace PSA versions that need the cluster's version, exemptions of parts left out.
    expect(doc.summary.mandatory).toBe(0);
    const notes = doc.violations.map((v: { policy: string; message: string }) =>
        v.policy === "not-analyzed" && /helm\.sh\/v3:Release/.test(v.message)
            ? "release not rendered"
            : /Unused exemption/.test(v.message)
              ? "unused exemption"
              : v.policy,
    );
    expect([...new Set(notes)].sort()).toEqual(expect.arrayContaining(["release not rendered"]));
    expect(
        notes.filter(
            (n: string) =>
                !["release not rendered", "unused exemption", "namespace-psa-version-outdated"].includes(n),
        ),
    ).toEqual([]);
    expect(doc.resources.map((x: { type: string }) => x.type)).toEqual(
        expect.arrayContaining([
            "blueprint:platform:SecurityPlatform",
            "blueprint:vault:Vault",
            "blueprint:registry:Harbor",
            "kubernetes:batch/v1:CronJob",
        ]),
    );
});

test("the README's 'Use it from your own stack' example is this consumer program", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const block = /## Use it from your own stack\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(consumerProgram);
});
