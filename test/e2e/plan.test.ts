// The e2e suite's pure parts (no tools): apply plan from a guard capture, placeholders, pods from templates, the
// PSA-differential corpus reader and version rule. The real-server half is e2e/test/*.e2e.test.ts (npm run test:e2e).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { GuardResource, planApply, placeholderText } from "../../e2e/lib/plan";
import { podFor } from "../../e2e/lib/pods";
import { effectiveVersion, loadCorpus, packFindings } from "../../e2e/lib/psa-differential";

const stack = "urn:pulumi:dev::hardened-cluster::pulumi:pulumi:Stack::hardened-cluster-dev";
const relUrn = "urn:pulumi:dev::hardened-cluster::blueprint:vault:Vault$kubernetes:helm.sh/v3:Release::vault";

function k8s(type: string, name: string, inputs: Record<string, unknown>, parent = stack): GuardResource {
    return { urn: `urn:pulumi:dev::hardened-cluster::${type}::${name}`, type, name, parent, inputs };
}

const capture: GuardResource[] = [
    { urn: stack, type: "pulumi:pulumi:Stack", name: "hardened-cluster-dev" },
    { urn: "urn:p", type: "pulumi:providers:kubernetes", name: "k8s" },
    { urn: "urn:r", type: "random:index/randomPassword:RandomPassword", name: "pw" },
    { urn: "urn:c", type: "blueprint:vault:Vault", name: "vault" },
    {
        urn: relUrn,
        type: "kubernetes:helm.sh/v3:Release",
        name: "vault",
        inputs: { name: "vault", namespace: "vault" },
    },
    k8s("kubernetes:apps/v1:Deployment", "web", {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", namespace: "apps" },
        spec: {
            template: { metadata: { labels: { a: "b" } }, spec: { containers: [{ name: "c", image: "i" }] } },
        },
    }),
    k8s("kubernetes:core/v1:ServiceAccountPatch", "apps-default", {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name: "default", namespace: "apps" },
        automountServiceAccountToken: false,
    }),
    k8s("kubernetes:core/v1:Secret", "db", {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "db", namespace: "apps" },
        stringData: "[unknown]",
        data: { token: "[secret]" },
    }),
    k8s("kubernetes:core/v1:Namespace", "apps", {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: "apps" },
    }),
    // Rendered children of the vault release (manifests-mode type tokens, parent = the release).
    k8s("kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration", "vault-injector", { apiVersion: "admissionregistration.k8s.io/v1", kind: "MutatingWebhookConfiguration", metadata: { name: "vault-agent-injector-cfg" } }, relUrn), // prettier-ignore
    k8s("kubernetes:v1:Pod", "vault-test", { apiVersion: "v1", kind: "Pod", metadata: { name: "vault-server-test", annotations: { "helm.sh/hook": "test" } }, spec: { containers: [{ name: "t", image: "i" }] } }, relUrn), // prettier-ignore
    k8s("kubernetes:batch/v1:Job", "vault-pre", { apiVersion: "batch/v1", kind: "Job", metadata: { name: "pre", annotations: { "helm.sh/hook": "pre-install", "helm.sh/hook-weight": "5" } }, spec: { template: { spec: { containers: [{ name: "j", image: "i" }] } } } }, relUrn), // prettier-ignore
    k8s("kubernetes:apps/v1:StatefulSet", "vault-sts", { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "vault" }, spec: { template: { spec: { containers: [{ name: "v", image: "i" }] } } } }, relUrn), // prettier-ignore
    k8s("kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition", "crd", { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name: "things.example.com" }, spec: { group: "example.com", names: { kind: "Thing" }, versions: [{ name: "v1" }] } }), // prettier-ignore
];

describe("planApply", () => {
    const plan = planApply(capture);
    const order = plan.items.map((i) => `${i.kind}${i.patch ? "Patch" : ""} ${i.name}`);

    it("applies CRDs, then Namespaces, then pre-install hooks, objects in Helm's kind order, post/test hooks, then patches", () => {
        expect(order).toEqual([
            "CustomResourceDefinition things.example.com",
            "Namespace apps",
            "Job pre",
            "Secret db",
            "Deployment web",
            "StatefulSet vault",
            "MutatingWebhookConfiguration vault-agent-injector-cfg",
            "Pod vault-server-test",
            "ServiceAccountPatch default",
        ]);
    });

    it("leaves out Pulumi-only resources, each with its reason, and marks which releases were rendered", () => {
        expect(plan.skipped.map((s) => `${s.type}: ${s.reason}`)).toEqual([
            "pulumi:pulumi:Stack: Pulumi stack",
            "pulumi:providers:kubernetes: Pulumi provider",
            "random:index/randomPassword:RandomPassword: Pulumi-only resource (random), not a Kubernetes object",
            "blueprint:vault:Vault: component resource (a Pulumi grouping, not a Kubernetes object)",
            "kubernetes:helm.sh/v3:Release: Pulumi-only Kubernetes resource (not an API object)",
        ]);
        expect(plan.releases).toEqual([{ urn: relUrn, name: "vault", namespace: "vault", rendered: true }]);
        expect(planApply(capture.filter((r) => r.parent !== relUrn)).releases[0].rendered).toBe(false);
    });

    it("puts a rendered child without a namespace into its release's namespace, as Helm does", () => {
        const sts = plan.items.find((i) => i.kind === "StatefulSet")!;
        expect(sts).toMatchObject({ namespace: "vault", release: "vault" });
        expect(sts.object.metadata.namespace).toBe("vault");
        const hook = plan.items.find((i) => i.kind === "Job")!;
        expect(hook.hooks).toEqual(["pre-install"]);
        expect(plan.items.find((i) => i.kind === "MutatingWebhookConfiguration")).toMatchObject({
            late: true,
            namespace: undefined,
        });
    });

    it("replaces unknown and secret values with placeholders the API server accepts, and records where", () => {
        const secret = plan.items.find((i) => i.kind === "Secret")!;
        expect(secret.object.stringData).toEqual({});
        expect(Buffer.from(secret.object.data.token, "base64").toString()).toBe(placeholderText);
        expect(secret.placeholders).toEqual(["stringData=[unknown]", "data.token=[secret]"]);
        // The capture itself is not modified.
        expect(capture.find((r) => r.name === "db")!.inputs!.stringData).toBe("[unknown]");
    });

    it("gives a wholly unknown Secret of a typed kind the keys API validation requires", () => {
        const tls = planApply([
            k8s("kubernetes:core/v1:Secret", "t", { apiVersion: "v1", kind: "Secret", type: "kubernetes.io/tls", metadata: { name: "t", namespace: "a" }, stringData: "[unknown]" }), // prettier-ignore
            k8s("kubernetes:core/v1:Secret", "d", { apiVersion: "v1", kind: "Secret", type: "kubernetes.io/dockerconfigjson", metadata: { name: "d", namespace: "a" }, data: "[secret]" }), // prettier-ignore
        ]).items;
        expect(tls[0].object.stringData).toEqual({ "tls.crt": placeholderText, "tls.key": placeholderText });
        expect(JSON.parse(Buffer.from(tls[1].object.data[".dockerconfigjson"], "base64").toString())).toEqual(
            { auths: {} },
        );
    });

    it("applies a Pulumi patch as its target kind", () => {
        const p = plan.items.find((i) => i.patch)!;
        expect(p).toMatchObject({ kind: "ServiceAccount", apiVersion: "v1", namespace: "apps" });
    });
});

describe("podFor", () => {
    const plan = planApply(capture);
    it("makes a Pod of each pod template, in the object's namespace, with the template's metadata", () => {
        const pods = plan.items.map(podFor).filter((p) => p !== undefined);
        expect(pods.map((p) => `${p!.metadata.namespace}/${p!.metadata.name}`)).toEqual([
            "vault/e2e-job-pre",
            "apps/e2e-deployment-web",
            "vault/e2e-statefulset-vault",
            "vault/e2e-pod-vault-server-test",
        ]);
        const web = pods.find((p) => p!.metadata.name === "e2e-deployment-web")!;
        expect(web).toEqual({
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name: "e2e-deployment-web", namespace: "apps", labels: { a: "b" } },
            spec: { containers: [{ name: "c", image: "i" }] },
        });
    });
});

describe("PSA differential (pure parts)", () => {
    it("evaluates a version newer than the server, and latest, at the server's own version", () => {
        expect(effectiveVersion("v1.37", 34)).toBe("v1.34");
        expect(effectiveVersion("latest", 34)).toBe("v1.34");
        expect(effectiveVersion("v1.34", 34)).toBe("v1.34");
        expect(effectiveVersion("v1.25", 34)).toBe("v1.25");
    });

    it("evaluates the pack at the server's version: a v1.37-only sysctl is denied on a 1.34 server", () => {
        const root = path.join(__dirname, "../../../shared/conformance/pod-security");
        const { fixtures } = loadCorpus(root);
        expect(fixtures).toHaveLength(148);
        const sysctls = fixtures.find(
            (f) => f.file === path.join("restricted", "v1.37", "pass", "sysctls1.yaml"),
        )!;
        expect(sysctls).toMatchObject({ level: "restricted", version: "v1.37", expected: "pass" });
        expect(packFindings(sysctls, 37)).toEqual([]);
        expect(packFindings(sysctls, 34).join()).toMatch(/^pss-sysctls: /);
    });

    it("reports files it cannot analyze instead of dropping them", () => {
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "corpus-"));
        try {
            const pod =
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i}]}\n";
            fs.mkdirSync(path.join(tmp, "baseline"));
            fs.mkdirSync(path.join(tmp, "misc"));
            fs.writeFileSync(path.join(tmp, "baseline", "p.yaml"), pod);
            fs.writeFileSync(path.join(tmp, "misc", "p.yaml"), pod);
            fs.writeFileSync(path.join(tmp, "baseline", "two.yaml"), `${pod}---\n${pod}`);
            fs.writeFileSync(path.join(tmp, "baseline", "bad.yaml"), "a: [\n");
            const c = loadCorpus(tmp);
            expect(c.fixtures.map((f) => [f.file, f.level, f.version])).toEqual([
                [path.join("baseline", "p.yaml"), "baseline", "latest"],
            ]);
            expect(c.unanalyzed.map((u) => u.file).sort()).toEqual(
                [
                    path.join("baseline", "bad.yaml"),
                    path.join("baseline", "two.yaml"),
                    path.join("misc", "p.yaml"),
                ].sort(),
            );
        } finally {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
        expect(() => loadCorpus(path.join(os.tmpdir(), "no-such-corpus-dir"))).toThrow(/is not a directory/);
    });
});
