/**
 * Issue 18 for real: the generated ValidatingAdmissionPolicies on a real kube-apiserver (v1.34.4, the e2e14
 * harness: e2e/lib/cluster.ts). The policies and bindings load (no compile or cost error in their status), every
 * admission fixture's fail case is denied in enforce mode (mandatory policies) with the policy's message, or warned
 * (advisory policies, and every policy in warn mode), and every pass case is admitted. Objects are created with
 * dryRun=All: full admission, nothing stored.
 * Written against e2e14's harness API (startCluster, KubeClient.apply/createDryRun/get).
 */
import { generateAdmissionPolicies, GeneratedPolicy, Obj } from "../../policy-pack/admission/generate";
import { allPolicies } from "../../policy-pack/policies";
import { fixtures } from "../../test/admission/fixtures";
import { Cluster, startCluster } from "../lib/cluster";
import { statusMessage } from "../lib/kube";

let cluster: Cluster;
beforeAll(async () => {
    cluster = await startCluster({ log: () => undefined });
    for (const name of ["apps", "default"]) {
        const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name } };
        if (name !== "default") await cluster.client.apply(ns);
    }
}, 600_000);
afterAll(async () => {
    await cluster?.stop();
});

async function install(gen: GeneratedPolicy[]): Promise<void> {
    for (const g of gen) {
        for (const o of [g.params, g.policy, g.binding].filter((x): x is Obj => !!x)) {
            const r = await cluster.client.apply(o);
            expect([o.kind, o.metadata.name, r.status, r.status < 300 ? "" : statusMessage(r)]).toEqual([
                o.kind,
                o.metadata.name,
                r.status,
                "",
            ]);
        }
    }
}

/** Waits until the policy's typeChecking status is observed (compiled by the API server). */
async function loaded(gen: GeneratedPolicy[]): Promise<Obj[]> {
    const out: Obj[] = [];
    for (const g of gen) {
        for (let i = 0; ; i++) {
            const r = await cluster.client.get(
                "admissionregistration.k8s.io/v1",
                "ValidatingAdmissionPolicy",
                g.policy.metadata.name,
            );
            if (r.body?.status?.observedGeneration === r.body?.metadata?.generation || i > 60) {
                out.push(r.body);
                break;
            }
            await new Promise((res) => setTimeout(res, 1000));
        }
    }
    return out;
}

/** Create with dryRun, retrying while the new bindings are not yet active (the admission plugin syncs them). */
async function create(o: Obj, expectDenied: boolean) {
    for (let i = 0; ; i++) {
        const r = await cluster.client.createDryRun(o);
        if (r.status >= 400 === expectDenied || i > 20) return r;
        await new Promise((res) => setTimeout(res, 1000));
    }
}

describe.each(["enforce", "warn"] as const)("mode %s", (mode) => {
    let gen: GeneratedPolicy[];
    beforeAll(async () => {
        gen = generateAdmissionPolicies(allPolicies, { mode });
        await install(gen);
    }, 600_000);

    test("every policy loads: no expression warnings or errors in its status", async () => {
        const status = await loaded(gen);
        expect(
            status.map((s) => [s.metadata.name, s.status?.typeChecking?.expressionWarnings ?? []]),
        ).toEqual(gen.map((g) => [g.policy.metadata.name, []]));
    }, 300_000);

    test.each(fixtures.map((f) => [f.id, f] as const))(
        "%s",
        async (_id, f) => {
            const g = gen.find((x) => x.name === f.policy)!;
            const deny = f.expect === "fail" && g.binding!.spec.validationActions.includes("Deny");
            const r = await create(f.object, deny);
            if (f.expect === "pass") {
                expect([r.status < 300, r.status < 300 ? "" : statusMessage(r)]).toEqual([true, ""]);
                expect(r.warnings.filter((w) => w.includes(g.policy.metadata.name))).toEqual([]);
            } else if (deny) {
                expect(r.status).toBe(422);
                expect(statusMessage(r)).toContain(g.policy.metadata.name);
            } else {
                expect(r.status < 300).toBe(true);
                expect(r.warnings.some((w) => w.includes(g.policy.metadata.name))).toBe(true);
            }
        },
        120_000,
    );
});
