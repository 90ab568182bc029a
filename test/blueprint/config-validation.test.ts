/**
 * One declaration, one validator, per area (issue 19): every config key's default is the component's default, and a
 * bad value for EVERY key stops the blueprint with one line naming that key, before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { kubeBenchDefaults } from "../../components/compliance/kubeBench";
import { ConfigError } from "../../components/lib/errors";
import { formatFieldError } from "../../components/lib/validators";
import { monitoringDefaults } from "../../components/monitoring/kubePrometheusStack";
import { falcoDefaults } from "../../components/runtime/falco";
import { trivyOperatorDefaults } from "../../components/scanning/trivyOperatorValues";
import { vaultDefaults } from "../../components/vault/values";
import { allKeys, readBlueprintConfig } from "../../config";
import { installMocks, settle } from "../lib/mocks";

const PROJECT = "hardened-cluster";
const arr = (...v: string[]) => JSON.stringify(v);

function setConfig(cfg: Record<string, string>): void {
    pulumi.runtime.setAllConfig(
        Object.fromEntries(Object.entries(cfg).map(([k, v]) => [k.includes(":") ? k : `${PROJECT}:${k}`, v])),
    );
}

function problemsOf(cfg: Record<string, string>): string[] {
    installMocks({ project: PROJECT });
    setConfig(cfg);
    try {
        readBlueprintConfig(new pulumi.Config(PROJECT));
    } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).problems;
    }
    return [];
}

const spec = (key: string) => allKeys.find((k) => k.key === key)!;

describe("config defaults are the components' defaults (imported, never repeated)", () => {
    test.each<[string, unknown]>([
        ["kubeBench.schedule", kubeBenchDefaults.schedule],
        ["kubeBench.imageDigest", kubeBenchDefaults.imageDigest],
        ["falco.priority", falcoDefaults.priority],
        ["falco.airGapped", falcoDefaults.airGapped],
        ["falco.logRetentionDays", falcoDefaults.logRetentionDays],
        ["falco.shellAllowedImages", falcoDefaults.shellAllowedImages],
        ["falco.vaultAllowedPorts", falcoDefaults.vaultAllowedPorts.map(String)],
        ["monitoring.retention", monitoringDefaults.retention],
        ["monitoring.storageSize", monitoringDefaults.prometheusStorageSize],
        ["monitoring.alertmanagerStorageSize", monitoringDefaults.alertmanagerStorageSize],
        ["trivy.severities", trivyOperatorDefaults.severities],
        ["vault.replicas", vaultDefaults.replicas],
    ])("%s", (key, componentDefault) => {
        expect(spec(key).default).toEqual(componentDefault);
    });

    test("the default config is valid", () => {
        expect(problemsOf({})).toEqual([]);
    });
});

/**
 * A bad value for every key: [key, raw value, other keys the case needs]. Keys that accept any string have no bad
 * value and are listed in `freeText` with the reason.
 */
const badValues: Record<string, [string, Record<string, string>?]> = {
    "cluster.mode": ["cloud"],
    "cluster.name": ["-bad name"],
    "cluster.version": ["1.20"],
    "cluster.vpcCidr": ["10.0.0.0/8"],
    "cluster.serviceCidr": ["10.0.0.0/16"],
    "cluster.availabilityZoneCount": ["1"],
    "cluster.availabilityZones": [arr("eu-west-1a", "west")],
    "cluster.singleNatGateway": ["yes"],
    "cluster.vpcId": [
        "my-vpc",
        { "cluster.privateSubnetIds": arr("subnet-0123456789abcdef0", "subnet-0123456789abcdef1") },
    ],
    "cluster.privateSubnetIds": [
        arr("subnet-0123456789abcdef0", "sn-2"),
        { "cluster.vpcId": "vpc-0123456789abcdef0" },
    ],
    "cluster.endpointPublicAccess": ["true"],
    "cluster.endpointPublicAccessCidrs": [arr("0.0.0.0/0"), { "cluster.endpointPublicAccess": "true" }],
    "cluster.endpointPrivateAccessCidrs": [arr("0.0.0.0/0")],
    "cluster.logRetentionDays": ["42"],
    "cluster.adminRoleArns": [arr("arn:aws:iam::ACCOUNT:role/Admin")],
    "cluster.viewerRoleArns": [arr("not-an-arn")],
    "cluster.addDeployerAsAdmin": [
        "no",
        { "cluster.adminRoleArns": arr("arn:aws:iam::123456789012:role/Admin") },
    ],
    "cluster.keyAdminArns": [arr("not-an-arn")],
    "cluster.amiType": ["WINDOWS"],
    "cluster.system.instanceTypes": [arr("large")],
    "cluster.system.minSize": ["-1"],
    "cluster.system.desiredSize": ["9"],
    "cluster.system.maxSize": ["-3"],
    "cluster.general.instanceTypes": [arr()],
    "cluster.general.minSize": ["x"],
    "cluster.general.desiredSize": ["99"],
    "cluster.general.maxSize": ["1.5"],
    "cluster.nodeVolumeSizeGiB": ["8"],
    "cluster.createAutoscalingServiceLinkedRole": ["maybe"],
    "cluster.addons.vpcCni": ["latest"],
    "cluster.addons.coredns": ["1.2.3"],
    "cluster.addons.kubeProxy": ["v1"],
    "cluster.addons.podIdentityAgent": ["x"],
    "cluster.addons.ebsCsiDriver": ["v1.2.3"],
    "cluster.storageClassName": ["GP3_Encrypted"],
    "cluster.tags": [arr("team")],
    "cluster.protectEvidence": ["keep"],
    "vault.enabled": ["on"],
    "vault.replicas": ["4"],
    "vault.apps": [arr("just-a-name")],
    "vault.address": ["http://vault:8200"],
    "harbor.enabled": ["1"],
    "harbor.host": ["not a host", { "harbor.enabled": "true" }],
    "harbor.tlsMode": ["plain"],
    "harbor.tlsSecretName": ["Harbor_TLS"],
    "harbor.acmCertificateArn": [
        "cert",
        {
            "harbor.enabled": "true",
            "harbor.host": "harbor.example.com",
            "harbor.tlsMode": "alb",
            "harbor.albSourceCidrs": arr("10.0.0.0/24"),
        },
    ],
    "harbor.albScheme": ["public"],
    "harbor.albSourceCidrs": [arr("everywhere")],
    "harbor.ingressClassName": ["Nginx!"],
    "harbor.ingressControllerNamespace": ["Ingress"],
    "harbor.s3Bucket": ["S3", { "aws:region": "eu-west-1" }],
    "harbor.vulnerabilitySeverity": ["severe"],
    "harbor.projects": [arr("Apps!")],
    "harbor.robotDurationDays": ["0"],
    "harbor.apiReachable": ["yes"],
    "trivy.enabled": ["no"],
    "trivy.severities": [arr("SEVERE")],
    "trivy.airGapped": ["true"],
    "trivy.airGapMirrorGcrProject": ["Mirror GCR"],
    "trivy.airGapGhcrProject": ["-ghcr"],
    "monitoring.enabled": ["y"],
    "monitoring.retention": ["forever"],
    "monitoring.storageSize": ["50GB"],
    "monitoring.alertmanagerStorageSize": ["0Gi"],
    "monitoring.eks": ["n"],
    "falco.enabled": ["t"],
    "falco.airGapped": ["f"],
    "falco.priority": ["loud"],
    "falco.cloudwatch": ["sure"],
    "falco.logRetentionDays": ["30"],
    "falco.shellAllowedImages": [arr("Bad Image")],
    "falco.vaultAllowedPorts": [arr("70000")],
    "kubeBench.enabled": ["weekly"],
    "kubeBench.schedule": ["a b c d e"],
    "kubeBench.imageDigest": ["sha256:abc"],
    "kubeHunter.enabled": ["2"],
    "example.enabled": ["yes"],
    "example.namespace": ["Example"],
    "example.image": [
        "nginx:latest",
        { "example.enabled": "true", "example.allowedRegistries": arr("harbor.example.com") },
    ],
    // With Harbor off, the example needs its registries: [] is refused when it is on (SecureWorkload's own check).
    "example.allowedRegistries": [
        arr(),
        {
            "example.enabled": "true",
            "example.image": `harbor.example.com/apps/web@sha256:${"a".repeat(64)}`,
        },
    ],
    "example.port": ["80"],
    "example.replicas": ["0"],
    "admission.enabled": ["enforce"],
    "admission.mode": ["block"],
};

/** Keys where every string is accepted, and why. */
const freeText: Record<string, string> = {
    "cluster.kubeContext": "any kubeconfig context name (cluster.mode=existing)",
    "cluster.kubeconfig": "a secret kubeconfig, checked by the Kubernetes provider",
};

test("every config key has a bad value in the table (or a reason it has none)", () => {
    const listed = new Set([...Object.keys(badValues), ...Object.keys(freeText)]);
    expect(allKeys.map((k) => k.key).filter((k) => !listed.has(k))).toEqual([]);
    expect(Object.keys(badValues).filter((k) => !allKeys.some((s) => s.key === k))).toEqual([]);
});

describe("a bad value for every key: one line naming the key, nothing registered", () => {
    test.each(Object.entries(badValues))("%s", async (key, [value, extra]) => {
        const resources = installMocks({ project: PROJECT });
        const problems = problemsOf({ ...(extra ?? {}), [key]: value });
        expect(problems.filter((l) => l.startsWith(`config ${key}: `))).toHaveLength(1);
        // The other keys the case sets are valid: only the bad key is named.
        expect(problems.filter((l) => !l.startsWith(`config ${key}: `))).toEqual([]);
        await settle();
        expect(resources).toHaveLength(0);
    });
});

test('kubeBench.schedule="a b c d e" fails in config validation, naming the key, with the one formatter', () => {
    expect(problemsOf({ "kubeBench.schedule": "a b c d e" })).toEqual([
        formatFieldError(
            {
                path: "kubeBench.schedule",
                value: "a b c d e",
                message: 'must be a 5-field cron expression such as "0 3 * * 0"',
            },
            (k) => `config ${k}`,
        ),
    ]);
    expect(problemsOf({ "kubeBench.schedule": "0 3 * * 0" })).toEqual([]);
    expect(problemsOf({ "kubeBench.schedule": "*/15 0-6 1,15 * 1-5" })).toEqual([]);
    expect(problemsOf({ "kubeBench.schedule": "61 3 * * 0" })).toHaveLength(1);
});

/** The blueprint program itself, under mocks: config is read before the first resource. */
describe.each([
    ["kubeBench.schedule", "a b c d e"],
    ["falco.logRetentionDays", "30"],
    ["monitoring.retention", "forever"],
    ["admission.mode", "block"],
])("index.ts with %s=%s", (key, value) => {
    test("throws one line naming the key and registers nothing", async () => {
        const resources = installMocks({ project: PROJECT });
        setConfig({ [key]: value, "aws:region": "eu-west-1" });
        let err: unknown;
        jest.isolateModules(() => {
            try {
                // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program runs on load
                require("../../index");
            } catch (e) {
                err = e;
            }
        });
        expect(err).toBeInstanceOf(Error);
        expect((err as Error).name).toBe("ConfigError");
        expect((err as Error).message.split("\n")).toEqual([expect.stringMatching(`^config ${key}: `)]);
        await settle();
        expect(resources).toHaveLength(0);
    });
});
