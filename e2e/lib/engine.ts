/**
 * The real Pulumi engine against the e2e API server (issue 20): the CLI and the plugins built from the Go module
 * proxy by e2e/tools/build.sh, a local backend and PULUMI_HOME in a temp dir, the passphrase secrets provider with a
 * fixed test passphrase, nothing that phones home.
 *
 * Plugins: our language host (e2e/tools/pulumi-language-nodejs) and the dynamic-provider script
 * (e2e/tools/shims/pulumi-resource-pulumi-nodejs) are found on PATH; the Kubernetes provider is installed with
 * `pulumi plugin install resource kubernetes <@pulumi/kubernetes' version> --file`, and the random and tls plugins
 * with our TEST-ONLY stand-in (e2e/tools/pulumi-resource-standin) because their upstream modules are not on the
 * proxy.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { e2eConfig, projectRoot, sharedDir } from "./capture";
import { Cluster } from "./cluster";
import { E2eError, toolPaths } from "./tools";

/** The blueprint plus test-only changes (ENGINE_E2E_MODE), same project name and URNs. */
export const testProgram = path.join(projectRoot, "e2e", "engine-program");

/**
 * The stack name of both the engine run and the guard run (same URNs): the guard's default stack name, because the
 * guard's `--stack NAME` reads Pulumi.NAME.yaml from the project root, and the engine's stack file stays in its temp
 * dir (nothing is written into the repo); both get the same config as `--config` values (stackConfig / e2eConfig).
 */
export const engineStack = "dev";
/** A fixed passphrase: the stack's secrets only protect throw-away test values. */
export const testPassphrase = "blueprint-engine-e2e-test-passphrase";

export interface Engine {
    dir: string;
    env: NodeJS.ProcessEnv;
    configFile: string;
    /** Versions the plugins were installed under, and what was built, for the record. */
    plugins: { name: string; version: string; built: string }[];
    /**
     * Runs `pulumi args` in the project root, or in `opts.cwd` (e.g. the test program e2e/engine-program) with
     * `opts.env` added; resolves with exit code and output, never throws on a non-zero exit.
     */
    pulumi(
        args: string[],
        opts?: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutSeconds?: number },
    ): Promise<RunResult>;
    cleanup(): void;
}

export interface RunResult {
    code: number | null;
    stdout: string;
    stderr: string;
    seconds: number;
}

function pkgVersion(name: string): string {
    return (
        JSON.parse(fs.readFileSync(path.join(projectRoot, "node_modules", name, "package.json"), "utf8")) as {
            version: string;
        }
    ).version;
}

/** A kubeconfig for the e2e cluster's admin client certificate (the files stay in the cluster's temp dir). */
export function writeKubeconfig(cluster: Cluster, file: string): void {
    const f = (n: string) => path.join(cluster.dir, n);
    fs.writeFileSync(
        file,
        JSON.stringify({
            apiVersion: "v1",
            kind: "Config",
            clusters: [
                { name: "e2e", cluster: { server: cluster.url, "certificate-authority": f("ca.crt") } },
            ],
            users: [{ name: "e2e-admin", user: { "client-certificate": f("admin.crt"), "client-key": f("admin.key") } }], // prettier-ignore
            contexts: [{ name: "e2e", context: { cluster: "e2e", user: "e2e-admin" } }],
            "current-context": "e2e",
        }),
    );
}

/**
 * The components left out of the engine run, and why: their Helm releases cannot be installed here. There is no
 * network (the chart repositories do not resolve), and their sources in ../shared/charts-src lack subcharts that
 * their Chart.yaml declares (see offlineChartGaps), which Helm refuses to install without. The guard runs with the
 * same keys, so both sides see the same program.
 */
export const engineExcluded: Record<string, { chart: string; key: string }> = {
    monitoring: { chart: "kube-prometheus-stack", key: "monitoring.enabled" },
    falco: { chart: "falco", key: "falco.enabled" },
};

/** The e2e config (cluster.mode=existing, default platform plus Harbor and the example) minus engineExcluded. */
export const engineConfig = [...e2eConfig, ...Object.values(engineExcluded).map((e) => `${e.key}=false`)];

/** Stack config: engineConfig as the stack file's `config:` (YAML-compatible JSON). */
export function stackConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
    const config: Record<string, unknown> = {};
    for (const c of engineConfig) {
        const eq = c.indexOf("=");
        config[`hardened-cluster:${c.slice(0, eq)}`] = c.slice(eq + 1);
    }
    return { ...config, ...extra };
}

/**
 * Per chart source in ../shared/charts-src (`<chart>-<version>/`), the dependencies its Chart.yaml declares that are
 * missing from its charts/ directory (Helm checks every declared one, enabled or not). Empty when complete.
 */
export function offlineChartGaps(): Record<string, string[]> {
    const src = path.join(sharedDir, "charts-src");
    const out: Record<string, string[]> = {};
    for (const d of fs.readdirSync(src, { withFileTypes: true })) {
        const m = /^(.+)-(\d+\.\d+\.\d+.*)$/.exec(d.name);
        if (!d.isDirectory() || !m) continue;
        const chart = YAML.parse(fs.readFileSync(path.join(src, d.name, "Chart.yaml"), "utf8")) as {
            dependencies?: { name: string; alias?: string }[];
        };
        const sub = path.join(src, d.name, "charts");
        const present = fs.existsSync(sub) ? fs.readdirSync(sub) : [];
        out[m[1]] = (chart.dependencies ?? []).map((x) => x.name).filter((n) => !present.includes(n));
    }
    return out;
}

function run(
    cmd: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    cwd: string,
    timeoutSeconds: number,
): Promise<RunResult> {
    const start = Date.now();
    return new Promise((resolve, reject) => {
        // Its own process group, so that a timeout kills the CLI with every plugin it started.
        const p = spawn(cmd, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        const timer = setTimeout(() => {
            try {
                process.kill(-(p.pid as number), "SIGKILL");
            } catch {
                // gone
            }
        }, timeoutSeconds * 1000);
        p.on("error", reject);
        p.on("close", (code) => {
            clearTimeout(timer);
            // Plugins left behind by a crashed CLI die with the group.
            try {
                process.kill(-(p.pid as number), "SIGKILL");
            } catch {
                // gone
            }
            resolve({ code, stdout, stderr, seconds: (Date.now() - start) / 1000 });
        });
    });
}

/** Sets up the CLI, its plugins and a fresh local-backend stack `engine-e2e` configured for `cluster`. */
export async function setupEngine(cluster: Cluster, log: (l: string) => void): Promise<Engine> {
    const tools = toolPaths(["pulumi", "pulumi-language-nodejs", "pulumi-resource-kubernetes", "pulumi-resource-standin"]); // prettier-ignore
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blueprint-engine-"));
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    fs.mkdirSync(path.join(dir, "backend"));
    fs.symlinkSync(tools.pulumi, path.join(bin, "pulumi"));
    fs.symlinkSync(tools["pulumi-language-nodejs"], path.join(bin, "pulumi-language-nodejs"));
    fs.symlinkSync(path.join(projectRoot, "e2e", "tools", "shims", "pulumi-resource-pulumi-nodejs"), path.join(bin, "pulumi-resource-pulumi-nodejs")); // prettier-ignore
    // Offline chart sources for the test program: <chart> -> ../shared/charts-src/<chart>-<version>.
    const charts = path.join(dir, "charts");
    fs.mkdirSync(charts);
    for (const d of fs.readdirSync(path.join(sharedDir, "charts-src"), { withFileTypes: true })) {
        const m = /^(.+)-(\d+\.\d+\.\d+.*)$/.exec(d.name);
        if (d.isDirectory() && m)
            fs.symlinkSync(path.join(sharedDir, "charts-src", d.name), path.join(charts, m[1]));
    }
    const kubeconfig = path.join(dir, "kubeconfig");
    writeKubeconfig(cluster, kubeconfig);
    const env: NodeJS.ProcessEnv = {
        PATH: `${bin}:${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
        HOME: dir,
        PULUMI_HOME: path.join(dir, "pulumi-home"),
        PULUMI_BACKEND_URL: `file://${path.join(dir, "backend")}`,
        PULUMI_CONFIG_PASSPHRASE: testPassphrase,
        PULUMI_SKIP_UPDATE_CHECK: "1",
        // `--event-log` (the engine events, read by the differential) exists only with the debug commands on.
        PULUMI_DEBUG_COMMANDS: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_SKIP_CONFIRMATIONS: "true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
        PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
        PULUMI_COPILOT: "false",
        PULUMI_TELEMETRY: "false",
        DO_NOT_TRACK: "1",
        NO_COLOR: "1",
        KUBECONFIG: kubeconfig,
        ENGINE_E2E_CHARTS: charts,
        TMPDIR: os.tmpdir(),
    };
    const configFile = path.join(dir, `Pulumi.${engineStack}.yaml`);
    const pulumi: Engine["pulumi"] = (args, opts = {}) =>
        run(
            path.join(bin, "pulumi"),
            [...args, "--non-interactive"],
            { ...env, ...opts.env },
            opts.cwd ?? projectRoot,
            opts.timeoutSeconds ?? 600,
        );
    const must = async (args: string[]) => {
        const r = await pulumi(args);
        if (r.code !== 0)
            throw new E2eError(
                `pulumi ${args.join(" ")} failed (exit ${r.code}): ${lastLines(r.stderr + r.stdout)}`,
            );
        return r;
    };

    const k8s = pkgVersion("@pulumi/kubernetes");
    const plugins = [
        { name: "kubernetes", version: k8s, binary: tools["pulumi-resource-kubernetes"], built: "pulumi-kubernetes/provider/v4 v4.0.0-20260115033456-f47bc2d6f199" }, // prettier-ignore
        { name: "random", version: pkgVersion("@pulumi/random"), binary: tools["pulumi-resource-standin"], built: "test-only stand-in (e2e/tools/pulumi-resource-standin)" }, // prettier-ignore
        { name: "tls", version: pkgVersion("@pulumi/tls"), binary: tools["pulumi-resource-standin"], built: "test-only stand-in (e2e/tools/pulumi-resource-standin)" }, // prettier-ignore
    ];
    for (const p of plugins) {
        await must(["plugin", "install", "resource", p.name, `v${p.version}`, "--file", p.binary]);
        log(`engine: plugin ${p.name} v${p.version} installed from ${p.built}`);
    }
    // `pulumi stack init` has no --config-file: it writes Pulumi.<stack>.yaml (with the passphrase's salt) beside
    // the Pulumi.yaml it finds. Run it in a temp project of the same name, so nothing is written into the repo; the
    // stack file then lives in the temp dir and every later command names it with --config-file.
    const initDir = path.join(dir, "init-project");
    fs.mkdirSync(initDir);
    fs.writeFileSync(path.join(initDir, "Pulumi.yaml"), "name: hardened-cluster\nruntime: nodejs\n");
    const init = await pulumi(["stack", "init", engineStack, "--secrets-provider", "passphrase"], {
        cwd: initDir,
    });
    if (init.code !== 0) throw new E2eError(`pulumi stack init failed (exit ${init.code}): ${lastLines(init.stderr + init.stdout)}`); // prettier-ignore
    const initFile = path.join(initDir, `Pulumi.${engineStack}.yaml`);
    const doc = (fs.existsSync(initFile) ? YAML.parse(fs.readFileSync(initFile, "utf8")) : {}) as Record<string, unknown>; // prettier-ignore
    fs.writeFileSync(configFile, YAML.stringify({ ...doc, config: stackConfig() }));
    return {
        dir,
        env,
        configFile,
        plugins: plugins.map(({ name, version, built }) => ({ name, version, built })),
        pulumi,
        cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
    };
}

export function lastLines(text: string, n = 8): string {
    return text.trim().split("\n").slice(-n).join(" | ");
}

/** One engine event of `--event-log` (only the fields used here). */
export interface EngineEvent {
    resourcePreEvent?: {
        metadata: { op: string; urn: string; type: string; new?: { parent?: string; type: string } };
    };
    policyEvent?: { resourceUrn?: string; policyName: string; policyPackName: string; enforcementLevel: string; message: string }; // prettier-ignore
    diagnosticEvent?: { urn?: string; message: string; severity: string };
    summaryEvent?: { resourceChanges?: Record<string, number> };
}

export function readEvents(file: string): EngineEvent[] {
    if (!fs.existsSync(file)) return [];
    return fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as EngineEvent);
}

/**
 * Runs `pulumi <verb>` of the test program (the blueprint with its charts from ../shared/charts-src: there is no
 * network here) with the policy pack and an event log; returns the result and the events.
 */
export async function runWithPack(
    engine: Engine,
    verb: "preview" | "up" | "destroy",
    opts: { mode?: "up" | "bad-pod"; extra?: string[]; config?: Record<string, string> } = {},
): Promise<{ result: RunResult; events: EngineEvent[] }> {
    let configFile = engine.configFile;
    if (opts.config) {
        // The stack's own file (with the passphrase provider's salt written by stack init) plus the extra keys.
        const doc = YAML.parse(fs.readFileSync(engine.configFile, "utf8")) as {
            config?: Record<string, unknown>;
        };
        doc.config = { ...doc.config, ...opts.config };
        configFile = path.join(engine.dir, `Pulumi.${engineStack}.${opts.mode ?? "extra"}.yaml`);
        fs.writeFileSync(configFile, YAML.stringify(doc));
    }
    const eventLog = path.join(engine.dir, `${verb}-${Date.now()}.events.jsonl`);
    const pack =
        verb === "destroy"
            ? []
            : [
                  "--policy-pack", path.join(projectRoot, "policy-pack"),
                  "--policy-pack-config", path.join(projectRoot, "policy-pack", "blueprint.policy-config.json"),
              ]; // prettier-ignore
    const yes = verb === "preview" ? [] : ["--yes", "--skip-preview"];
    const result = await engine.pulumi([
        verb, "--stack", engineStack, "--config-file", configFile, "--event-log", eventLog, ...pack, ...yes, ...(opts.extra ?? []),
    ], { cwd: testProgram, env: { ENGINE_E2E_MODE: opts.mode ?? "" } }); // prettier-ignore
    return { result, events: readEvents(eventLog) };
}
