/**
 * Issue 16, Pod Security version: `enforce-version: latest` is the API server's own version. The pss-* policies
 * resolve it to the target cluster's version: the stack's EKS cluster version, then the `kubernetesVersion`
 * config, then the newest version the pack knows, which `psa-version-assumed` reports (advisory).
 * The pod under test is PSA's own fixture baseline/v1.37/pass/sysctls1.yaml: allowed at v1.37 (two sysctls newly
 * allowed in 1.37), denied at v1.34.
 */
import * as fs from "fs";
import { parse } from "yaml";
import { PolicyResource } from "../../policy-pack/lib/types";
import { parseClusterVersion, targetVersions } from "../../policy-pack/pss/level";
import { messages, namespace, preview, res, run, unknownString } from "./coverage-helpers";
import { referencePath } from "../lib/reference";

const fixture = referencePath("conformance/pod-security/baseline/v1.37/pass/sysctls1.yaml");
const podDoc = parse(fs.readFileSync(fixture, "utf8"));

function pod(ns = "apps"): PolicyResource {
    return res(
        "kubernetes:core/v1:Pod",
        { ...podDoc, metadata: { ...podDoc.metadata, namespace: ns } },
        `pod-${ns}`,
    );
}
const ns = (version?: string) =>
    namespace("apps", {
        "pod-security.kubernetes.io/enforce": "baseline",
        ...(version ? { "pod-security.kubernetes.io/enforce-version": version } : {}),
    });
const eks = (version: unknown) =>
    res("aws:eks/cluster:Cluster", { name: "c", version }, `eks-${String(version)}`);

describe("enforce-version latest resolves to the target cluster's version", () => {
    test("the fixture passes at v1.37 (no cluster, nothing configured: the newest version, assumed)", () => {
        expect(run("pss-sysctls", [ns(), pod()])).toEqual([]);
        // psa-version-assumed's pass and fail cases: cases/namespaces/psa-version-assumed.cases.ts.
    });

    test("1. the stack's EKS cluster version: the same pod fails on a v1.34 cluster", () => {
        expect(messages("pss-sysctls", [eks("1.34"), ns(), pod()])).toEqual([
            'Pod "sysctls1" in namespace "apps" violates PodSecurity "baseline:latest (v1.34, the EKS cluster\'s)": forbidden sysctls (net.ipv4.tcp_slow_start_after_idle, net.ipv4.tcp_notsent_lowat)',
        ]);
        expect(run("pss-sysctls", [eks("1.37"), ns(), pod()])).toEqual([]);
    });

    test("2. the config kubernetesVersion, when the stack has no EKS cluster version; the cluster wins over config", () => {
        expect(messages("pss-sysctls", [ns(), pod()], { kubernetesVersion: "1.34" })).toEqual([
            expect.stringContaining('"baseline:latest (v1.34, the configured kubernetesVersion)"'),
        ]);
        expect(run("pss-sysctls", [ns(), pod()], { kubernetesVersion: "v1.37" })).toEqual([]);
        expect(run("pss-sysctls", [eks("1.37"), ns(), pod()], { kubernetesVersion: "1.34" })).toEqual([]);
        // An EKS cluster whose version is unset (AWS picks) or unknown during preview does not count.
        expect(run("pss-sysctls", [eks(undefined), ns(), pod()], { kubernetesVersion: "1.34" })).toHaveLength(
            1,
        );
        const unknown = eks(unknownString);
        unknown.props = preview(unknown.props);
        expect(run("pss-sysctls", [unknown, ns(), pod()], { kubernetesVersion: "1.34" })).toHaveLength(1);
        expect(run("psa-version-assumed", [unknown, ns(), pod()])).toHaveLength(1);
    });

    test("a pinned enforce-version newer than the cluster is evaluated at the cluster's version, as PSA does", () => {
        expect(messages("pss-sysctls", [eks("1.34"), ns("v1.37"), pod()])).toEqual([
            expect.stringContaining('"baseline:v1.37 (v1.34, the EKS cluster\'s)"'),
        ]);
        expect(run("pss-sysctls", [eks("1.37"), ns("v1.37"), pod()])).toEqual([]);
        expect(run("pss-sysctls", [ns("v1.34"), pod()])).toHaveLength(1);
    });

    test("pods outside the stack's namespaces (policy defaultLevel) resolve the same way", () => {
        expect(run("pss-sysctls", [pod("elsewhere")], { defaultLevel: "baseline" })).toEqual([]);
        expect(
            run("pss-sysctls", [eks("1.34"), pod("elsewhere")], { defaultLevel: "baseline" }),
        ).toHaveLength(1);
    });

    test("EKS clusters of different versions: the pod is evaluated at each", () => {
        expect(messages("pss-sysctls", [eks("1.37"), eks("1.34"), ns(), pod()])).toEqual([
            expect.stringContaining("(v1.34, the EKS cluster's)"),
        ]);
        expect(targetVersions([eks("1.35"), eks("1.33"), eks("1.35")], {})).toEqual({
            versions: [33, 35],
            source: "eks",
        });
    });

    test("version parsing: 1.34, v1.34, 1.34.2; newer than the pack knows is clamped; junk is not a version", () => {
        expect(["1.34", "v1.34", "1.34.2"].map(parseClusterVersion)).toEqual([34, 34, 34]);
        for (const v of ["", "latest", "2.1", "1.x", 34, undefined])
            expect(parseClusterVersion(v)).toBeUndefined();
        expect(targetVersions([eks("1.40")], {})).toEqual({ versions: [37], source: "eks" });
        expect(targetVersions([], { kubernetesVersion: "junk" })).toEqual({
            versions: [37],
            source: "assumed",
        });
    });
});
