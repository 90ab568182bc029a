/**
 * Issue 12, "catalogue holes", what does not fit the per-policy tables (persistent-volume-host-path,
 * namespace-baseline-requires-exemption, namespace-psa-version-outdated and ingress-https-redirect in cases/):
 * values unknown during preview, undecided findings, and an exemption through the CrossGuard adapter.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { toCrossGuard } from "../../policy-pack/lib/adapter";
import { allPolicies } from "../../policy-pack/policies";
import { PolicyResource } from "../../policy-pack/lib/types";
import { Obj, preview, res, run, unknownString } from "./coverage-helpers";
import { psa, tlsIngress } from "./cases/fixtures/holes";

const undecided = (name: string, input: PolicyResource | PolicyResource[], config: Obj = {}) =>
    run(name, input, config).filter((f) => f.undecided);
const violations = (name: string, input: PolicyResource | PolicyResource[], config: Obj = {}) =>
    run(name, input, config).filter((f) => !f.undecided);

describe("persistent-volume-host-path", () => {
    test("an unknown source is not verified, not passed; an unknown path still reports the hostPath", () => {
        expect(
            undecided(
                "persistent-volume-host-path",
                res(
                    "kubernetes:core/v1:PersistentVolume",
                    preview({ metadata: { name: "u" }, spec: unknownString }),
                ),
            ),
        ).toHaveLength(1);
        expect(
            undecided(
                "persistent-volume-host-path",
                res(
                    "kubernetes:core/v1:PersistentVolume",
                    preview({ metadata: { name: "u" }, spec: { hostPath: unknownString } }),
                ),
            ),
        ).toHaveLength(1);
        expect(
            violations(
                "persistent-volume-host-path",
                res(
                    "kubernetes:core/v1:PersistentVolume",
                    preview({ metadata: { name: "u" }, spec: { hostPath: { path: unknownString } } }),
                ),
            ).map((f) => f.message),
        ).toEqual([expect.stringContaining("hostPath volume at (path not known until apply)")]);
    });
});

describe("PSA labels that silently relax a namespace", () => {
    test("a reviewed reason in the policy config (exemption) clears it, through the CrossGuard adapter", () => {
        const p = allPolicies.find((x) => x.name === "namespace-baseline-requires-exemption")!;
        const cg = toCrossGuard(p) as StackValidationPolicy;
        const reported: string[] = [];
        cg.validateStack(
            {
                resources: [psa("legacy", "baseline"), psa("other", "baseline")].map((r) => ({
                    ...r,
                    isType: () => false,
                    asType: () => undefined,
                    dependencies: [],
                    propertyDependencies: {},
                })),
                getConfig: () => ({
                    exemptions: [
                        { namespace: "legacy", reason: "reviewed: vendor image runs as root until v3" },
                    ],
                }),
            } as never,
            (m: string) => reported.push(m),
        );
        expect(reported).toEqual([expect.stringContaining('Namespace "other"')]);
    });

    test("with no known cluster version, an old pin is not verified rather than passed", () => {
        const f = run("namespace-psa-version-outdated", [psa("apps", "restricted", "v1.29")]);
        expect(f).toEqual([
            expect.objectContaining({
                undecided: true,
                message: expect.stringContaining("target cluster's version is not known"),
            }),
        ]);
    });
});

describe("ingress-https-redirect", () => {
    test("listen-ports that are not the JSON the controller reads: not verified", () => {
        expect(
            undecided(
                "ingress-https-redirect",
                tlsIngress(
                    { "alb.ingress.kubernetes.io/listen-ports": "80,443" },
                    { ingressClassName: "alb" },
                ),
            ),
        ).toHaveLength(1);
    });

    test("an unknown annotation is not verified", () => {
        const u = res(
            "kubernetes:networking.k8s.io/v1:Ingress",
            preview({
                metadata: {
                    name: "web",
                    annotations: { "nginx.ingress.kubernetes.io/ssl-redirect": unknownString },
                },
                spec: { tls: [{ hosts: ["a.example.com"] }], rules: [{ host: "a.example.com" }] },
            }),
        );
        expect(undecided("ingress-https-redirect", u)).toHaveLength(1);
        expect(violations("ingress-https-redirect", u)).toEqual([]);
    });
});
