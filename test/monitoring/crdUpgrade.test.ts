/**
 * Issue 13, item 8: Helm never upgrades a chart's crds/, so the CRD-only kube-prometheus-stack release runs the
 * chart's CRD upgrade Job, and a chart version bump moves both releases together.
 */
import { installMocks, settle } from "../lib/mocks";
import { chartDefaults } from "../lib/chart-values";
import {
    KubePrometheusStack,
    kubePrometheusStackCrdValues,
} from "../../components/monitoring/kubePrometheusStack";

/* eslint-disable @typescript-eslint/no-explicit-any -- chart values are untyped JSON */
const resources = installMocks();
const stackDefaults = () => chartDefaults("kube-prometheus-stack") as Record<string, any>;

describe("CRD upgrades (issue 13, item 8)", () => {
    beforeAll(async () => {
        new KubePrometheusStack("bumped", { namespace: "monitoring", chartVersion: "89.0.0" });
        await settle();
    });

    test("the CRD-only release runs the chart's CRD upgrade Job: pinned images, restricted, on every upgrade", () => {
        const up = (kubePrometheusStackCrdValues() as any).crds.upgradeJob;
        expect(up).toMatchObject({
            enabled: true,
            forceConflicts: true,
            image: { busybox: { tag: "1.37.0" } },
        });
        expect(up.image.busybox.tag).not.toBe("latest");
        // The chart's own security contexts are already restricted; nothing here loosens them.
        expect(up.containerSecurityContext).toBeUndefined();
        expect(up.podSecurityContext).toBeUndefined();
        const d = (stackDefaults() as any).crds.upgradeJob;
        expect(d.containerSecurityContext).toMatchObject({
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
        });
        expect(d.podSecurityContext).toMatchObject({
            runAsNonRoot: true,
            seccompProfile: { type: "RuntimeDefault" },
        });
    });

    test("a chart version bump moves both releases, the CRD release (with its upgrade Job) first", () => {
        const rels = resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release");
        expect(rels.map((r) => [r.inputs.name, r.inputs.version]).sort()).toEqual([
            ["kube-prometheus-stack", "89.0.0"],
            ["kube-prometheus-stack-crds", "89.0.0"],
        ]);
        const crds = rels.find((r) => r.inputs.name === "kube-prometheus-stack-crds")!;
        expect(crds.inputs.values.crds.upgradeJob.enabled).toBe(true);
        expect(
            () => new KubePrometheusStack("bad", { namespace: "monitoring", chartVersion: "^88" }),
        ).toThrow(/chartVersion: Invalid value: "\^88": must be an exact chart version/);
    });
});
