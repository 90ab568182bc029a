import * as pulumi from "@pulumi/pulumi";
import { chartDefaults, unknownKeys } from "../lib/chart-values";
import {
    TrivyOperatorValuesInput,
    TrivySeverity,
    buildTrivyOperatorValues,
    trivyFlows,
    trivyOperatorFreeFormValues,
    validateTrivyOperatorValuesInput,
} from "../../components/scanning/trivyOperatorValues";
import { flowContext } from "../../components/network/platformFlows";
import { ConfigReader } from "../../config/reader";
import { readScanningConfig, scanningKeys } from "../../config/scanning";
import { readRegistryConfig, registryKeys } from "../../config/registry";

const defaults = chartDefaults("trivy-operator");
const base: TrivyOperatorValuesInput = {
    severities: ["HIGH", "CRITICAL"],
    monitoring: true,
    storageClass: "gp3-encrypted",
};
const airGap = { registryHost: "harbor.example.com", mirrorGcrProject: "mirror-gcr", ghcrProject: "ghcr" };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const get = (o: any, path: string): any =>
    path.split(".").reduce((x, k) => (x === undefined ? undefined : x[k]), o);

describe("trivy-operator values", () => {
    it.each([
        ["connected", base],
        ["air-gapped", { ...base, airGap }],
    ])("every key exists in the chart's values.yaml (%s)", (_n, input) => {
        expect(unknownKeys(buildTrivyOperatorValues(input), defaults, trivyOperatorFreeFormValues)).toEqual(
            [],
        );
    });

    it("the key checker catches a misspelt scanner flag", () => {
        const v = buildTrivyOperatorValues(base);
        (v.operator as Record<string, unknown>).vulnScannerEnabled = true;
        expect(unknownKeys(v, defaults, trivyOperatorFreeFormValues)).toEqual([
            "operator.vulnScannerEnabled",
        ]);
    });

    it("turns on all five scanners and the ServiceMonitor, with the configured severities", () => {
        const v = buildTrivyOperatorValues(base);
        for (const k of [
            "vulnerabilityScannerEnabled",
            "configAuditScannerEnabled",
            "rbacAssessmentScannerEnabled",
            "exposedSecretScannerEnabled",
            "infraAssessmentScannerEnabled",
        ])
            expect(get(v, `operator.${k}`)).toBe(true);
        expect(get(v, "serviceMonitor.enabled")).toBe(true);
        expect(get(buildTrivyOperatorValues({ ...base, monitoring: false }), "serviceMonitor.enabled")).toBe(
            false,
        );
        expect(get(v, "trivy.severity")).toBe("HIGH,CRITICAL");
    });

    it("operator and scan-job pods are restricted", () => {
        const v = buildTrivyOperatorValues(base);
        for (const k of ["podSecurityContext", "trivyOperator.scanJobPodTemplatePodSecurityContext"])
            expect(get(v, k)).toMatchObject({
                runAsNonRoot: true,
                seccompProfile: { type: "RuntimeDefault" },
            });
        expect(get(v, "trivyOperator.scanJobPodTemplatePodSecurityContext.runAsUser")).toBeGreaterThan(0);
        for (const k of ["securityContext", "trivyOperator.scanJobPodTemplateContainerSecurityContext"])
            expect(get(v, k)).toMatchObject({
                allowPrivilegeEscalation: false,
                privileged: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"] },
            });
        expect(get(v, "trivyOperator.scanJobAutomountServiceAccountToken")).toBe(false);
        expect(get(v, "trivyOperator.scanJobsInSameNamespace")).toBe(false);
    });

    it("air-gapped: the DBs, policy bundle and images come from Harbor proxy-cache projects, without credentials", () => {
        const v = buildTrivyOperatorValues({ ...base, airGap });
        expect(get(v, "trivy.dbRegistry")).toBe("harbor.example.com");
        expect(get(v, "trivy.dbRepository")).toBe("mirror-gcr/aquasec/trivy-db");
        expect(get(v, "trivy.javaDbRepository")).toBe("mirror-gcr/aquasec/trivy-java-db");
        expect(get(v, "policiesBundle.repository")).toBe("mirror-gcr/aquasec/trivy-checks");
        expect(get(v, "nodeCollector")).toEqual({
            registry: "harbor.example.com",
            repository: "ghcr/aquasecurity/node-collector",
        });
        expect(get(v, "trivy.dbRepositoryPassword")).toBeUndefined();
        expect(get(buildTrivyOperatorValues(base), "trivy.dbRegistry")).toBeUndefined();
    });

    it("reports bad input one line each", () => {
        expect(validateTrivyOperatorValuesInput(base)).toEqual([]);
        const p = validateTrivyOperatorValuesInput({
            severities: ["SEVERE" as unknown as TrivySeverity],
            monitoring: false,
            storageClass: "x",
            airGap: { ...airGap, registryHost: "https://h" },
        });
        expect(p).toHaveLength(2);
        expect(p[0]).toMatch(/^TrivyOperatorArgs\.severities: Unsupported value: "SEVERE": must be one of/);
        expect(p[1]).toMatch(/^TrivyOperatorArgs\.airGap\.registryHost/);
    });

    it("flows (issue 13, item 12): the operator reaches the API server only, scan jobs public 443 only", () => {
        const ctx = flowContext({ controlPlaneCidrs: ["10.0.0.0/16"], serviceCidr: "172.20.0.0/16" });
        const flows = Object.fromEntries(trivyFlows(ctx).map((f) => [f.name, f]));
        expect(flows["trivy-kube-api"]).toMatchObject({
            from: { namespace: "trivy-system", pods: { "app.kubernetes.io/name": "trivy-operator" } },
            to: { cidrs: [{ cidr: "172.20.0.1/32" }, { cidr: "10.0.0.0/16" }] },
            ports: [443],
        });
        const scans = flows["trivy-scans-egress-https"];
        expect(scans.from).toEqual({
            namespace: "trivy-system",
            pods: { "app.kubernetes.io/managed-by": "trivy-operator" },
        });
        expect(scans.ports).toEqual([443]);
        expect(scans.to).toMatchObject({
            cidrs: [
                {
                    cidr: "0.0.0.0/0",
                    except: expect.arrayContaining([
                        "10.0.0.0/8",
                        "172.16.0.0/12",
                        "192.168.0.0/16",
                        "169.254.0.0/16",
                    ]),
                },
            ],
        });
        // Nothing of the namespace as a whole, and no 6443 (EKS serves the API on 443).
        for (const f of trivyFlows(ctx)) {
            expect(f.ports).not.toContain(6443);
            expect("pods" in f.from && f.from.pods && Object.keys(f.from.pods).length > 0).toBe(true);
        }
        expect(flows["prometheus-trivy"].ports).toEqual([8080]);
        expect(
            trivyFlows(
                flowContext({ controlPlaneCidrs: ["10.0.0.0/16"], namespaces: { monitoring: false } }),
            ).map((f) => f.name),
        ).toEqual(["trivy-kube-api", "trivy-scans-egress-https"]);
    });
});

/** A pulumi.Config stand-in holding raw strings. */
function reader(values: Record<string, string>, keys = [...registryKeys, ...scanningKeys]): ConfigReader {
    const cfg = { get: (k: string) => values[k], getSecret: () => undefined } as unknown as pulumi.Config;
    return new ConfigReader(cfg, keys);
}

describe("config: harbor.* and trivy.*", () => {
    it("defaults are valid: Harbor off, trivy on with HIGH and CRITICAL", () => {
        const r = reader({});
        const reg = readRegistryConfig(r);
        const scan = readScanningConfig(r, reg.enabled ? reg.host : "");
        expect(r.problems).toEqual([]);
        expect(reg).toMatchObject({
            enabled: false,
            tlsMode: "secret",
            vulnerabilitySeverity: "high",
            projects: ["apps"],
            robotDurationDays: 90,
        });
        expect(scan).toEqual({ enabled: true, severities: ["HIGH", "CRITICAL"], airGap: undefined });
    });

    it("a complete ALB setup is accepted", () => {
        const r = reader({
            "harbor.enabled": "true",
            "harbor.host": "harbor.example.com",
            "harbor.tlsMode": "alb",
            "harbor.acmCertificateArn":
                "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666",
            "harbor.albSourceCidrs": '["10.0.0.0/16"]',
            "trivy.airGapped": "true",
        });
        const reg = readRegistryConfig(r);
        const scan = readScanningConfig(r, reg.host);
        expect(r.problems).toEqual([]);
        expect(scan.airGap).toEqual({
            registryHost: "harbor.example.com",
            mirrorGcrProject: "mirror-gcr",
            ghcrProject: "ghcr",
        });
    });

    it("rejects a bad host, a bad severity, ALB without an ACM ARN or CIDRs, and air-gap without Harbor", () => {
        const r = reader({
            "harbor.enabled": "true",
            "harbor.host": "not a host",
            "harbor.tlsMode": "alb",
            "harbor.vulnerabilitySeverity": "severe",
            "trivy.severities": '["HIGH","BAD"]',
            "trivy.airGapped": "true",
        });
        readRegistryConfig(r);
        readScanningConfig(r, "");
        const keys = r.problems.map((p) => p.split(":")[0].replace("config ", ""));
        expect(keys.sort()).toEqual(
            [
                "harbor.vulnerabilitySeverity",
                "harbor.host",
                "harbor.acmCertificateArn",
                "harbor.albSourceCidrs",
                "trivy.severities",
                "trivy.airGapped",
            ].sort(),
        );
        expect(() => r.done()).toThrow(/harbor\.host/);
    });

    it("every key has a description and a default", () => {
        for (const k of [...registryKeys, ...scanningKeys]) {
            expect(k.description.length).toBeGreaterThan(10);
            expect(k.default).toBeDefined();
        }
    });
});
