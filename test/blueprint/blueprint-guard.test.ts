// The blueprint under the guard: the whole program, previewed offline, through the policy pack's analyzer
// process, with the reviewed policy config. Zero mandatory violations, and the secure defaults in the graph.
import * as path from "path";
import { blueprintPolicyConfig } from "../../guard/cli";
import { isSecret, unknownValue } from "../../guard/model";
import { GuardResult } from "../../guard/run";
import { defaultBlueprintRun } from "./default-run";

let result: GuardResult;
beforeAll(async () => {
    // The run shared with blueprint-formats.test.ts.
    result = await defaultBlueprintRun();
}, 300_000);

const ofType = (t: string) => result.resources.filter((r) => r.type === t);

test("no mandatory violation on the default stack", () => {
    expect(result.violations.filter((v) => v.level === "mandatory")).toEqual([]);
});

test("the default stack is a hardened EKS cluster with every platform namespace", () => {
    expect(ofType("aws:eks/cluster:Cluster")).toHaveLength(1);
    const names = ofType("kubernetes:core/v1:Namespace")
        .map((r) => (r.inputs.metadata as { name: string }).name)
        .sort();
    expect(names).toEqual(["falco", "kube-bench", "monitoring", "node-exporter", "trivy-system", "vault"]);
});

test("only the reviewed namespaces are privileged, and each carries its reason", () => {
    const privileged = ofType("kubernetes:core/v1:Namespace").filter(
        (r) =>
            (r.inputs.metadata as { labels: Record<string, string> }).labels[
                "pod-security.kubernetes.io/enforce"
            ] === "privileged",
    );
    expect(privileged.map((r) => (r.inputs.metadata as { name: string }).name).sort()).toEqual([
        "falco",
        "kube-bench",
        "node-exporter",
        "trivy-system",
    ]);
    for (const r of privileged) {
        const ann = (r.inputs.metadata as { annotations: Record<string, string> }).annotations;
        expect(Object.values(ann).join(" ")).toMatch(/.{20,}/);
    }
    const exempted = result.exemptions
        .filter((e) => e.policy === "namespace-privileged-requires-exemption")
        .map((e) => e.namespace);
    expect(exempted.sort()).toEqual(["falco", "kube-bench", "node-exporter", "trivy-system"]);
});

test("every namespace is default-deny for ingress and egress", () => {
    const nps = ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy").map(
        (r) =>
            r.inputs as {
                metadata: { namespace: string };
                spec: { podSelector: object; policyTypes: string[]; ingress?: unknown[]; egress?: unknown[] };
            },
    );
    for (const ns of ["falco", "kube-bench", "monitoring", "node-exporter", "trivy-system", "vault"]) {
        const deny = nps.find(
            (p) =>
                p.metadata.namespace === ns &&
                Object.keys(p.spec.podSelector).length === 0 &&
                !p.spec.ingress?.length &&
                !p.spec.egress?.length,
        );
        expect(deny?.spec.policyTypes.sort()).toEqual(["Egress", "Ingress"]);
    }
});

test("secrets stay secret: generated passwords and the kubeconfig never appear in plain inputs", () => {
    const stack = result.resources.find((r) => r.type === "pulumi:pulumi:Stack")!;
    // During preview the kubeconfig is computed from the cluster's outputs: unknown, or else a secret; never plain.
    const kubeconfig = stack.outputs.kubeconfig;
    expect(isSecret(kubeconfig) || kubeconfig === unknownValue).toBe(true);
    // Generated values are unknown during preview (the components' own tests check them as secrets once known);
    // what must never happen is a Secret carrying a known, plain value.
    for (const r of ofType("kubernetes:core/v1:Secret")) {
        for (const key of ["stringData", "data"]) {
            const data = r.inputs[key];
            if (data === undefined || (r.inputs.type as string) === "kubernetes.io/tls") continue;
            expect({ name: r.name, plain: !(isSecret(data) || data === unknownValue) }).toEqual({
                name: r.name,
                plain: false,
            });
        }
    }
});

test("every Helm chart is pinned to a version", () => {
    const releases = ofType("kubernetes:helm.sh/v3:Release");
    expect(releases.length).toBeGreaterThanOrEqual(4);
    for (const r of releases) expect(r.inputs.version).toMatch(/^\d+\.\d+\.\d+$/);
});

test("the guard ran the pack as its own process over the whole stack", () => {
    expect(result.policyPack.name).toBe("hardened-cluster");
    expect(result.policyPack.policies).toBeGreaterThanOrEqual(50);
    expect(path.basename(blueprintPolicyConfig)).toBe("blueprint.policy-config.json");
});

test("Helm release values are known at preview except the leaves that name new resources (Vault's KMS key and role)", () => {
    const unknownPaths = (v: unknown, p = ""): string[] =>
        v === unknownValue
            ? [p]
            : typeof v === "object" && v !== null
              ? Object.entries(v).flatMap(([k, x]) => unknownPaths(x, p ? `${p}.${k}` : k))
              : [];
    const releases = ofType("kubernetes:helm.sh/v3:Release");
    expect(releases.length).toBeGreaterThanOrEqual(5);
    const byName = Object.fromEntries(releases.map((r) => [r.name, unknownPaths(r.inputs.values, "values")]));
    expect(byName.vault).toEqual([
        "values.server.ha.raft.config",
        "values.server.serviceAccount.annotations.eks.amazonaws.com/role-arn",
    ]);
    for (const [name, paths] of Object.entries(byName)) if (name !== "vault") expect(paths).toEqual([]);
});
