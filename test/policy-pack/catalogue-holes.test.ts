/**
 * Issue 12 "catalogue holes" and issue 16 "ServiceAccount automount": token automount judged with the pod's
 * ServiceAccount from the same stack; a projected serviceAccountToken volume while automount is off; an allow-all
 * NetworkPolicy beside a default-deny.
 */
import { allPolicies } from "../../policy-pack/policies";
import { Finding, PolicyResource } from "../../policy-pack/lib/types";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- resource props in tests

function run(name: string, resources: PolicyResource[]): Finding[] {
    const p = allPolicies.find((x) => x.name === name);
    if (!p || p.kind !== "stack") throw new Error(`no stack policy ${name}`);
    return p.check(resources, {});
}
const violations = (fs: Finding[]) => fs.filter((f) => !f.undecided);
const undecided = (fs: Finding[]) => fs.filter((f) => f.undecided);

let seq = 0;
function res(type: string, props: Obj): PolicyResource {
    const name = `r${++seq}`;
    return { type, name, urn: `urn:pulumi:test::bp::${type}::${name}`, props };
}
const sa = (name: string, ns: string, automount?: boolean) =>
    res("kubernetes:core/v1:ServiceAccount", {
        metadata: { name, namespace: ns },
        ...(automount === undefined ? {} : { automountServiceAccountToken: automount }),
    });
const pod = (spec: Obj, ns = "apps") =>
    res("kubernetes:apps/v1:Deployment", {
        metadata: { name: "web", namespace: ns },
        spec: { template: { spec: { containers: [{ name: "c", image: "x" }], ...spec } } },
    });

describe("automount-service-account-token", () => {
    test("automount off on the ServiceAccount (pod unset) passes", () => {
        expect(
            run("automount-service-account-token", [
                sa("web", "apps", false),
                pod({ serviceAccountName: "web" }),
            ]),
        ).toEqual([]);
        expect(run("automount-service-account-token", [sa("default", "apps", false), pod({})])).toEqual([]);
    });
    test("pod unset and its ServiceAccount does not turn it off: violation", () => {
        const f = run("automount-service-account-token", [
            sa("web", "apps"),
            pod({ serviceAccountName: "web" }),
        ]);
        expect(violations(f).map((x) => x.message)).toEqual([
            expect.stringContaining('ServiceAccount "apps/web"'),
        ]);
        expect(
            violations(
                run("automount-service-account-token", [
                    sa("web", "apps", true),
                    pod({ serviceAccountName: "web" }),
                ]),
            ),
        ).toHaveLength(1);
    });
    test("the pod's own setting wins over the ServiceAccount's", () => {
        expect(
            violations(
                run("automount-service-account-token", [
                    sa("web", "apps", false),
                    pod({ serviceAccountName: "web", automountServiceAccountToken: true }),
                ]),
            ),
        ).toHaveLength(1);
        expect(
            run("automount-service-account-token", [
                sa("web", "apps", true),
                pod({ serviceAccountName: "web", automountServiceAccountToken: false }),
            ]),
        ).toEqual([]);
    });
    test("a ServiceAccount of another namespace does not count", () => {
        const f = run("automount-service-account-token", [
            sa("web", "other", false),
            pod({ serviceAccountName: "web" }),
        ]);
        expect(violations(f)).toEqual([]);
        expect(undecided(f).map((x) => x.message)).toEqual([
            expect.stringContaining('"apps/web" is not in this stack'),
        ]);
    });
    test("a projected serviceAccountToken volume mounts a token although automount is off", () => {
        const f = run("automount-service-account-token", [
            pod({
                automountServiceAccountToken: false,
                volumes: [
                    { name: "cfg", configMap: { name: "c" } },
                    {
                        name: "tok",
                        projected: {
                            sources: [{ serviceAccountToken: { path: "token", audience: "vault" } }],
                        },
                    },
                ],
            }),
        ]);
        expect(violations(f).map((x) => x.message)).toEqual([
            expect.stringContaining('projected volume(s) "tok"'),
        ]);
        expect(
            run("automount-service-account-token", [
                pod({
                    automountServiceAccountToken: false,
                    volumes: [{ name: "p", projected: { sources: [{ configMap: { name: "c" } }] } }],
                }),
            ]),
        ).toEqual([]);
    });
});

describe("namespace-default-deny: an allow-all beside a default-deny cancels it", () => {
    const np = (spec: Obj, ns = "apps") =>
        res("kubernetes:networking.k8s.io/v1:NetworkPolicy", {
            metadata: { name: `np${++seq}`, namespace: ns },
            spec,
        });
    const deny = () => np({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    test("default-deny alone passes", () => {
        expect(run("namespace-default-deny", [pod({}), deny()])).toEqual([]);
    });
    test("an allow-all ingress rule for every pod cancels the ingress default-deny", () => {
        const allow = np({ podSelector: {}, policyTypes: ["Ingress"], ingress: [{}] });
        const f = run("namespace-default-deny", [pod({}), deny(), allow]);
        expect(f).toEqual([
            {
                message: expect.stringMatching(
                    /default-deny NetworkPolicy for ingress, but .*allows all ingress/,
                ),
                urn: allow.urn,
            },
        ]);
    });
    test("an allow-all egress (to: [] and no ports) cancels the egress default-deny", () => {
        const allow = np({ podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [] }] });
        expect(run("namespace-default-deny", [pod({}), deny(), allow]).map((x) => x.message)).toEqual([
            expect.stringContaining("allows all egress"),
        ]);
    });
    test("narrow allows, or an allow-all for some pods only, do not cancel it", () => {
        const narrow = np({
            podSelector: {},
            policyTypes: ["Ingress"],
            ingress: [{ ports: [{ port: 8080 }] }],
        });
        const some = np({
            podSelector: { matchLabels: { app: "x" } },
            policyTypes: ["Ingress"],
            ingress: [{}],
        });
        const other = np({ podSelector: {}, ingress: [{}] }, "other");
        expect(run("namespace-default-deny", [pod({}), deny(), narrow, some, other])).toEqual([]);
    });
});
