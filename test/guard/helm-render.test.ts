// Rendering releases into children, end to end through the guard's helm runner, with a stand-in helm (a Node
// script written at test time) so that `npm test` needs no helm binary. The stand-in prints what a chart would
// render from the values file it is given, including a field derived through a hash (as `sha256sum` would).
/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read deep into rendered, untyped objects */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { renderReleases } from "../../guard/helm-render";
import { defaultOptions, GuardResource, isSecret, secretOf, unknownValue } from "../../guard/model";

let dir: string;
let fakeHelm: string;
let chartDir: string;
const argsLog = () => path.join(dir, "args.log");

const fakeSource = (log: string) => `#!${process.execPath}
const fs = require("fs");
const crypto = require("crypto");
const a = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(a) + "\\n");
if (a[0] === "version") { process.stdout.write("v3.21.4"); process.exit(0); }
const opt = (k) => a[a.indexOf(k) + 1];
const values = JSON.parse(fs.readFileSync(opt("--values"), "utf8"));
const name = a[1];
const key = String(values.key ?? "none");
const docs = [
  "# Source: demo/templates/cm.yaml\\napiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: " + name + "-cfg\\ndata:\\n  key: " + JSON.stringify(key) + "\\n  hash: " + crypto.createHash("sha256").update(key).digest("hex") + "\\n  fixed: same",
  "# Source: demo/templates/pod.yaml\\napiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: " + name + "-pod\\n  annotations:\\n    helm.sh/hook: pre-install\\nspec:\\n  containers:\\n    - name: c\\n      image: registry.k8s.io/pause:3.10",
  "# Source: demo/templates/role.yaml\\napiVersion: rbac.authorization.k8s.io/v1\\nkind: ClusterRole\\nmetadata:\\n  name: " + name + "-role\\n  namespace: ignored\\nrules: []",
];
if (a.includes("--include-crds")) docs.unshift("# Source: demo/crds/widgets.yaml\\napiVersion: apiextensions.k8s.io/v1\\nkind: CustomResourceDefinition\\nmetadata:\\n  name: widgets.example.com\\nspec:\\n  group: example.com\\n  scope: Namespaced\\n  names: {kind: Widget, plural: widgets}\\n  versions: [{name: v1, served: true, storage: true}]");
process.stdout.write(docs.map((d) => "---\\n" + d + "\\n").join(""));
`;

beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "helm-render-test-"));
    fakeHelm = path.join(dir, "helm");
    fs.writeFileSync(fakeHelm, fakeSource(argsLog()), { mode: 0o755 });
    chartDir = path.join(dir, "charts");
    fs.mkdirSync(path.join(chartDir, "demo-1.0.0"), { recursive: true });
    fs.writeFileSync(
        path.join(chartDir, "demo-1.0.0", "Chart.yaml"),
        "apiVersion: v2\nname: demo\nversion: 1.0.0\n",
    );
    fs.writeFileSync(path.join(chartDir, "demo-1.0.0", "values.yaml"), "key: default\n");
    fs.mkdirSync(path.join(chartDir, "other"));
    fs.writeFileSync(
        path.join(chartDir, "other", "Chart.yaml"),
        "apiVersion: v2\nname: other\nversion: 2.0.0\n",
    );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const stackUrn = "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev";
function release(name: string, inputs: Record<string, unknown>): GuardResource {
    return {
        urn: `urn:pulumi:dev::proj::my:x:Comp$kubernetes:helm.sh/v3:Release::${name}`,
        type: "kubernetes:helm.sh/v3:Release",
        name,
        custom: true,
        parent: stackUrn,
        provider: "urn:pulumi:dev::proj::pulumi:providers:kubernetes::k8s::id",
        dependencies: ["urn:pulumi:dev::proj::kubernetes:core/v1:Namespace::ns"],
        propertyDependencies: {},
        options: defaultOptions(),
        inputs: { chart: "demo", version: "1.0.0", name: "rel", namespace: "apps", ...inputs },
        outputs: {},
    };
}

const render = (resources: GuardResource[], extra: Record<string, unknown> = {}) =>
    renderReleases(resources, { helm: fakeHelm, chartDir, kubeVersion: "1.34", ...extra });

test("each rendered object is a child of its release, typed as --manifests types it, with chart@version:template", async () => {
    const r = release("web", { values: { key: "plain" } });
    const out = await render([r]);
    expect(out.findings).toEqual([]);
    const children = out.resources.filter((x) => x.parent === r.urn);
    expect(out.resources[0]).toBe(r); // children follow their release
    expect(children.map((c) => [c.type, c.name, c.source])).toEqual([
        [
            "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
            "web:widgets.example.com",
            "demo@1.0.0:crds/widgets.yaml",
        ],
        ["kubernetes:core/v1:ConfigMap", "web:apps/rel-cfg", "demo@1.0.0:templates/cm.yaml"],
        ["kubernetes:core/v1:Pod", "web:apps/rel-pod", "demo@1.0.0:templates/pod.yaml"],
        [
            "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
            "web:rel-role",
            "demo@1.0.0:templates/role.yaml",
        ],
    ]);
    const [crd, cm, pod, role] = children;
    expect(cm.urn).toBe(
        "urn:pulumi:dev::proj::my:x:Comp$kubernetes:helm.sh/v3:Release$kubernetes:core/v1:ConfigMap::web:apps/rel-cfg",
    );
    expect(cm.provider).toBe(r.provider);
    expect(cm.dependencies).toEqual(r.dependencies);
    // Helm installs a namespaced object into the release namespace, never a cluster-scoped one.
    expect((cm.inputs.metadata as any).namespace).toBe("apps");
    expect((role.inputs.metadata as any).namespace).toBeUndefined();
    // helm install marks the release's objects as its own, but not hooks and not crds/.
    expect((cm.inputs.metadata as any).annotations).toMatchObject({ "meta.helm.sh/release-name": "rel" });
    expect((pod.inputs.metadata as any).labels).toBeUndefined();
    expect((crd.inputs.metadata as any).annotations).toBeUndefined();
    expect(cm.inputs.data).toEqual({
        key: "plain",
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        fixed: "same",
    });
});

test("helm gets the release, namespace, kube version, CRDs, hooks and the stack's CRD api-versions; no repository", async () => {
    fs.writeFileSync(argsLog(), "");
    await render([release("web", { values: {}, repositoryOpts: { repo: "https://example.com/charts" } })]);
    const calls = fs
        .readFileSync(argsLog(), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as string[]);
    const templates = calls.filter((c) => c[0] === "template");
    const last = templates[templates.length - 1];
    expect(last.slice(0, 3)).toEqual(["template", "rel", path.join(chartDir, "demo-1.0.0")]);
    expect(last).toEqual(
        expect.arrayContaining(["--namespace", "apps", "--kube-version", "v1.34", "--include-crds"]),
    );
    expect(last).not.toContain("--no-hooks");
    expect(last.join(" ")).not.toMatch(/--repo|https:/);
    // The CRD the first render found is offered to the next one.
    expect(last.join(" ")).toContain("--api-versions example.com/v1/Widget");
    expect(
        fs
            .readdirSync(os.tmpdir())
            .filter(
                (f) =>
                    f.startsWith("guard-helm-") && fs.existsSync(path.join(os.tmpdir(), f, "values-0.json")),
            ),
    ).toEqual([]);
});

test("an unknown leaf renders with a placeholder; the fields derived from it (even through a hash) are unknown", async () => {
    const out = await render([release("web", { values: { key: unknownValue } })]);
    const cm = out.resources.find((x) => x.type === "kubernetes:core/v1:ConfigMap")!;
    expect(cm.inputs.data).toEqual({ key: unknownValue, hash: unknownValue, fixed: "same" });
    expect(out.findings).toEqual([]);
});

test("an unknown release name keeps the release: names derived from it are shown as [unknown]", async () => {
    const out = await render([release("web", { name: undefined, values: {} })]);
    const cm = out.resources.find((x) => x.type === "kubernetes:core/v1:ConfigMap")!;
    expect(cm.name).toBe("web:apps/[unknown]-cfg");
    expect((cm.inputs.metadata as any).name).toBe(unknownValue);
});

test("a field derived from a secret value stays a secret, with the rendered value", async () => {
    const out = await render([release("web", { values: { key: secretOf("hunter2") } })]);
    const cm = out.resources.find((x) => x.type === "kubernetes:core/v1:ConfigMap")!;
    const data = cm.inputs.data as Record<string, unknown>;
    expect(isSecret(data.key) && data.key.value).toBe("hunter2");
    expect(isSecret(data.hash)).toBe(true);
    expect(data.fixed).toBe("same");
});

test("no chart source, a wrong version, no helm, a post-renderer, wholly unknown values: each is reported, never silent", async () => {
    const rs = [
        release("nochart", { chart: "absent", version: "1.0.0" }),
        release("wrongver", { chart: "other", version: "1.0.0" }),
        release("post", { postrender: "/bin/cat" }),
        release("unknown", { values: unknownValue }),
    ];
    const out = await render(rs);
    const why = out.findings.map((f) => [f.policy, f.level, f.message]);
    expect(why).toEqual([
        [
            "not-analyzed",
            "advisory",
            expect.stringMatching(/^not analyzed: .*::nochart: chart absent@1.0.0 not found in --chart-dir/),
        ],
        [
            "not-analyzed",
            "advisory",
            expect.stringMatching(/::wrongver: .*other\/Chart.yaml is version 2.0.0, not 1.0.0/),
        ],
        ["not-analyzed", "advisory", expect.stringMatching(/::post: postrender is set/)],
        ["not-analyzed", "advisory", expect.stringMatching(/::unknown: its values are unknown until apply/)],
    ]);
    const noHelm = await renderReleases([release("web", { values: {} })], {
        chartDir,
        kubeVersion: "1.34",
        helm: undefined,
    }).catch((e) => e);
    // Without --helm the guard looks on PATH; here PATH has no helm (jest's PATH is the system's: skip if it does).
    if (!process.env.PATH?.split(path.delimiter).some((d) => fs.existsSync(path.join(d, "helm"))))
        expect(noHelm.findings.map((f: any) => f.message)).toEqual([
            expect.stringMatching(/::web: no helm binary \(pass --helm PATH or put helm on PATH\)$/),
        ]);
});

test("a helm that fails, or prints something that is not Kubernetes YAML, leaves the release reported", async () => {
    const bad = path.join(dir, "bad-helm");
    fs.writeFileSync(
        bad,
        `#!${process.execPath}\nif (process.argv[2] === "version") { process.stdout.write("v3.21.4"); process.exit(0); }\nprocess.stdout.write("---\\n# Source: demo/templates/x.yaml\\nkind: [\\n");\n`,
        { mode: 0o755 },
    );
    const out = await renderReleases([release("web", { values: {} })], {
        helm: bad,
        chartDir,
        kubeVersion: "1.34",
    });
    expect(out.findings.map((f) => f.message)).toEqual([
        expect.stringMatching(/::web: helm output: demo\/templates\/x.yaml: invalid YAML/),
    ]);
    expect(out.resources).toHaveLength(1);
});
