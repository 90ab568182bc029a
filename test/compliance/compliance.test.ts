import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { installMocks, settle } from "../lib/mocks";
import { sharedDir } from "../lib/chart-values";
import {
    KubeBench,
    kubeBenchDefaults,
    kubeBenchImage,
    kubeBenchPodSpec,
    validateKubeBenchArgs,
} from "../../components/compliance/kubeBench";
import {
    KubeHunter,
    kubeHunterPodSpec,
    validateKubeHunterArgs,
} from "../../components/compliance/kubeHunter";
import { ConfigError } from "../../components/lib/errors";
import { complianceKeys, readComplianceConfig } from "../../config/compliance";
import { monitoringKeys, readMonitoringConfig } from "../../config/monitoring";
import { readRuntimeConfig, runtimeKeys } from "../../config/runtime";
import { ConfigReader } from "../../config/reader";
import { KeySpec } from "../../config/spec";

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests and mocked inputs are untyped */

const upstream = parse(fs.readFileSync(path.join(sharedDir, "charts/kube-bench/job-eks.yaml"), "utf8"));
const digest = `sha256:${"a".repeat(64)}`;

describe("kube-bench (adapted from job-eks.yaml v0.15.6)", () => {
    const spec = kubeBenchPodSpec({ namespace: "kube-bench" }) as any;
    const c = spec.containers[0];

    test("hostPID and exactly upstream's host paths, every mount read-only", () => {
        const up = upstream.spec.template.spec;
        expect(spec.hostPID).toBe(up.hostPID);
        const hostVolumes = spec.volumes.filter((v: any) => v.hostPath);
        expect(hostVolumes).toEqual(up.volumes);
        const hostMounts = c.volumeMounts.filter((m: any) => hostVolumes.some((v: any) => v.name === m.name));
        expect(hostMounts).toEqual(up.containers[0].volumeMounts);
        for (const m of hostMounts) expect(m.readOnly).toBe(true);
        expect(spec.hostNetwork).toBeUndefined();
    });

    test("upstream's targets with --benchmark eks-1.8.0 (upstream still says eks-1.5.0)", () => {
        const up = upstream.spec.template.spec.containers[0].command as string[];
        expect(c.command).toEqual(up.map((a) => (a === "eks-1.5.0" ? "eks-1.8.0" : a)));
        expect(c.command.slice(-2)).toEqual(["--benchmark", "eks-1.8.0"]);
    });

    test("image pinned by version, plus digest when given; never latest", () => {
        expect(upstream.spec.template.spec.containers[0].image).toMatch(/:latest$/);
        expect(c.image).toBe(`docker.io/aquasec/kube-bench:v0.15.6@${kubeBenchDefaults.imageDigest}`);
        expect(kubeBenchDefaults.imageDigest).toMatch(/^sha256:[a-f0-9]{64}$/);
        expect(kubeBenchImage({ imageDigest: digest })).toBe(
            `docker.io/aquasec/kube-bench:v0.15.6@${digest}`,
        );
        expect(kubeBenchImage({ imageDigest: "" })).toBe("docker.io/aquasec/kube-bench:v0.15.6");
        expect(kubeBenchImage({ image: "registry.example.com/kube-bench:v0.15.6" })).toBe(
            "registry.example.com/kube-bench:v0.15.6",
        );
        expect(
            validateKubeBenchArgs({ namespace: "kube-bench", image: "docker.io/aquasec/kube-bench:latest" }),
        ).toEqual([expect.stringMatching(/^image: .*not latest/)]);
        expect(
            validateKubeBenchArgs({ namespace: "kube-bench", image: "docker.io/aquasec/kube-bench" }),
        ).toEqual([expect.stringMatching(/^image: /)]);
        expect(validateKubeBenchArgs({ namespace: "kube-bench", imageDigest: "sha256:abc" })).toEqual([
            expect.stringMatching(/^imageDigest: /),
        ]);
    });

    test("least privilege: dedicated account without token, no escalation, drop ALL, read-only root, RuntimeDefault", () => {
        expect(spec.serviceAccountName).toBe("kube-bench");
        expect(spec.automountServiceAccountToken).toBe(false);
        expect(c.securityContext).toMatchObject({
            privileged: false,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        });
        expect(c.securityContext.capabilities.add).toBeUndefined();
        expect(c.resources.limits).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
        expect(spec.restartPolicy).toBe("Never");
    });

    test("bad args: one line per problem, naming the arg", () => {
        const problems = validateKubeBenchArgs({
            namespace: "KB",
            schedule: "weekly",
            benchmark: "latest",
            nodeSelector: { "a b": "c" },
        });
        expect(problems.map((p) => p.split(":")[0])).toEqual([
            "namespace",
            "benchmark",
            "schedule",
            "nodeSelector",
        ]);
    });
});

describe("kube-hunter (optional, pod mode)", () => {
    test("runs with --pod, passive, restricted, no RBAC-bearing account", () => {
        const spec = kubeHunterPodSpec({ namespace: "kube-hunter" }) as any;
        const c = spec.containers[0];
        expect(c.args).toContain("--pod");
        expect(c.args).not.toContain("--active");
        expect(c.image).toBe("docker.io/aquasec/kube-hunter:0.6.8");
        expect(spec.securityContext).toMatchObject({
            runAsNonRoot: true,
            seccompProfile: { type: "RuntimeDefault" },
        });
        expect(c.securityContext).toMatchObject({
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
        });
        expect(spec.hostPID).toBeUndefined();
        expect(spec.hostNetwork).toBeUndefined();
    });

    test("image must carry a version", () => {
        expect(
            validateKubeHunterArgs({ namespace: "kube-hunter", image: "aquasec/kube-hunter:latest" }),
        ).toEqual([expect.stringMatching(/^image: /)]);
        expect(
            validateKubeHunterArgs({
                namespace: "kube-hunter",
                image: `aquasec/kube-hunter:0.6.8@${digest}`,
            }),
        ).toEqual([]);
    });
});

describe("components (mocked)", () => {
    const resources = installMocks();
    beforeAll(async () => {
        new KubeBench("kb", { namespace: "kube-bench" });
        new KubeHunter("kh", { namespace: "kube-hunter" });
        await settle();
    });
    const of = (type: string) => resources.filter((r) => r.type === type);

    test("kube-bench: weekly CronJob, run-once Job, ServiceAccount without token, explicit names", () => {
        const [cron] = of("kubernetes:batch/v1:CronJob");
        expect(cron.inputs.metadata).toMatchObject({ name: "kube-bench-weekly", namespace: "kube-bench" });
        expect(cron.inputs.spec).toMatchObject({ schedule: "0 3 * * 0", concurrencyPolicy: "Forbid" });
        const jobs = of("kubernetes:batch/v1:Job")
            .map((j) => j.inputs.metadata.name)
            .sort();
        expect(jobs).toEqual(["kube-bench-run-once", "kube-hunter"]);
        const sa = of("kubernetes:core/v1:ServiceAccount").find(
            (s) => s.inputs.metadata.name === "kube-bench",
        );
        expect(sa?.inputs.automountServiceAccountToken).toBe(false);
        expect(kubeBenchDefaults.schedule).toBe("0 3 * * 0");
    });

    test("bad args throw ConfigError before registering anything", () => {
        const before = resources.length;
        expect(() => new KubeBench("bad", { namespace: "kube-bench", schedule: "* *" })).toThrow(ConfigError);
        expect(() => new KubeHunter("bad", { namespace: "" })).toThrow(ConfigError);
        expect(resources.length).toBe(before);
    });
});

/** A pulumi.Config stand-in holding raw string values. */
function reader(specs: KeySpec[], values: Record<string, string> = {}): ConfigReader {
    const cfg = {
        get: (k: string) => values[k],
        getSecret: (k: string) => (values[k] ? pulumi.secret(values[k]) : undefined),
    } as unknown as pulumi.Config;
    return new ConfigReader(cfg, specs);
}

describe("config keys", () => {
    test("every key has a description and a default of its type", () => {
        for (const s of [...monitoringKeys, ...runtimeKeys, ...complianceKeys]) {
            expect(s.description.length).toBeGreaterThan(10);
            const t = Array.isArray(s.default)
                ? "array"
                : typeof s.default === "number"
                  ? "integer"
                  : typeof s.default;
            expect({ key: s.key, t }).toEqual({ key: s.key, t: s.type });
        }
    });

    test("defaults: monitoring on (15d), Falco on and connected, CloudWatch off, kube-bench weekly, kube-hunter off", () => {
        const r1 = reader(monitoringKeys);
        expect(readMonitoringConfig(r1)).toEqual({
            enabled: true,
            retention: "15d",
            storageSize: "50Gi",
            alertmanagerStorageSize: "10Gi",
            eks: true,
        });
        const r2 = reader(runtimeKeys);
        expect(readRuntimeConfig(r2)).toMatchObject({
            enabled: true,
            airGapped: false,
            priority: "notice",
            cloudwatch: false,
            logRetentionDays: 365,
            vaultAllowedPorts: [443],
        });
        const r3 = reader(complianceKeys);
        expect(readComplianceConfig(r3)).toEqual({
            kubeBenchEnabled: true,
            kubeBenchSchedule: "0 3 * * 0",
            kubeBenchImageDigest: kubeBenchDefaults.imageDigest,
            kubeHunterEnabled: false,
        });
        for (const r of [r1, r2, r3]) expect(r.problems).toEqual([]);
    });

    test("bad values are reported per key", () => {
        const r = reader([...monitoringKeys, ...runtimeKeys, ...complianceKeys], {
            "monitoring.retention": "two weeks",
            "falco.priority": "loud",
            "falco.logRetentionDays": "30",
            "falco.vaultAllowedPorts": '["70000"]',
            "kubeBench.imageDigest": "sha256:xyz",
            "kubeHunter.enabled": "yes",
        });
        readMonitoringConfig(r);
        readRuntimeConfig(r);
        readComplianceConfig(r);
        expect(r.problems.map((p) => p.split(":")[0]).sort()).toEqual([
            "config falco.logRetentionDays",
            "config falco.priority",
            "config falco.vaultAllowedPorts",
            "config kubeBench.imageDigest",
            "config kubeHunter.enabled",
            "config monitoring.retention",
        ]);
    });
});
