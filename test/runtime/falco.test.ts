import * as fs from "fs";
import * as path from "path";
import { chartDefaults, sharedDir, unknownKeys } from "../lib/chart-values";
import {
    falcoChart,
    falcoDefaults,
    falcosidekickServiceAccount,
    falcoValues,
    validateFalcoArgs,
} from "../../components/runtime/falco";

/* eslint-disable @typescript-eslint/no-explicit-any -- Helm values are untyped JSON */

const cw = {
    logGroupName: "/blueprint/falco/events",
    roleArn: "arn:aws:iam::123456789012:role/sidekick",
    region: "eu-west-1",
    minimumPriority: "notice" as const,
};
const values = (a: Record<string, unknown> = {}, withCw = false) =>
    falcoValues({ namespace: "falco", ...a }, withCw ? cw : undefined) as any;

/** falco defaults, with the falcosidekick subchart's values merged under `falcosidekick`. */
function falcoWithSidekickDefaults(): Record<string, any> {
    const d = chartDefaults("falco") as Record<string, any>;
    d.falcosidekick = { ...chartDefaults("falcosidekick"), ...d.falcosidekick };
    return d;
}

/** Paths the charts render with toYaml (Kubernetes SecurityContext / ResourceRequirements) or as file contents. */
const freeForm = [
    "customRules",
    "falcosidekick.podSecurityContext",
    "falcosidekick.securityContext",
    "falcosidekick.resources",
    "falcoctl.artifact.install.resources",
    "falcoctl.artifact.follow.resources",
];

describe("Falco values", () => {
    test("every key exists in falco's values.yaml, and the falcosidekick section in falcosidekick's", () => {
        for (const v of [values(), values({ airGapped: true }, true)]) {
            expect(unknownKeys(v, falcoWithSidekickDefaults(), freeForm)).toEqual([]);
            // The subchart section alone, against the subchart's own file (plus the parent's `enabled` switch).
            const { enabled, ...sidekick } = v.falcosidekick;
            expect(enabled).toBe(true);
            expect(
                unknownKeys(sidekick, chartDefaults("falcosidekick"), [
                    "podSecurityContext",
                    "securityContext",
                    "resources",
                ]),
            ).toEqual([]);
        }
    });

    test("the peer bug: falcosidekick is enabled with `falcosidekick.enabled`, never `falco.sidekick.enabled`", () => {
        const v = values();
        expect(v.falcosidekick.enabled).toBe(true);
        expect(v.falco.sidekick).toBeUndefined();
        // The chart's dependency condition is `falcosidekick.enabled` ...
        expect(chartDefaults("falco").falcosidekick).toMatchObject({ enabled: false });
        // ... and the key check rejects the typo, so this bug cannot come back unnoticed.
        expect(
            unknownKeys({ falco: { sidekick: { enabled: true } } }, falcoWithSidekickDefaults(), freeForm),
        ).toEqual(["falco.sidekick"]);
    });

    test("chart pinned to falco 9.1.0 from falcosecurity, matching ../shared", () => {
        expect(falcoChart).toEqual({
            chart: "falco",
            version: "9.1.0",
            repo: "https://falcosecurity.github.io/charts",
        });
        // ../shared holds the defaults of exactly this version.
        const chartYaml = fs.readFileSync(path.join(sharedDir, "charts/falco/Chart.yaml"), "utf8");
        expect(chartYaml).toMatch(/^version: 9\.1\.0$/m);
    });

    test("modern eBPF, least privileged (capabilities, not a privileged container), tty", () => {
        const v = values();
        expect(v.driver).toEqual({ kind: "modern_ebpf", modernEbpf: { leastPrivileged: true } });
        expect(v.tty).toBe(true);
        expect(v.containerSecurityContext).toBeUndefined(); // the chart derives the capability set from leastPrivileged
    });

    test("metrics and ServiceMonitors for Falco and falcosidekick; priority notice", () => {
        const v = values();
        expect(v.metrics).toEqual({ enabled: true });
        expect(v.serviceMonitor).toEqual({ create: true });
        expect(v.falcosidekick.serviceMonitor).toEqual({ enabled: true });
        expect(v.falco.priority).toBe("notice");
        expect((chartDefaults("falco") as any).falco.priority).toBe("debug"); // the key exists, with a noisier default
        expect(values({ priority: "warning" }).falco.priority).toBe("warning");
    });

    test("falcosidekick runs restricted: non-root, RuntimeDefault, no escalation, drop ALL, read-only root; no web UI", () => {
        const s = values().falcosidekick;
        expect(s.podSecurityContext).toMatchObject({
            runAsNonRoot: true,
            runAsUser: 1234,
            seccompProfile: { type: "RuntimeDefault" },
        });
        expect(s.securityContext).toMatchObject({
            allowPrivilegeEscalation: false,
            privileged: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        });
        expect(s.webui).toEqual({ enabled: false });
        expect(s.resources.limits).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    });

    test("air-gapped turns falcoctl artifact install and follow off; connected keeps them on", () => {
        const resources = {
            requests: { cpu: "10m", memory: "32Mi" },
            limits: { cpu: "100m", memory: "128Mi" },
        };
        expect(values({ airGapped: true }).falcoctl).toEqual({
            artifact: { install: { enabled: false, resources }, follow: { enabled: false, resources } },
        });
        expect(values().falcoctl).toEqual({
            artifact: { install: { enabled: true, resources }, follow: { enabled: true, resources } },
        });
        expect(falcoDefaults.airGapped).toBe(false);
    });

    test("CloudWatch forensics only when asked: IRSA role ARN, region, one log group", () => {
        expect(values().falcosidekick.config).toBeUndefined();
        expect(values({}, true).falcosidekick.config.aws).toEqual({
            useirsa: true,
            rolearn: cw.roleArn,
            region: "eu-west-1",
            cloudwatchlogs: { loggroup: "/blueprint/falco/events", minimumpriority: "notice" },
        });
    });

    test("custom rules are in customRules under one file name", () => {
        expect(Object.keys(values().customRules)).toEqual(["blueprint-rules.yaml"]);
    });

    test("falcosidekick's service account name follows the subchart's fullname rule", () => {
        expect(falcosidekickServiceAccount("falco")).toBe("falco-falcosidekick");
    });
});

describe("Falco args validation", () => {
    test("defaults are valid", () => {
        expect(validateFalcoArgs({ namespace: "falco" })).toEqual([]);
    });

    test("bad args: one line per problem, naming the arg", () => {
        const problems = validateFalcoArgs({
            namespace: "Falco",
            releaseName: "my-falcosidekick",
            priority: "loud" as any,
            vaultAllowedNetworks: ["10.0.0.0/33"],
            vaultAllowedPorts: [0],
            platformNamespaces: [],
            cloudwatch: {
                oidcProviderArn: "",
                oidcIssuerUrl: "x",
                kmsKeyArn: "k",
                region: "europe",
                retentionInDays: 30,
            },
        });
        for (const arg of [
            "namespace",
            "releaseName",
            "priority",
            "vaultAllowedNetworks",
            "vaultAllowedPorts",
            "platformNamespaces",
            "cloudwatch.region",
            "cloudwatch.retentionInDays",
            "cloudwatch.oidcProviderArn",
        ])
            expect(problems).toContainEqual(
                expect.stringMatching(new RegExp(`^${arg.replace(".", "\\.")}: `)),
            );
    });
});
