/** The pure pieces of the cluster area: CIDRs and the subnet plan, policies, kubeconfig, validator pass cases. */
import { MAX_AZS, planSubnets, VPC_PREFIX_RANGE } from "../../components/cluster/cidr";
import { parseCidr } from "../../lib/cidr";
import {
    CLOUDWATCH_RETENTION_DAYS,
    CLUSTER_DEFAULTS,
    SUPPORTED_VERSIONS,
} from "../../components/cluster/defaults";
import { buildKubeconfig } from "../../components/cluster/kubeconfig";
import {
    ebsCsiKmsPolicy,
    logsVolumeKeyPolicy,
    secretsKeyPolicy,
    deployerPrincipalArn,
} from "../../components/cluster/policies";
import { resolveClusterArgs, validateClusterArgs } from "../../components/cluster/validate";

describe("parseCidr", () => {
    test.each([
        ["10.0.0.0/16", 4, 16],
        ["203.0.113.10/32", 4, 32],
        ["0.0.0.0/0", 4, 0],
        ["2001:db8::/32", 6, 32],
        ["::/0", 6, 0],
    ])("accepts %s", (c, family, prefix) => {
        expect(parseCidr(c)).toMatchObject({ family, prefix });
    });
    test.each([
        ["10.0.0.0", "not a CIDR"],
        ["10.0.0.256/24", "not a valid"],
        ["10.0.0.0/33", "0-32"],
        ["10.0.0.1/24", "host bits"],
        ["2001:db8::/129", "0-128"],
        ["example.com/24", "not a valid"],
        [" 10.0.0.0/16", "not a CIDR"],
    ])("rejects %s", (c, why) => {
        expect(parseCidr(c)).toEqual(expect.stringContaining(why));
    });
});

describe("planSubnets", () => {
    test("a /16 across 3 AZs: /19 private subnets, /22 public subnets in the last eighth", () => {
        expect(planSubnets("10.0.0.0/16", 3)).toEqual({
            private: ["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"],
            public: ["10.0.224.0/22", "10.0.228.0/22", "10.0.232.0/22"],
        });
    });

    test("every accepted VPC size and AZ count gives non-overlapping subnets inside the VPC", () => {
        const range = (c: string) => {
            const p = parseCidr(c);
            if (typeof p === "string" || p.family !== 4) throw new Error(c);
            const base = Number(p.network);
            return [base, base + 2 ** (32 - p.prefix) - 1];
        };
        for (let prefix = VPC_PREFIX_RANGE.min; prefix <= VPC_PREFIX_RANGE.max; prefix++) {
            const vpc = `10.0.0.0/${prefix}`;
            const [lo, hi] = range(vpc);
            for (let n = 2; n <= MAX_AZS; n++) {
                const plan = planSubnets(vpc, n);
                const all = [...plan.private, ...plan.public].map(range);
                for (const [a, b] of all) expect(a >= lo && b <= hi).toBe(true);
                for (let i = 0; i < all.length; i++)
                    for (let j = i + 1; j < all.length; j++)
                        expect(all[i][1] < all[j][0] || all[j][1] < all[i][0]).toBe(true);
            }
        }
    });

    test("refuses what the validator refuses", () => {
        expect(() => planSubnets("10.0.0.1/16", 3)).toThrow();
        expect(() => planSubnets("10.0.0.0/16", 7)).toThrow();
    });
});

describe("policies", () => {
    const ctx = {
        partition: "aws",
        accountId: "123456789012",
        adminArns: ["arn:aws:iam::123456789012:role/KeyAdmin"],
    };

    test("the Secrets key keeps the account root (no lock-out) and names the admin", () => {
        const p = secretsKeyPolicy(ctx);
        expect(p.Statement[0]).toMatchObject({
            Principal: { AWS: "arn:aws:iam::123456789012:root" },
            Action: "kms:*",
        });
        expect(p.Statement[1].Principal?.AWS).toBe("arn:aws:iam::123456789012:role/KeyAdmin");
    });

    test("the logs/volumes key scopes CloudWatch Logs to the log group, per partition", () => {
        const logGroupArn = "arn:aws-cn:logs:cn-north-1:123456789012:log-group:/aws/eks/x/cluster";
        const p = logsVolumeKeyPolicy({
            ...ctx,
            partition: "aws-cn",
            region: "cn-north-1",
            dnsSuffix: "amazonaws.com.cn",
            logGroupArns: [logGroupArn],
        });
        const logs = p.Statement.find((s) => s.Principal?.Service);
        expect(logs?.Principal?.Service).toBe("logs.cn-north-1.amazonaws.com.cn");
        expect(logs?.Condition).toEqual({ ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupArn } });
        expect(p.Statement[0].Principal?.AWS).toBe("arn:aws-cn:iam::123456789012:root");
        // Every statement has a principal: a key policy without one is a MalformedPolicyDocument.
        for (const s of p.Statement) expect(s.Principal).toBeDefined();
    });

    test("EBS CSI key use is scoped to the one key, grants only for AWS resources", () => {
        const p = ebsCsiKmsPolicy("arn:aws:kms:eu-west-1:123456789012:key/k");
        for (const s of p.Statement) expect(s.Resource).toBe("arn:aws:kms:eu-west-1:123456789012:key/k");
        expect(p.Statement[0].Condition).toEqual({ Bool: { "kms:GrantIsForAWSResource": "true" } });
        expect(JSON.stringify(p)).not.toContain('"*"');
    });

    test("each log group the key encrypts gets its own grant naming its ARN (issue 13, item 4)", () => {
        const eksGroup = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/eks/x/cluster";
        const falcoGroup = "arn:aws:logs:eu-west-1:123456789012:log-group:/blueprint/falco/events";
        const p = logsVolumeKeyPolicy({
            ...ctx,
            region: "eu-west-1",
            dnsSuffix: "amazonaws.com",
            logGroupArns: [eksGroup, falcoGroup],
        });
        const logs = p.Statement.filter((s) => s.Principal?.Service === "logs.eu-west-1.amazonaws.com");
        expect(logs.map((s) => s.Condition?.ArnEquals?.["kms:EncryptionContext:aws:logs:arn"])).toEqual([
            eksGroup,
            falcoGroup,
        ]);
        expect(new Set(p.Statement.map((s) => s.Sid)).size).toBe(p.Statement.length);
        for (const s of p.Statement) expect(s.Sid).toMatch(/^[A-Za-z0-9]+$/);
    });

    // The session context's issuer keeps the role's path (issue 13, item 3); IAM users pass through.
    test.each([
        [
            "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123abcd/alice@example.com",
            "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123abcd",
            "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123abcd",
        ],
        [
            "arn:aws:sts::123456789012:assumed-role/Deployer/ci-run-42",
            "arn:aws:iam::123456789012:role/teams/platform/Deployer",
            "arn:aws:iam::123456789012:role/teams/platform/Deployer",
        ],
        [
            "arn:aws:iam::123456789012:user/alice",
            "arn:aws:iam::123456789012:user/alice",
            "arn:aws:iam::123456789012:user/alice",
        ],
        ["arn:aws:iam::123456789012:user/alice", "", "arn:aws:iam::123456789012:user/alice"],
    ])("deploying identity %s (issuer %s) -> %s", (caller, issuer, principal) => {
        expect(deployerPrincipalArn(caller, issuer)).toBe(principal);
    });
});

test("kubeconfig: exec plugin aws eks get-token, no embedded credential, optional profile", () => {
    const kc = buildKubeconfig({
        clusterName: "c",
        endpoint: "https://e",
        certificateAuthorityData: "Q0E=",
        region: "eu-west-1",
        profile: "ops",
    });
    const user = (kc.users as { user: { exec: { command: string; args: string[]; env?: unknown[] } } }[])[0]
        .user;
    expect(user.exec.command).toBe("aws");
    expect(user.exec.args).toEqual([
        "eks",
        "get-token",
        "--cluster-name",
        "c",
        "--region",
        "eu-west-1",
        "--output",
        "json",
    ]);
    expect(user.exec.env).toEqual([{ name: "AWS_PROFILE", value: "ops" }]);
    expect(kc["current-context"]).toBe("c");
});

describe("validator pass cases", () => {
    test("the defaults are valid and use a supported version and a CloudWatch retention", () => {
        expect(validateClusterArgs(resolveClusterArgs({}))).toEqual([]);
        expect(SUPPORTED_VERSIONS).toContain(CLUSTER_DEFAULTS.version);
        expect(CLOUDWATCH_RETENTION_DAYS).toContain(CLUSTER_DEFAULTS.logRetentionDays);
        expect([...CLOUDWATCH_RETENTION_DAYS]).toEqual([
            1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
            3653,
        ]);
    });

    test("a fully specified valid Args passes", () => {
        const r = resolveClusterArgs({
            clusterName: "prod_eu-1",
            version: "1.35",
            availabilityZones: ["eu-west-1a", "eu-west-1b"],
            endpointPublicAccess: true,
            endpointPublicAccessCidrs: ["203.0.113.10/32", "2001:db8::/48"],
            endpointPrivateAccessCidrs: ["10.50.0.0/16"],
            logRetentionDays: 3653,
            adminRoleArns: ["arn:aws:iam::123456789012:role/platform/Admins"],
            viewerRoleArns: ["arn:aws:iam::123456789012:user/auditor"],
            keyAdminArns: ["arn:aws-us-gov:iam::123456789012:role/KeyAdmin"],
            amiType: "BOTTLEROCKET_ARM_64",
            systemNodes: { instanceTypes: ["m7g.large"], minSize: 0, desiredSize: 0, maxSize: 1 },
            generalNodes: {
                instanceTypes: ["c7gn.16xlarge", "u-6tb1.metal"],
                minSize: 1,
                desiredSize: 1,
                maxSize: 1,
            },
            nodeVolumeSizeGiB: 20,
            addonVersions: { coredns: "v1.11.4-eksbuild.2", ebsCsiDriver: "" },
            storageClassName: "ebs.gp3-encrypted",
        });
        expect(validateClusterArgs(r)).toEqual([]);
        expect(r.network).toMatchObject({ kind: "create", availabilityZoneCount: 2 });
    });
});
