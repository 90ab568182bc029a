// Issue 12: program mode sees what `pulumi preview` would run and register, and reports what it cannot see;
// manifests are read as kubectl reads them; --json carries the captured resource options.
import { sharedGuardCli } from "../lib/shared-runs";
import { fx, killMarked, runGuardCli } from "./helpers";

jest.setTimeout(180_000);

interface Doc {
    resources: {
        urn: string;
        type: string;
        name: string;
        parent?: string;
        options: Record<string, unknown>;
        inputs?: { metadata?: { annotations?: Record<string, string> } };
    }[];
    violations: { policy: string; level: string; urn: string; name: string; message: string }[];
}

async function guardJson(...args: string[]): Promise<{ code: number | null; doc: Doc; stderr: string }> {
    const r = await runGuardCli([...args, "--json"]);
    killMarked(r.marker);
    let doc: Doc;
    try {
        doc = JSON.parse(r.stdout) as Doc;
    } catch {
        throw new Error(`no JSON on stdout (exit ${r.code}): ${r.stderr.slice(-500)}`);
    }
    return { code: r.code, doc, stderr: r.stderr };
}

const policiesOf = (doc: Doc, name: string) =>
    doc.violations.filter((v) => v.name === name).map((v) => `${v.level} ${v.policy}`);

describe("--program honours Pulumi.yaml as pulumi preview does", () => {
    let main: Promise<{ code: number | null; doc: Doc }> | undefined;
    const mainRun = () => (main ??= guardJson("--program", fx("programs", "pulumi-main")));

    test("main: src/index.ts is run, not the decoy index.ts at the root", async () => {
        const { code, doc } = await mainRun();
        expect(doc.resources.map((r) => r.name)).toContain("real-program");
        expect(policiesOf(doc, "real-program")).toContain("mandatory pss-privileged");
        expect(code).toBe(1);
    });

    test("the program runs with the SDK's leak-report-only promise stacks off (guard/promise-stacks.ts)", async () => {
        const { doc } = await mainRun();
        const pod = doc.resources.find((r) => r.name === "real-program");
        expect(pod?.inputs?.metadata?.annotations?.["guard.test/cheap-promise-stacks"]).toBe("true");
    });

    test("runtime.options.nodeargs reach node (a --require preload the program depends on)", async () => {
        const { code, doc } = await guardJson("--program", fx("programs", "nodeargs"));
        expect(policiesOf(doc, "preloaded")).toContain("mandatory pss-privileged");
        expect(code).toBe(1);
    });
});

describe("no silent holes in program mode", () => {
    let doc: Doc;
    let code: number | null;
    beforeAll(async () => {
        ({ doc, code } = await guardJson("--program", fx("programs", "yaml-components")));
    });

    test("yaml.v2 ConfigGroup (file pattern and YAML string) and ConfigFile objects are children of the component and analyzed", () => {
        const group = doc.resources.find((r) => r.type === "kubernetes:yaml/v2:ConfigGroup")!;
        const file = doc.resources.find((r) => r.type === "kubernetes:yaml/v2:ConfigFile")!;
        const byName = (n: string) => doc.resources.find((r) => r.name === n);
        expect(byName("group:default/from-file")?.parent).toBe(group.urn);
        expect(byName("group:default/from-string")?.parent).toBe(group.urn);
        expect(byName("file:default/from-file")?.parent).toBe(file.urn);
        // hostPID: on (file) and hostNetwork: yes (string) are YAML 1.1 booleans.
        expect(policiesOf(doc, "group:default/from-file")).toContain("mandatory pss-host-namespaces");
        expect(policiesOf(doc, "file:default/from-file")).toContain("mandatory pss-host-namespaces");
        expect(policiesOf(doc, "group:default/from-string")).toContain("mandatory pss-host-namespaces");
        expect(code).toBe(1);
    });

    test("v1 yaml.ConfigFile objects are registered and analyzed (privileged: yes)", () => {
        const v1 = doc.resources.find((r) => r.type === "kubernetes:yaml:ConfigFile")!;
        const pod = doc.resources.find((r) => r.name === "default/from-v1-file");
        expect(pod?.parent).toBe(v1.urn);
        expect(policiesOf(doc, "default/from-v1-file")).toContain("mandatory pss-privileged");
    });

    test("helm.v4.Chart is rendered with the Helm releases, or reported once as an advisory 'not analyzed: <urn>: <why>'", () => {
        const chart = doc.resources.find((r) => r.type === "kubernetes:helm.sh/v4:Chart")!;
        // No --chart-dir here: the renderer cannot find the chart, and says so exactly once (never silently).
        const found = doc.violations.filter((x) => x.urn === chart.urn && x.policy === "not-analyzed");
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({ level: "advisory" });
        expect(found[0].message.startsWith(`not analyzed: ${chart.urn}: `)).toBe(true);
    });
});

describe("--state and --manifests", () => {
    test("a state resource whose inputs are encrypted secrets is reported, not silently passed", async () => {
        const { doc } = await guardJson("--state", fx("hostile", "state-encrypted-secret.json"));
        const urn = "urn:pulumi:prod::app::kubernetes:core/v1:Secret::creds";
        expect(doc.violations).toContainEqual(
            expect.objectContaining({ urn, policy: "not-analyzed", level: "advisory" }),
        );
        expect(doc.violations.find((v) => v.urn === urn && v.policy === "not-analyzed")!.message).toMatch(
            /^not analyzed: urn:pulumi:prod::app::kubernetes:core\/v1:Secret::creds: encrypted secrets \(inputs \/stringData\)/,
        );
    });

    test("YAML 1.1 booleans and merge keys in a manifest are seen as kubectl sees them", async () => {
        const { code, doc } = await guardJson("--manifests", fx("hostile", "yaml11-pod.yaml"));
        const found = doc.violations.filter((v) => v.name === "team-a/yaml11").map((v) => v.message);
        expect(found.join("\n")).toMatch(/hostNetwork=true/);
        expect(found.join("\n")).toMatch(/hostPID=true/);
        expect(policiesOf(doc, "team-a/yaml11")).toContain("mandatory pss-privileged");
        expect(code).toBe(1);
    });
});

describe("--json resources carry their options", () => {
    test("protect, retainOnDelete, deleteBeforeReplace, ignoreChanges, replaceOnChanges, customTimeouts, additionalSecretOutputs, aliases, provider", async () => {
        // The run shared with cli.test.ts, which checks the same document's contract.
        const r = await sharedGuardCli(["--program", fx("programs", "capture"), "--json"]);
        const doc = JSON.parse(r.stdout) as Doc;
        const secret = doc.resources.find((r) => r.type === "kubernetes:core/v1:Secret")!;
        expect(secret.options).toEqual({
            protect: true,
            retainOnDelete: false,
            deleteBeforeReplace: true,
            ignoreChanges: ["metadata.annotations"],
            replaceOnChanges: ["stringData"],
            customTimeouts: {},
            // @pulumi/kubernetes adds these for every Secret.
            additionalSecretOutputs: ["data", "stringData"],
            aliases: ["urn:pulumi:dev::project::kubernetes:core/v1:Secret::old-creds"],
            provider: expect.stringMatching(
                /^urn:pulumi:dev::project::.*pulumi:providers:kubernetes::cluster::/,
            ),
        });
        const cluster = doc.resources.find((r) => r.type === "aws:eks/cluster:Cluster")!;
        expect(cluster.options).toMatchObject({
            customTimeouts: { create: "30m" },
            additionalSecretOutputs: ["certificateAuthority"],
            provider: "urn:pulumi:dev::project::pulumi:providers:aws::default_7_48_0::[unknown]",
        });
        const stack = doc.resources.find((r) => r.type === "pulumi:pulumi:Stack")!;
        expect(stack.options.provider).toBeNull();
    });
});
