// The blueprint's optional parts, each previewed by the guard CLI (its own process, as a user runs it): every
// documented variant must stay at zero mandatory violations.
import { allPartsStack, harborPhase1Stack } from "../lib/blueprint-stacks";
import { sharedGuardCli } from "../lib/shared-runs";

// Guard runs on a shared machine; a hang still ends the test.
jest.setTimeout(300_000);

const digest = "a".repeat(64);

/** `guard --json` with the config, in its own process; shared with other test files capturing the same config. */
async function guardJson(...config: string[]) {
    const r = await sharedGuardCli(["--json", ...config.flatMap((c) => ["--config", c])], 180_000);
    return { code: r.code, doc: JSON.parse(r.stdout || "{}"), stderr: r.stderr };
}

const types = (doc: { resources: { type: string; name: string }[] }) =>
    doc.resources.map((r) => `${r.type} ${r.name}`);

test("Harbor (phase 2) and the example workload (Vault-injected, digest-pinned, from Harbor)", async () => {
    // The stack with every optional part on (the run shared with refactor-graph.test.ts's "all" variant): Harbor in
    // phase 2 and the example workload, with kube-hunter, Falco's CloudWatch output and Harbor's S3 storage.
    const r = await guardJson(...allPartsStack);
    expect(r.code).toBe(0);
    expect(r.doc.summary.mandatory).toBe(0);
    expect(types(r.doc)).toEqual(
        expect.arrayContaining([
            "kubernetes:helm.sh/v3:Release harbor",
            "kubernetes:apps/v1:Deployment example",
        ]),
    );
    expect(
        r.doc.resources
            .filter((x: { type: string }) => x.type === "pulumi-nodejs:dynamic/registry:HarborProject")
            .map((x: { name: string }) => x.name),
    ).toEqual(["harbor-apps"]);
    const dep = r.doc.resources.find((x: { type: string }) => x.type === "kubernetes:apps/v1:Deployment");
    expect(dep.inputs.spec.template.spec.automountServiceAccountToken).toBe(false);
    // It pulls with the Harbor project's pull-only robot, whose secret never appears in plain text.
    expect(dep.inputs.spec.template.spec.imagePullSecrets).toEqual([{ name: "harbor-pull" }]);
    const pull = r.doc.resources.find((x: { name: string }) => x.name === "example-harbor-pull");
    expect(pull.inputs).toMatchObject({
        type: "kubernetes.io/dockerconfigjson",
        metadata: { name: "harbor-pull", namespace: "example" },
    });
    expect(["[secret]", "[unknown]"]).toContain(
        pull.inputs.data?.[".dockerconfigjson"] ?? pull.inputs.data ?? pull.inputs.stringData,
    );
});

test("the example workload refuses an image from outside Harbor when Harbor is on", async () => {
    const r = await guardJson(
        "harbor.enabled=true",
        "harbor.host=harbor.example.com",
        "example.enabled=true",
        `example.image=registry.k8s.io/pause:3.10@sha256:${digest}`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/registry\.k8s\.io/);
});

test("kube-hunter (optional) probes from its own restricted namespace; Harbor phase 1 creates no project", async () => {
    // One guard run for several variants (the machine is shared): kube-hunter, and Harbor before
    // harbor.apiReachable with the example workload that pulls from it (the run shared with
    // test/reachability/platform.test.ts).
    const r = await guardJson(...harborPhase1Stack);
    expect(r.code).toBe(0);
    // Issue 13, item 5: HarborProject would call https://harbor.example.com/api/v2.0 before any ingress, DNS or TLS
    // exists; phase 1 installs Harbor, creates no project, and says what to do next in one line.
    expect(types(r.doc)).toContain("kubernetes:helm.sh/v3:Release harbor");
    expect(
        r.doc.resources.filter(
            (x: { type: string }) => x.type === "pulumi-nodejs:dynamic/registry:HarborProject",
        ),
    ).toEqual([]);
    expect(r.stderr).toMatch(
        /Harbor projects pending \(apps\): point DNS for harbor\.example\.com .* harbor\.apiReachable true/,
    );
    expect(types(r.doc)).toEqual(
        expect.arrayContaining([
            "kubernetes:batch/v1:Job kube-hunter",
            // Its probe flows come from the flow catalogue, the only author of platform NetworkPolicies.
            "kubernetes:networking.k8s.io/v1:NetworkPolicy platform-flows-kube-hunter-flow-kube-hunter-api-out",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy platform-flows-kube-hunter-flow-kube-hunter-kubelets-out",
        ]),
    );
});

test("bring your own cluster: no AWS resource at all, every in-cluster component still installed", async () => {
    const r = await guardJson("cluster.mode=existing");
    expect(r.code).toBe(0);
    expect(r.doc.resources.filter((x: { type: string }) => x.type.startsWith("aws:"))).toEqual([]);
    expect(
        r.doc.resources.filter((x: { type: string }) => x.type === "kubernetes:helm.sh/v3:Release").length,
    ).toBeGreaterThanOrEqual(4);
});
