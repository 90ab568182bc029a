/**
 * Bad input is refused before any resource is registered, with one line per problem naming the key (config) or the
 * Args field (component), in deploy and preview mode.
 */
import * as pulumi from "@pulumi/pulumi";
import { HardenedClusterArgs } from "../../components/cluster/args";
import { HardenedCluster } from "../../components/cluster/hardenedCluster";
import { ConfigError } from "../../components/lib/errors";
import { readClusterConfig } from "../../config/cluster";
import { installMocks, settle } from "../lib/mocks";

const ACCT = "123456789012";
const arr = (...v: string[]) => JSON.stringify(v);

/** [description, config (key without project prefix -> raw value), key the one line must name, text it must contain] */
const configCases: [string, Record<string, string>, string, string][] = [
    [
        "malformed public CIDR",
        { "cluster.endpointPublicAccess": "true", "cluster.endpointPublicAccessCidrs": arr("10.0.0.300/32") },
        "cluster.endpointPublicAccessCidrs",
        "malformed",
    ],
    [
        "0.0.0.0/0 for the endpoint",
        { "cluster.endpointPublicAccess": "true", "cluster.endpointPublicAccessCidrs": arr("0.0.0.0/0") },
        "cluster.endpointPublicAccessCidrs",
        "refused",
    ],
    [
        "::/0 for the endpoint",
        {
            "cluster.endpointPublicAccess": "true",
            "cluster.endpointPublicAccessCidrs": arr("203.0.113.0/24", "::/0"),
        },
        "cluster.endpointPublicAccessCidrs",
        "refused",
    ],
    [
        "CIDR with host bits",
        {
            "cluster.endpointPublicAccess": "true",
            "cluster.endpointPublicAccessCidrs": arr("203.0.113.7/24"),
        },
        "cluster.endpointPublicAccessCidrs",
        "host bits",
    ],
    [
        "public access on without CIDRs",
        { "cluster.endpointPublicAccess": "true" },
        "cluster.endpointPublicAccess",
        "cluster.endpointPublicAccessCidrs",
    ],
    [
        "CIDRs while public access is off",
        { "cluster.endpointPublicAccessCidrs": arr("203.0.113.10/32") },
        "cluster.endpointPublicAccessCidrs",
        "cluster.endpointPublicAccess is false",
    ],
    [
        "0.0.0.0/0 for the private endpoint",
        { "cluster.endpointPrivateAccessCidrs": arr("0.0.0.0/0") },
        "cluster.endpointPrivateAccessCidrs",
        "refused",
    ],
    [
        "unsupported Kubernetes version",
        { "cluster.version": "1.20" },
        "cluster.version",
        "1.32, 1.33, 1.34, 1.35",
    ],
    [
        "system min > desired",
        { "cluster.system.minSize": "3", "cluster.system.desiredSize": "2" },
        "cluster.system.minSize",
        "min <= desired <= max",
    ],
    [
        "general desired > max",
        { "cluster.general.desiredSize": "7" },
        "cluster.general.desiredSize",
        "cluster.general.maxSize",
    ],
    ["negative size", { "cluster.general.minSize": "-1" }, "cluster.general.minSize", ">= 0"],
    [
        "log retention CloudWatch refuses",
        { "cluster.logRetentionDays": "366" },
        "cluster.logRetentionDays",
        "365, 400",
    ],
    [
        "log retention not an integer",
        { "cluster.logRetentionDays": "a year" },
        "cluster.logRetentionDays",
        "must be an integer",
    ],
    [
        "one AZ by count",
        { "cluster.availabilityZoneCount": "1" },
        "cluster.availabilityZoneCount",
        "at least 2",
    ],
    [
        "one AZ by name",
        { "cluster.availabilityZones": arr("eu-west-1a") },
        "cluster.availabilityZones",
        "at least 2",
    ],
    [
        "malformed admin ARN",
        { "cluster.adminRoleArns": arr("arn:aws:iam::123:role/Admin") },
        "cluster.adminRoleArns",
        "not an IAM role or user ARN",
    ],
    [
        "assumed-role session as admin",
        { "cluster.adminRoleArns": arr(`arn:aws:sts::${ACCT}:assumed-role/Admin/alice`) },
        "cluster.adminRoleArns",
        "role/<name>",
    ],
    [
        "malformed viewer ARN",
        { "cluster.viewerRoleArns": arr("Auditors") },
        "cluster.viewerRoleArns",
        "not an IAM role or user ARN",
    ],
    [
        "malformed key admin ARN",
        { "cluster.keyAdminArns": arr(`arn:aws:iam::${ACCT}:group/Admins`) },
        "cluster.keyAdminArns",
        "not an IAM role or user ARN",
    ],
    [
        "nobody could administer",
        { "cluster.addDeployerAsAdmin": "false" },
        "cluster.adminRoleArns",
        "no one could administer",
    ],
    ["VPC CIDR too large", { "cluster.vpcCidr": "10.0.0.0/8" }, "cluster.vpcCidr", "/16 to /20"],
    ["VPC CIDR malformed", { "cluster.vpcCidr": "10.0.0/16" }, "cluster.vpcCidr", "malformed"],
    [
        "Service CIDR malformed",
        { "cluster.serviceCidr": "172.20.0.1/16" },
        "cluster.serviceCidr",
        "host bits",
    ],
    [
        "Service CIDR too large",
        { "cluster.serviceCidr": "10.64.0.0/11" },
        "cluster.serviceCidr",
        "/12 to /24",
    ],
    [
        "Service CIDR too small",
        { "cluster.serviceCidr": "172.20.0.0/25" },
        "cluster.serviceCidr",
        "/12 to /24",
    ],
    [
        "Service CIDR public",
        { "cluster.serviceCidr": "100.64.0.0/16" },
        "cluster.serviceCidr",
        "which EKS requires",
    ],
    ["Service CIDR IPv6", { "cluster.serviceCidr": "fd00::/108" }, "cluster.serviceCidr", "IPv4 CIDR"],
    [
        "Service CIDR overlapping the VPC",
        { "cluster.serviceCidr": "10.0.128.0/20" },
        "cluster.serviceCidr",
        "overlaps the VPC CIDR 10.0.0.0/16",
    ],
    [
        "one brought subnet",
        {
            "cluster.vpcId": "vpc-0123456789abcdef0",
            "cluster.privateSubnetIds": arr("subnet-0123456789abcdef0"),
        },
        "cluster.privateSubnetIds",
        "at least 2 AZs",
    ],
    [
        "subnets without a VPC",
        { "cluster.privateSubnetIds": arr("subnet-0123456789abcdef0", "subnet-0123456789abcdef1") },
        "cluster.privateSubnetIds",
        "cluster.vpcId is empty",
    ],
    ["unknown mode", { "cluster.mode": "gke" }, "cluster.mode", "eks, existing"],
    ["AL2 AMI", { "cluster.amiType": "AL2_x86_64" }, "cluster.amiType", "AL2023_x86_64_STANDARD"],
    ["add-on version 'latest'", { "cluster.addons.vpcCni": "latest" }, "cluster.addons.vpcCni", "eksbuild"],
    [
        "no instance types",
        { "cluster.system.instanceTypes": "[]" },
        "cluster.system.instanceTypes",
        "at least one",
    ],
    ["bad cluster name", { "cluster.name": "my cluster!" }, "cluster.name", "letters, digits"],
    [
        "list that is not a list",
        { "cluster.adminRoleArns": "arn:aws:iam::123456789012:role/Admin" },
        "cluster.adminRoleArns",
        "list of strings",
    ],
];

/** [description, Args, field the one line must name, text it must contain] */
const argsCases: [string, HardenedClusterArgs, string, string][] = [
    [
        "0.0.0.0/0 for the endpoint",
        { endpointPublicAccess: true, endpointPublicAccessCidrs: ["0.0.0.0/0"] },
        "endpointPublicAccessCidrs",
        "refused",
    ],
    [
        "::/0 for the endpoint",
        { endpointPublicAccess: true, endpointPublicAccessCidrs: ["::/0"] },
        "endpointPublicAccessCidrs",
        "refused",
    ],
    [
        "malformed CIDR",
        { endpointPublicAccess: true, endpointPublicAccessCidrs: ["1.2.3/32"] },
        "endpointPublicAccessCidrs",
        "malformed",
    ],
    [
        "public access without CIDRs",
        { endpointPublicAccess: true },
        "endpointPublicAccess",
        "HardenedClusterArgs.endpointPublicAccessCidrs",
    ],
    ["unsupported version", { version: "1.29" }, "version", "supported"],
    [
        "min > desired",
        { systemNodes: { minSize: 4, desiredSize: 3, maxSize: 5 } },
        "systemNodes.minSize",
        "HardenedClusterArgs.systemNodes.desiredSize",
    ],
    [
        "desired > max",
        { generalNodes: { desiredSize: 9 } },
        "generalNodes.desiredSize",
        "HardenedClusterArgs.generalNodes.maxSize",
    ],
    ["fractional size", { generalNodes: { maxSize: 2.5 } }, "generalNodes.maxSize", "whole number"],
    ["retention 0", { logRetentionDays: 0 }, "logRetentionDays", "3653"],
    ["retention 10", { logRetentionDays: 10 }, "logRetentionDays", "CloudWatch"],
    ["one AZ", { availabilityZoneCount: 1 }, "availabilityZoneCount", "at least 2"],
    ["seven AZs", { availabilityZoneCount: 7 }, "availabilityZoneCount", "2-6"],
    ["bad AZ name", { availabilityZones: ["eu-west-1a", "west"] }, "availabilityZones", "not an AZ name"],
    ["malformed admin ARN", { adminRoleArns: ["arn:aws:iam::ACCOUNT:role/Admin"] }, "adminRoleArns", "ARN"],
    [
        "viewer also admin",
        { adminRoleArns: [`arn:aws:iam::${ACCT}:role/A`], viewerRoleArns: [`arn:aws:iam::${ACCT}:role/A`] },
        "viewerRoleArns",
        "also an admin",
    ],
    [
        "duplicate admin",
        { adminRoleArns: [`arn:aws:iam::${ACCT}:role/A`, `arn:aws:iam::${ACCT}:role/A`] },
        "adminRoleArns",
        "twice",
    ],
    [
        "brought VPC id malformed",
        {
            existingNetwork: {
                vpcId: "my-vpc",
                privateSubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
            },
        },
        "existingNetwork.vpcId",
        "VPC id",
    ],
    [
        "brought subnet malformed",
        {
            existingNetwork: {
                vpcId: "vpc-0123456789abcdef0",
                privateSubnetIds: ["subnet-0123456789abcdef0", "sn-1"],
            },
        },
        "existingNetwork.privateSubnetIds",
        "subnet id",
    ],
    ["tiny volume", { nodeVolumeSizeGiB: 8 }, "nodeVolumeSizeGiB", "20 to 16384"],
    ["bad StorageClass name", { storageClassName: "GP3_Encrypted" }, "storageClassName", "DNS subdomain"],
    [
        "bad instance type",
        { systemNodes: { instanceTypes: ["large"] } },
        "systemNodes.instanceTypes",
        "instance type",
    ],
];

function lines(e: unknown): string[] {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).message.split("\n");
}

describe.each([
    ["deploy", false],
    ["preview", true],
])("bad cluster config (%s)", (_mode, preview) => {
    test("the default config and the default Args are valid (the baseline of the tables)", async () => {
        const resources = installMocks({ preview });
        pulumi.runtime.setAllConfig({});
        const c = readClusterConfig(new pulumi.Config("blueprint"));
        expect(c.mode).toBe("eks");
        new HardenedCluster("ok", c.mode === "eks" ? c.args : {});
        await settle();
        expect(resources.length).toBeGreaterThan(30);
    });

    test.each(configCases)("config: %s", async (_d, cfg, key, text) => {
        const resources = installMocks({ preview });
        pulumi.runtime.setAllConfig(
            Object.fromEntries(Object.entries(cfg).map(([k, v]) => [`blueprint:${k}`, v])),
        );
        let err: unknown;
        try {
            readClusterConfig(new pulumi.Config("blueprint"));
        } catch (e) {
            err = e;
        }
        const ls = lines(err);
        expect(ls).toHaveLength(1);
        expect(ls[0].startsWith(`config ${key}: `)).toBe(true);
        expect(ls[0]).toContain(text);
        await settle();
        expect(resources).toHaveLength(0);
    });

    test.each(argsCases)("Args: %s", async (_d, args, field, text) => {
        const resources = installMocks({ preview });
        expect(() => new HardenedCluster("bad", args)).toThrow(ConfigError);
        let err: unknown;
        try {
            new HardenedCluster("bad", args);
        } catch (e) {
            err = e;
        }
        const ls = lines(err);
        expect(ls).toHaveLength(1);
        expect(ls[0].startsWith(`HardenedClusterArgs.${field}: `)).toBe(true);
        expect(ls[0]).toContain(text);
        await settle();
        expect(resources).toHaveLength(0); // not even the component itself
    });

    test("several problems: one line each, all reported at once", async () => {
        const resources = installMocks({ preview });
        pulumi.runtime.setAllConfig({
            "blueprint:cluster.version": "1.10",
            "blueprint:cluster.logRetentionDays": "42",
            "blueprint:cluster.endpointPublicAccess": "true",
            "blueprint:cluster.endpointPublicAccessCidrs": arr("0.0.0.0/0"),
        });
        let err: unknown;
        try {
            readClusterConfig(new pulumi.Config("blueprint"));
        } catch (e) {
            err = e;
        }
        const ls = lines(err);
        expect(ls.map((l) => l.split(":")[0]).sort()).toEqual([
            "config cluster.endpointPublicAccessCidrs",
            "config cluster.logRetentionDays",
            "config cluster.version",
        ]);
        await settle();
        expect(resources).toHaveLength(0);
    });
});

test("the tables are big enough", () => {
    expect(configCases.length).toBeGreaterThanOrEqual(15);
    expect(argsCases.length).toBeGreaterThanOrEqual(15);
});
