/**
 * SecurityPlatform (issue 19), run by the guard as another program would run it (test/fixtures/programs/
 * security-platform: the component alone on an existing cluster, Args from config): the defaults install exactly
 * what the blueprint installs in cluster.mode=existing; every part can be turned off and overridden; all parts on
 * preview with no mandatory violation under the blueprint's policy config.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { blueprintPolicyConfig, parseCli } from "../../guard/cli";
import { render } from "../../guard/output";
import { runGuard } from "../../guard/run";
import { GuardResource, inputsHash, SnapshotEntry } from "../blueprint/graph-snapshot";

const root = path.join(__dirname, "../..");
const program = path.join(root, "test/fixtures/programs/security-platform");

interface Doc {
    resources: (GuardResource & { parent?: string })[];
    summary: { mandatory: number; advisory: number };
}

/**
 * The guard's run of the program with these Args, in this process (the program in its own process and the pack in
 * its own, as in the CLI), reported as `guard --json` reports it. What is asserted here is what the program
 * registers and its verdicts; the CLI process is test/guard's business (the bad-overrides case below spawns it).
 */
async function platform(args: unknown): Promise<Doc> {
    const result = await runGuard({
        program,
        config: [`args=${JSON.stringify(args)}`],
        policyConfig: blueprintPolicyConfig,
        log: () => undefined,
    });
    return JSON.parse(render(result, parseCli(["--json"]))) as Doc;
}

const names = (d: Doc, type: string) => d.resources.filter((r) => r.type === type).map((r) => r.name);
const namespaces = (d: Doc) =>
    names(d, "kubernetes:core/v1:Namespace")
        .map((n) => n.replace(/^ns-/, ""))
        .sort();

const components: Record<string, string> = {
    admission: "blueprint:admission:AdmissionGuardrails",
    monitoring: "blueprint:monitoring:KubePrometheusStack",
    vault: "blueprint:vault:Vault",
    trivy: "blueprint:scanning:TrivyOperator",
    falco: "blueprint:runtime:Falco",
    kubeBench: "blueprint:compliance:KubeBench",
    harbor: "blueprint:registry:Harbor",
    kubeHunter: "blueprint:compliance:KubeHunter",
};

jest.setTimeout(300_000);

test('new SecurityPlatform("platform", {}) installs what the blueprint installs in cluster.mode=existing', async () => {
    const d = await platform({});
    const blueprint: SnapshotEntry[] = JSON.parse(
        fs.readFileSync(path.join(root, "test/fixtures/refactor19/graph-before-existing.json"), "utf8"),
    );
    const strip = (urn: string) => urn.replace("blueprint:platform:SecurityPlatform$", "");
    const now = d.resources
        .filter((r) => r.type !== "blueprint:platform:SecurityPlatform")
        .map((r) => `${strip(r.urn)} ${inputsHash(r.inputs)}`)
        .sort();
    expect(now).toEqual(blueprint.map((b) => `${b.urn} ${b.inputs}`).sort());
    expect(d.summary.mandatory).toBe(0);
});

/**
 * One run for two tests: every part on (Harbor and kube-hunter too), three of them with overrides (the defaults of the
 * others are on the default run above).
 */
let allOn: Promise<Doc> | undefined;
const allOnWithOverrides = () =>
    (allOn ??= platform({
        harbor: { host: "harbor.example.com", tls: { mode: "secret", secretName: "harbor-tls" } },
        kubeHunter: {},
        vault: { replicas: 5 },
        kubeBench: { schedule: "0 4 * * 1" },
        monitoring: { retention: "30d" },
    }));

test("all parts on (Harbor and kube-hunter too): each installed, in its namespace, no mandatory violation", async () => {
    const d = await allOnWithOverrides();
    for (const type of Object.values(components)) expect(names(d, type)).toHaveLength(1);
    expect(namespaces(d)).toEqual(
        [
            "falco",
            "harbor",
            "kube-bench",
            "kube-hunter",
            "monitoring",
            "node-exporter",
            "trivy-system",
            "vault",
        ].sort(),
    );
    expect(d.summary.mandatory).toBe(0);
    // Every part is a child of the platform.
    const platformUrn = d.resources.find((r) => r.type === "blueprint:platform:SecurityPlatform")!.urn;
    for (const type of Object.values(components))
        expect(d.resources.find((r) => r.type === type)!.parent).toBe(platformUrn);
});

/**
 * The parts that `false` turns off, in four runs instead of one run per part: each part is off in exactly two runs (its
 * own pair of the four), so for every two parts x and y some run has x off and y on. Each run checks that the parts it
 * sets to false are gone and that every other part is installed, so each part is seen off, and seen not to take
 * any other part with it.
 */
const switchable = ["admission", "monitoring", "vault", "trivy", "falco", "kubeBench"];
const offRuns: string[][] = [
    ["admission", "monitoring", "vault"],
    ["admission", "trivy", "falco"],
    ["monitoring", "trivy", "kubeBench"],
    ["vault", "falco", "kubeBench"],
];

test("the off-runs turn each part off with every other part still on in one of them", () => {
    for (const x of switchable)
        for (const y of switchable)
            if (x !== y)
                expect([x, y, offRuns.some((run) => run.includes(x) && !run.includes(y))]).toEqual([
                    x,
                    y,
                    true,
                ]);
});

test.each(offRuns.map((run) => [run.join(", "), run] as const))(
    "%s: false turns those parts off, and only those; no mandatory violation",
    async (_, off) => {
        const d = await platform(Object.fromEntries(off.map((part) => [part, false])));
        for (const part of switchable)
            expect([part, names(d, components[part]).length]).toEqual([part, off.includes(part) ? 0 : 1]);
        // Harbor and kube-hunter are off by default.
        expect(names(d, components.harbor)).toEqual([]);
        expect(names(d, components.kubeHunter)).toEqual([]);
        expect(d.summary.mandatory).toBe(0);
    },
);

test("overrides reach the parts", async () => {
    const d = await allOnWithOverrides();
    const release = (name: string) =>
        d.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.name === name)!.inputs as {
            values: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
        };
    expect(release("vault").values.server.ha.replicas).toBe(5);
    expect(release("monitoring").values.prometheus.prometheusSpec.retention).toBe("30d");
    // kube-bench's own CronJob (the parts on here may bring others).
    const kubeBench = d.resources.find((r) => r.type === components.kubeBench)!.urn;
    const cron = d.resources.find((r) => r.type === "kubernetes:batch/v1:CronJob" && r.parent === kubeBench)!
        .inputs as {
        spec: { schedule: string };
    };
    expect(cron.spec.schedule).toBe("0 4 * * 1");
});

test("bad overrides stop the program with the part's own validator, before any resource", () => {
    const r = spawnSync(
        process.execPath,
        [
            path.join(root, "guard/bin.js"),
            "--program",
            program,
            "--config",
            `args=${JSON.stringify({ kubeBench: { schedule: "a b c d e" } })}`,
        ],
        { cwd: root, encoding: "utf8", timeout: 300_000 },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/schedule: Invalid value: "a b c d e"/);
});
