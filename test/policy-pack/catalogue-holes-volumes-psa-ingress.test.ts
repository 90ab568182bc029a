/**
 * Issue 12, "catalogue holes": hostPath through a PersistentVolume (or a hostPath provisioner), a baseline enforce
 * level or an enforce-version older than the cluster with no reviewed reason, and an Ingress with TLS that still
 * serves plain HTTP (nginx ssl-redirect off, an ALB listening on HTTP without a redirect).
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { toCrossGuard } from "../../policy-pack/lib/adapter";
import { allPolicies } from "../../policy-pack/policies";
import { PolicyResource } from "../../policy-pack/lib/types";
import { Obj, messages, namespace, preview, res, run, unknownString } from "./coverage-helpers";

const undecided = (name: string, input: PolicyResource | PolicyResource[], config: Obj = {}) =>
    run(name, input, config).filter((f) => f.undecided);
const violations = (name: string, input: PolicyResource | PolicyResource[], config: Obj = {}) =>
    run(name, input, config).filter((f) => !f.undecided);

describe("persistent-volume-host-path", () => {
    const pv = (spec: Obj, name = "pv") =>
        res("kubernetes:core/v1:PersistentVolume", {
            metadata: { name },
            spec: { capacity: { storage: "1Gi" }, ...spec },
        });
    const sc = (provisioner: string) =>
        res("kubernetes:storage.k8s.io/v1:StorageClass", { metadata: { name: "sc" }, provisioner });

    test("a hostPath or local PersistentVolume is reported, with the claim that binds it", () => {
        expect(
            messages(
                "persistent-volume-host-path",
                pv({ hostPath: { path: "/" }, claimRef: { namespace: "apps", name: "data" } }),
            ),
        ).toEqual([
            'PersistentVolume "pv" is a hostPath volume at / on the node (claimed by apps/data): any pod bound to it mounts the host\'s filesystem, which Pod Security Admission does not see.',
        ]);
        expect(messages("persistent-volume-host-path", pv({ local: { path: "/var/lib/kubelet" } }))).toEqual([
            expect.stringContaining("is a local volume at /var/lib/kubelet on the node:"),
        ]);
    });

    test("a hostPath provisioner's StorageClass is reported; EBS CSI and network volumes pass", () => {
        expect(messages("persistent-volume-host-path", sc("rancher.io/local-path"))).toEqual([
            expect.stringContaining('provisioner "rancher.io/local-path", which creates hostPath volumes'),
        ]);
        expect(run("persistent-volume-host-path", sc("ebs.csi.aws.com"))).toEqual([]);
        expect(
            run(
                "persistent-volume-host-path",
                pv({ csi: { driver: "efs.csi.aws.com", volumeHandle: "fs-1" } }),
            ),
        ).toEqual([]);
        expect(
            run("persistent-volume-host-path", pv({ nfs: { server: "10.0.0.5", path: "/export" } })),
        ).toEqual([]);
    });

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
    const psa = (name: string, level: string, version?: string) =>
        namespace(name, {
            "pod-security.kubernetes.io/enforce": level,
            ...(version ? { "pod-security.kubernetes.io/enforce-version": version } : {}),
        });
    const eks = (version: string) => res("aws:eks/cluster:Cluster", { name: "c", version });

    test("namespace-baseline-requires-exemption: baseline is reported; restricted and privileged are not its", () => {
        const b = psa("legacy", "baseline");
        expect(
            run("namespace-baseline-requires-exemption", [
                b,
                psa("apps", "restricted"),
                psa("falco", "privileged"),
            ]),
        ).toEqual([
            {
                message: expect.stringContaining(
                    'Namespace "legacy" enforces the baseline Pod Security level',
                ),
                urn: b.urn,
            },
        ]);
    });

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

    test("namespace-psa-version-outdated: a pin older than the EKS cluster lists the check revisions it misses", () => {
        const old = psa("apps", "restricted", "v1.29");
        const f = run("namespace-psa-version-outdated", [eks("1.34"), old]);
        expect(f).toEqual([
            {
                message: expect.stringMatching(
                    /^Namespace "apps" pins pod-security.kubernetes.io\/enforce-version=v1.29, older than the EKS cluster's v1.34, with no reviewed reason: restricted pods are judged without seLinuxOptions \(v1.31\), sysctls \(v1.32\), hostProbesAndHostLifecycle \(v1.34\)\.$/,
                ),
                urn: old.urn,
            },
        ]);
        // The configured kubernetesVersion counts when the stack has no EKS cluster.
        expect(
            violations("namespace-psa-version-outdated", [old], { kubernetesVersion: "1.34" }),
        ).toHaveLength(1);
    });

    test("a pin at the cluster's version, latest, newer pins and privileged namespaces pass", () => {
        expect(
            run("namespace-psa-version-outdated", [
                eks("1.34"),
                psa("a", "restricted", "v1.34"),
                psa("b", "restricted", "latest"),
                psa("c", "restricted"),
                psa("d", "baseline", "v1.36"),
                psa("e", "privileged", "v1.20"),
            ]),
        ).toEqual([]);
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
    const ingress = (annotations: Obj, extra: Obj = {}) =>
        res("kubernetes:networking.k8s.io/v1:Ingress", {
            metadata: { name: "web", namespace: "apps", annotations },
            spec: {
                tls: [{ hosts: ["app.example.com"], secretName: "tls" }],
                rules: [{ host: "app.example.com" }],
                ...extra,
            },
        });

    test("nginx with ssl-redirect off serves plain HTTP; force-ssl-redirect brings the redirect back", () => {
        expect(
            messages(
                "ingress-https-redirect",
                ingress(
                    { "nginx.ingress.kubernetes.io/ssl-redirect": "false" },
                    { ingressClassName: "nginx" },
                ),
            ),
        ).toEqual([
            'Ingress "web" has a tls section but nginx.ingress.kubernetes.io/ssl-redirect: "false": it also serves every host over plain HTTP.',
        ]);
        expect(
            run(
                "ingress-https-redirect",
                ingress({
                    "nginx.ingress.kubernetes.io/ssl-redirect": "false",
                    "nginx.ingress.kubernetes.io/force-ssl-redirect": "true",
                }),
            ),
        ).toEqual([]);
        expect(run("ingress-https-redirect", ingress({}, { ingressClassName: "nginx" }))).toEqual([]);
        expect(
            run("ingress-https-redirect", ingress({ "nginx.ingress.kubernetes.io/ssl-redirect": "true" })),
        ).toEqual([]);
    });

    test("an ALB listening on HTTP 80 without ssl-redirect serves plain HTTP; HTTPS only, or a redirect, passes", () => {
        const both = '[{"HTTP": 80}, {"HTTPS": 443}]';
        expect(
            messages(
                "ingress-https-redirect",
                ingress({ "alb.ingress.kubernetes.io/listen-ports": both }, { ingressClassName: "alb" }),
            ),
        ).toEqual([expect.stringContaining("its ALB listens on HTTP 80")]);
        expect(
            run(
                "ingress-https-redirect",
                ingress(
                    {
                        "alb.ingress.kubernetes.io/listen-ports": both,
                        "alb.ingress.kubernetes.io/ssl-redirect": "443",
                    },
                    { ingressClassName: "alb" },
                ),
            ),
        ).toEqual([]);
        expect(
            run(
                "ingress-https-redirect",
                ingress(
                    { "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS": 443}]' },
                    { ingressClassName: "alb" },
                ),
            ),
        ).toEqual([]);
        // Not the JSON the controller reads: not verified.
        expect(
            undecided(
                "ingress-https-redirect",
                ingress({ "alb.ingress.kubernetes.io/listen-ports": "80,443" }, { ingressClassName: "alb" }),
            ),
        ).toHaveLength(1);
    });

    test("an Ingress without tls is ingress-tls's; an unknown annotation is not verified", () => {
        expect(
            run(
                "ingress-https-redirect",
                res("kubernetes:networking.k8s.io/v1:Ingress", {
                    metadata: {
                        name: "web",
                        annotations: { "nginx.ingress.kubernetes.io/ssl-redirect": "false" },
                    },
                    spec: { rules: [{ host: "a.example.com" }] },
                }),
            ),
        ).toEqual([]);
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
