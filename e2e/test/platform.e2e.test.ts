/**
 * The platform on a real kube-apiserver (v1.34, built by e2e/tools/build.sh): every captured (and rendered) object
 * accepted by server-side apply, every pod template admitted by real Pod Security admission at its namespace's
 * enforce level, a privileged pod refused in a restricted namespace, and the pack's pss-* verdicts equal to real
 * admission's on all 148 PSA conformance fixtures.
 */
import { Cluster, startCluster } from "../lib/cluster";
import { E2eResult, runE2e } from "../run";
import { toolPaths } from "../lib/tools";

let cluster: Cluster | undefined;
let result: E2eResult;
const lines: string[] = [];

beforeAll(async () => {
    const tools = toolPaths(["etcd", "kube-apiserver", "helm"]);
    cluster = await startCluster({ log: (l) => lines.push(l) });
    result = await runE2e(cluster, (l) => lines.push(l), tools.helm);
    process.stderr.write(`${lines.join("\n")}\n${result.summary}\n`);
}, 600_000);

afterAll(async () => {
    if (!cluster) return;
    cluster.client.close();
    await cluster.stop();
});

test("admission is real: a privileged pod in a restricted namespace is refused by PodSecurity", () => {
    expect(result.negative.level).toMatch(/^restricted:/);
    expect(result.negative.message).toMatch(/^403: .*violates PodSecurity "restricted:/);
    expect(result.negative.refused).toBe(true);
});

test("every Kubernetes object of the platform is accepted by server-side apply", () => {
    const refused = result.applied
        .filter((o) => !o.ok && !o.notServed)
        .map((o) => `${o.item.urn}: ${o.message}`);
    expect(refused).toEqual([]);
    // A custom resource whose CRD only a Helm release installs is applied once the guard renders releases; until
    // then it is reported (never dropped) with the release that would define it.
    const notServed = result.applied.filter((o) => o.notServed);
    if (result.rendering) expect(notServed.map((o) => o.item.urn)).toEqual([]);
    else
        for (const o of notServed)
            expect(o.message).toMatch(/Helm releases not rendered: .*kube-prometheus-stack-crds/);
    // The platform's own objects, not an empty plan: namespaces, their policies, the example workload, Harbor's secrets.
    const kinds = new Set(result.applied.map((o) => o.item.kind));
    for (const k of [
        "Namespace",
        "NetworkPolicy",
        "ResourceQuota",
        "LimitRange",
        "Deployment",
        "CronJob",
        "Job",
        "Secret",
    ])
        expect(kinds).toContain(k);
    expect(result.applied.length).toBeGreaterThanOrEqual(130);
});

test("only Pulumi-only resources are left out (providers, components, Helm releases, random/tls/vault)", () => {
    for (const s of result.plan.skipped)
        expect(s.type).not.toMatch(/^kubernetes:(?!helm\.sh\/|yaml\/|kustomize\/)/);
});

test("every pod template is admitted at its namespace's enforce level", () => {
    const refused = result.pods
        .filter((p) => p.verdict !== "admitted")
        .map((p) => `${p.object} ${p.namespace} ${p.level}: ${p.message}`);
    expect(refused).toEqual([]);
    // The blueprint's own workloads are among them, each at the level of its namespace.
    const example = result.pods.find((p) => p.object.startsWith("Deployment example"));
    expect(example).toMatchObject({
        namespace: "example",
        level: expect.stringMatching(/^restricted:/),
        verdict: "admitted",
    });
    const bench = result.pods.filter((p) => p.namespace === "kube-bench");
    expect(bench.length).toBeGreaterThanOrEqual(2);
});

test("the pack's pss-* verdicts equal real Pod Security admission on all 148 conformance fixtures", () => {
    const d = result.differential;
    expect(d.unanalyzed).toEqual([]);
    expect(d.comparisons.filter((c) => !c.agree).map((c) => c.fixture.file)).toEqual([]);
    expect(d.agree).toBe(148);
    // Both outcomes occur: the comparison cannot pass by everything being allowed (or denied).
    expect(d.comparisons.filter((c) => c.server === "denied").length).toBeGreaterThan(100);
    expect(d.comparisons.filter((c) => c.server === "allowed").length).toBeGreaterThan(30);
});

test("the summary line", () => {
    expect(result.summary).toMatch(
        /^e2e: \d+ objects applied, \d+ pod templates admitted, 148 PSA fixtures agree$/,
    );
    // ok means everything applied, admitted and agreeing; without rendering, the unserved custom resource keeps it false.
    expect(result.ok).toBe(result.rendering ? true : result.applied.every((o) => o.ok));
});
