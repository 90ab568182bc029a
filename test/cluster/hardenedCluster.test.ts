/**
 * Every hardened default of HardenedCluster, asserted on the registered resources, in deploy and preview mode; plus
 * the dependency graph (only real dependencies) and the escape hatches.
 */
import * as pulumi from "@pulumi/pulumi";
import { HardenedCluster, HardenedClusterArgs } from "../../components/cluster/hardenedCluster";
import { PolicyDocument, PolicyStatement } from "../../components/cluster/policies";
import { mockAccountId, valueOf } from "../lib/mocks";
import {
    byType,
    CA_DATA,
    dependsOn,
    ENDPOINT,
    installClusterMocks,
    ISSUER,
    one,
    Registered,
    settleAll,
} from "./harness";

const ADMIN = `arn:aws:iam::${mockAccountId}:role/PlatformAdmins`;
const VIEWER = `arn:aws:iam::${mockAccountId}:role/Auditors`;
const DEPLOYER = `arn:aws:iam::${mockAccountId}:user/deployer`; // the mocked caller identity

const T = {
    cluster: "aws:eks/cluster:Cluster",
    key: "aws:kms/key:Key",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    lt: "aws:ec2/launchTemplate:LaunchTemplate",
    ng: "aws:eks/nodeGroup:NodeGroup",
    addon: "aws:eks/addon:Addon",
    entry: "aws:eks/accessEntry:AccessEntry",
    assoc: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    subnet: "aws:ec2/subnet:Subnet",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    sgIngress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    route: "aws:ec2/route:Route",
    rta: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    sc: "kubernetes:storage.k8s.io/v1:StorageClass",
    k8sProvider: "pulumi:providers:kubernetes",
    oidc: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    attach: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    vpc: "aws:ec2/vpc:Vpc",
    nat: "aws:ec2/natGateway:NatGateway",
};

const addon = (list: Registered[], name: string) =>
    list.filter((r) => r.type === T.addon && r.inputs.addonName === name)[0];
const statements = (json: string): PolicyStatement[] => (JSON.parse(json) as PolicyDocument).Statement;
const sid = (json: string, s: string) => statements(json).find((x) => x.Sid === s);

async function build(
    args: HardenedClusterArgs,
    preview = false,
): Promise<{ list: Registered[]; c: HardenedCluster }> {
    const list = installClusterMocks({ preview });
    const c = new HardenedCluster("t", args);
    await settleAll(list);
    return { list, c };
}

describe.each([
    ["deploy", false],
    ["preview", true],
])("HardenedCluster defaults (%s)", (_mode, preview) => {
    let list: Registered[];
    let c: HardenedCluster;
    beforeAll(async () => {
        ({ list, c } = await build({ adminRoleArns: [ADMIN], viewerRoleArns: [VIEWER] }, preview));
    });

    test("audit logging: all five log types, log group first, 365 days, KMS, protected evidence", () => {
        const cluster = one(list, T.cluster);
        expect(cluster.inputs.enabledClusterLogTypes).toEqual([
            "api",
            "audit",
            "authenticator",
            "controllerManager",
            "scheduler",
        ]);
        const lg = one(list, T.logGroup);
        expect(lg.inputs.name).toBe("/aws/eks/blueprint/cluster");
        expect(lg.inputs.retentionInDays).toBe(365);
        expect(lg.inputs.kmsKeyId).toBe("arn:aws:mock:::t-logs-volumes");
        // Evidence: never deleted before its replacement exists, protected and retained (issue 13, item 7).
        expect(lg.deleteBeforeReplace).toBe(false);
        expect(lg.protect).toBe(true);
        expect(lg.retainOnDelete).toBe(true);
        expect(dependsOn(list, cluster, T.logGroup)).toBe(true);
    });

    test("KMS keys: rotation on, 30-day window, no lock-out, named admin, logs scoped to the log group", () => {
        const keys = byType(list, T.key);
        expect(keys).toHaveLength(2);
        for (const k of keys) {
            expect(k.inputs.enableKeyRotation).toBe(true);
            expect(k.inputs.deletionWindowInDays).toBe(30);
            expect(typeof k.inputs.policy).toBe("string");
            expect(k.inputs.policy).not.toMatch(/Calling \[toString\]|Output</);
            const root = sid(k.inputs.policy, "AccountRootKeepsAccessNoLockOut");
            expect(root?.Principal?.AWS).toBe(`arn:aws:iam::${mockAccountId}:root`);
            expect(root?.Action).toBe("kms:*");
            const admins = sid(k.inputs.policy, "KeyAdministrators");
            expect(admins?.Principal?.AWS).toBe(DEPLOYER); // default: the deploying identity
            expect(admins?.Action).toContain("kms:ScheduleKeyDeletion");
            expect(admins?.Action).not.toContain("kms:Decrypt"); // administrators do not use the key
        }
        const lv = one(list, T.key, "logs-volumes").inputs.policy as string;
        const logs = sid(lv, "CloudWatchLogsForTheClusterLogGroupOnly");
        expect(logs?.Principal?.Service).toBe("logs.eu-west-1.amazonaws.com");
        expect(logs?.Condition?.ArnEquals?.["kms:EncryptionContext:aws:logs:arn"]).toBe(
            `arn:aws:logs:eu-west-1:${mockAccountId}:log-group:/aws/eks/blueprint/cluster`,
        );
        const asg = `arn:aws:iam::${mockAccountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
        expect(sid(lv, "AutoScalingUsesKeyForNodeVolumes")?.Principal?.AWS).toBe(asg);
        expect(
            sid(lv, "AutoScalingAttachesPersistentResources")?.Condition?.Bool?.["kms:GrantIsForAWSResource"],
        ).toBe("true");
        // The Secrets key has no service statements.
        expect(statements(one(list, T.key, "secrets").inputs.policy)).toHaveLength(2);
    });

    test("cluster: secrets encryption, private endpoint only, API auth, no bootstrap admin, supported version", () => {
        const i = one(list, T.cluster).inputs;
        expect(i.name).toBe("blueprint");
        expect(i.version).toBe("1.34");
        expect(i.encryptionConfig).toEqual({
            resources: ["secrets"],
            provider: { keyArn: "arn:aws:mock:::t-secrets" },
        });
        expect(i.vpcConfig.endpointPrivateAccess).toBe(true);
        expect(i.vpcConfig.endpointPublicAccess).toBe(false);
        expect(i.vpcConfig.publicAccessCidrs).toBeUndefined();
        expect(i.accessConfig).toEqual({
            authenticationMode: "API",
            bootstrapClusterCreatorAdminPermissions: false,
        });
        expect(i.bootstrapSelfManagedAddons).toBe(false);
    });

    test("Service CIDR set explicitly (issue 13, item 1): the NetworkPolicies name its first address, 172.20.0.1", () => {
        const i = one(list, T.cluster).inputs;
        expect(i.kubernetesNetworkConfig).toEqual({ ipFamily: "ipv4", serviceIpv4Cidr: "172.20.0.0/16" });
    });

    test("access entries: deployer + admins get cluster admin, viewers get view, all at cluster scope", () => {
        const entries = byType(list, T.entry)
            .map((e) => e.inputs.principalArn)
            .sort();
        expect(entries).toEqual([VIEWER, DEPLOYER, ADMIN].sort());
        for (const e of byType(list, T.entry)) expect(e.inputs.type).toBe("STANDARD");
        const assoc: Record<string, Registered["inputs"]> = Object.fromEntries(
            byType(list, T.assoc).map((a) => [a.inputs.principalArn, a.inputs]),
        );
        expect(assoc[ADMIN].policyArn).toBe(
            "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
        );
        expect(assoc[DEPLOYER].policyArn).toBe(
            "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
        );
        expect(assoc[VIEWER].policyArn).toBe("arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy");
        for (const a of Object.values(assoc)) expect(a.accessScope).toEqual({ type: "cluster" });
    });

    test("nodes: IMDSv2 required with hop limit 1, encrypted gp3 root volume with the customer key", () => {
        const lt = one(list, T.lt).inputs;
        expect(lt.metadataOptions).toMatchObject({
            httpEndpoint: "enabled",
            httpTokens: "required",
            httpPutResponseHopLimit: 1,
        });
        expect(lt.blockDeviceMappings).toEqual([
            {
                deviceName: "/dev/xvda",
                ebs: {
                    volumeSize: 50,
                    volumeType: "gp3",
                    encrypted: "true",
                    kmsKeyId: "arn:aws:mock:::t-logs-volumes",
                    deleteOnTermination: "true",
                },
            },
        ]);
        expect(lt.keyName).toBeUndefined();
    });

    test("node groups: system + general, no remote access, private subnets, AL2023, launch template", () => {
        const ngs = byType(list, T.ng);
        expect(ngs.map((n) => n.name).sort()).toEqual(["t-general", "t-system"]);
        const privateIds = byType(list, T.subnet)
            .filter((s) => s.name.includes("private"))
            .map((s) => `${s.name}-id`);
        for (const n of ngs) {
            expect(n.inputs.remoteAccess).toBeUndefined();
            expect(n.inputs.amiType).toBe("AL2023_x86_64_STANDARD");
            expect(n.inputs.subnetIds).toEqual(privateIds);
            expect(n.inputs.launchTemplate.id).toBe("t-nodes-id");
            // The version is the template's computed latestVersion: unknown in a first preview.
            if (preview) expect(pulumi.isUnknown(n.inputs.launchTemplate.version)).toBe(true);
            else expect(n.inputs.launchTemplate.version).toBe("1");
        }
        expect(one(list, T.ng, "system").inputs.scalingConfig).toEqual({
            minSize: 2,
            desiredSize: 2,
            maxSize: 3,
        });
        expect(one(list, T.ng, "general").inputs.scalingConfig).toEqual({
            minSize: 2,
            desiredSize: 3,
            maxSize: 6,
        });
    });

    test("network: 3 AZs, private subnets without public IPs and internal-elb tags, public only elb-tagged", () => {
        const subnets = byType(list, T.subnet);
        const priv = subnets.filter((s) => s.name.includes("private"));
        const pub = subnets.filter((s) => s.name.includes("public"));
        expect(priv).toHaveLength(3);
        expect(pub).toHaveLength(3);
        expect(new Set(priv.map((s) => s.inputs.availabilityZone))).toEqual(
            new Set(["eu-west-1a", "eu-west-1b", "eu-west-1c"]),
        );
        for (const s of priv) {
            expect(s.inputs.mapPublicIpOnLaunch).toBe(false);
            expect(s.inputs.tags["kubernetes.io/role/internal-elb"]).toBe("1");
            expect(s.inputs.tags["kubernetes.io/role/elb"]).toBeUndefined();
        }
        for (const s of pub) {
            expect(s.inputs.mapPublicIpOnLaunch).toBe(false);
            expect(s.inputs.tags["kubernetes.io/role/elb"]).toBe("1");
        }
        expect(byType(list, T.nat)).toHaveLength(3);
        // Cluster ENIs in private subnets only.
        expect(one(list, T.cluster).inputs.vpcConfig.subnetIds).toEqual(priv.map((s) => `${s.name}-id`));
    });

    test("security groups: nothing from 0.0.0.0/0 or ::/0, default SG emptied, endpoint SG without rules by default", () => {
        const open = (c: unknown) => typeof c === "string" && /\/0$/.test(c);
        for (const sg of byType(list, T.sg)) {
            for (const rule of sg.inputs.ingress ?? [])
                expect([...(rule.cidrBlocks ?? []), ...(rule.ipv6CidrBlocks ?? [])].some(open)).toBe(false);
        }
        for (const r of byType(list, T.sgIngress))
            expect(open(r.inputs.cidrIpv4) || open(r.inputs.cidrIpv6)).toBe(false);
        expect(byType(list, T.sgIngress)).toHaveLength(0);
        const endpointSg = one(list, T.sg, "endpoint");
        expect(endpointSg.inputs.ingress ?? []).toEqual([]);
        expect(endpointSg.inputs.egress ?? []).toEqual([]);
        const dsg = one(list, T.defaultSg).inputs;
        expect(dsg.ingress ?? []).toEqual([]);
        expect(dsg.egress ?? []).toEqual([]);
        expect(one(list, T.cluster).inputs.vpcConfig.securityGroupIds).toEqual(["t-endpoint-id"]);
    });

    test("add-ons: all five, OVERWRITE, vpc-cni enforces NetworkPolicy, EBS CSI uses its IRSA role", () => {
        const names = byType(list, T.addon)
            .map((a) => a.inputs.addonName)
            .sort();
        expect(names).toEqual([
            "aws-ebs-csi-driver",
            "coredns",
            "eks-pod-identity-agent",
            "kube-proxy",
            "vpc-cni",
        ]);
        for (const a of byType(list, T.addon)) {
            expect(a.inputs.resolveConflictsOnCreate).toBe("OVERWRITE");
            expect(a.inputs.resolveConflictsOnUpdate).toBe("OVERWRITE");
            expect(a.inputs.addonVersion).toBeUndefined(); // EKS default unless pinned
        }
        expect(JSON.parse(addon(list, "vpc-cni").inputs.configurationValues)).toEqual({
            enableNetworkPolicy: "true",
        });
        const ebsRole = byType(list, T.role).find((r) => r.name === "t-ebs-csi");
        expect(addon(list, "aws-ebs-csi-driver").inputs.serviceAccountRoleArn).toBe(
            "arn:aws:mock:::t-ebs-csi",
        );
        if (preview) {
            // The trust policy names the OIDC issuer, which the cluster computes: unknown in a first preview.
            expect(pulumi.isUnknown(ebsRole?.inputs.assumeRolePolicy)).toBe(true);
        } else {
            const trust = JSON.parse(ebsRole?.inputs.assumeRolePolicy);
            expect(trust.Statement[0].Condition.StringEquals).toEqual({
                [`${ISSUER.replace("https://", "")}:aud`]: "sts.amazonaws.com",
                [`${ISSUER.replace("https://", "")}:sub`]:
                    "system:serviceaccount:kube-system:ebs-csi-controller-sa",
            });
        }
        const inline = statements(
            byType(list, T.rolePolicy).find((p) => p.name === "t-ebs-csi")?.inputs.policy,
        );
        const grants = inline.find((s) => (s.Action as string[]).includes("kms:CreateGrant"));
        expect(grants?.Resource).toBe("arn:aws:mock:::t-logs-volumes");
        expect(grants?.Condition?.Bool?.["kms:GrantIsForAWSResource"]).toBe("true");
        expect(one(list, T.attach, "ebs-csi-managed").inputs.policyArn).toBe(
            "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
        );
    });

    test("identity: OIDC provider for IRSA (sts audience, thumbprint left to IAM), cluster role may use only the Secrets key", () => {
        const oidc = one(list, T.oidc).inputs;
        if (preview) expect(pulumi.isUnknown(oidc.url)).toBe(true);
        else expect(oidc.url).toBe(ISSUER);
        expect(oidc.clientIdLists).toEqual(["sts.amazonaws.com"]);
        expect(oidc.thumbprintLists).toBeUndefined();
        const kms = statements(
            byType(list, T.rolePolicy).find((p) => p.name === "t-cluster-kms")?.inputs.policy,
        );
        expect(kms).toEqual([
            expect.objectContaining({
                Resource: "arn:aws:mock:::t-secrets",
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
            }),
        ]);
    });

    test("dependencies: only the real ones", () => {
        const ngs = byType(list, T.ng);
        // Deployment-based add-ons need nodes.
        expect(dependsOn(list, addon(list, "coredns"), T.ng)).toBe(true);
        expect(dependsOn(list, addon(list, "aws-ebs-csi-driver"), T.ng)).toBe(true);
        // DaemonSet-only add-ons do not wait for nodes.
        for (const a of ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"])
            expect(dependsOn(list, addon(list, a), T.ng)).toBe(false);
        // Nodes wait for CNI + kube-proxy (no self-managed add-ons are bootstrapped), their role and private egress.
        for (const n of ngs) {
            expect(n.dependencies).toContain(addon(list, "vpc-cni").urn);
            expect(n.dependencies).toContain(addon(list, "kube-proxy").urn);
            expect(n.dependencies).not.toContain(addon(list, "eks-pod-identity-agent").urn);
            expect(dependsOn(list, n, T.attach, "AmazonEKSWorkerNodePolicy")).toBe(true);
            expect(dependsOn(list, n, T.route, "private-0-default")).toBe(true);
        }
        // The cluster does not wait for NAT/egress or nodes; it waits for its log group and role permissions.
        const cluster = one(list, T.cluster);
        expect(dependsOn(list, cluster, T.nat)).toBe(false);
        expect(dependsOn(list, cluster, T.route)).toBe(false);
        expect(dependsOn(list, cluster, T.attach, "cluster-eks")).toBe(true);
        expect(dependsOn(list, cluster, T.rolePolicy, "cluster-kms")).toBe(true);
        // The k8s provider waits for the admin access associations, nothing else in the cluster's graph.
        const provider = one(list, T.k8sProvider);
        expect(dependsOn(list, provider, T.assoc)).toBe(true);
        expect(dependsOn(list, provider, T.ng)).toBe(false);
        expect(dependsOn(list, provider, T.addon)).toBe(false);
        // The StorageClass is an API object: it needs no node and no driver.
        const sc = one(list, T.sc, "t-gp3-encrypted");
        expect(dependsOn(list, sc, T.ng)).toBe(false);
        expect(dependsOn(list, sc, T.addon)).toBe(false);
        // Viewer associations are not on the provider's path.
        const viewerAssoc = byType(list, T.assoc).find((a) => a.inputs.principalArn === VIEWER);
        expect(provider.dependencies).not.toContain(viewerAssoc?.urn);
    });

    test("default StorageClass gp3-encrypted: EBS CSI, gp3, encrypted with the customer key, via the cluster provider", () => {
        const sc = one(list, T.sc, "t-gp3-encrypted");
        expect(sc.inputs.metadata).toEqual({
            name: "gp3-encrypted",
            annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
        });
        expect(sc.inputs.provisioner).toBe("ebs.csi.aws.com");
        expect(sc.inputs.parameters).toMatchObject({
            type: "gp3",
            encrypted: "true",
            kmsKeyId: "arn:aws:mock:::t-logs-volumes",
        });
        expect(sc.inputs.volumeBindingMode).toBe("WaitForFirstConsumer");
        expect(c.storageClassName).toBe("gp3-encrypted");
    });

    test("kubeconfig is a secret and uses aws eks get-token; outputs are wired", async () => {
        expect(await pulumi.isSecret(c.kubeconfig)).toBe(true);
        expect(c.readyForWorkloads.length).toBe(4);
        if (preview) {
            // Endpoint and CA are computed by EKS: the kubeconfig is unknown (and still secret) in a first preview.
            expect(await (c.kubeconfig as unknown as { isKnown: Promise<boolean> }).isKnown).toBe(false);
            expect(await valueOf(c.clusterName)).toBe("blueprint");
            return;
        }
        const kc = JSON.parse(await valueOf(c.kubeconfig));
        expect(kc.clusters[0].cluster).toEqual({ server: ENDPOINT, "certificate-authority-data": CA_DATA });
        expect(kc.users[0].user.exec.command).toBe("aws");
        expect(kc.users[0].user.exec.args).toEqual([
            "eks",
            "get-token",
            "--cluster-name",
            "blueprint",
            "--region",
            "eu-west-1",
            "--output",
            "json",
        ]);
        expect(JSON.stringify(kc)).not.toMatch(/token:|client-key|password/);
        expect(await valueOf(c.oidcIssuerUrl)).toBe(ISSUER);
        expect(await valueOf(c.oidcProviderArn)).toBe("arn:aws:mock:::t-oidc");
        expect(await valueOf(c.nodeRoleArn)).toBe("arn:aws:mock:::t-node");
        expect(await valueOf(c.certificateAuthority)).toBe(CA_DATA);
        expect(await valueOf(c.clusterName)).toBe("blueprint");
    });
});

describe("HardenedCluster escape hatches", () => {
    test("public endpoint only with the listed CIDRs; private CIDRs get 443 only", async () => {
        const { list } = await build({
            endpointPublicAccess: true,
            endpointPublicAccessCidrs: ["203.0.113.10/32"],
            endpointPrivateAccessCidrs: ["10.20.0.0/16", "fd00::/8"],
        });
        const vpc = one(list, T.cluster).inputs.vpcConfig;
        expect(vpc.endpointPublicAccess).toBe(true);
        expect(vpc.endpointPrivateAccess).toBe(true);
        expect(vpc.publicAccessCidrs).toEqual(["203.0.113.10/32"]);
        const rules = byType(list, T.sgIngress).map((r) => r.inputs);
        expect(rules).toHaveLength(2);
        for (const r of rules)
            expect(r).toMatchObject({
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                securityGroupId: "t-endpoint-id",
            });
        expect(rules.map((r) => r.cidrIpv4 ?? r.cidrIpv6).sort()).toEqual(["10.20.0.0/16", "fd00::/8"]);
    });

    test("bring your own VPC: no network resources, nodes and ENIs in the given subnets", async () => {
        const subnets = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"];
        const { list } = await build({
            existingNetwork: { vpcId: "vpc-0123456789abcdef0", privateSubnetIds: subnets },
        });
        expect(byType(list, T.vpc)).toHaveLength(0);
        expect(byType(list, T.subnet)).toHaveLength(0);
        expect(byType(list, T.nat)).toHaveLength(0);
        expect(one(list, T.cluster).inputs.vpcConfig.subnetIds).toEqual(subnets);
        for (const n of byType(list, T.ng)) expect(n.inputs.subnetIds).toEqual(subnets);
        expect(one(list, T.sg, "endpoint").inputs.vpcId).toBe("vpc-0123456789abcdef0");
    });

    test("deployer not added when told; explicit key admins, Bottlerocket volumes, pinned add-ons, single NAT, SLR", async () => {
        const { list } = await build({
            addDeployerAsAdmin: false,
            adminRoleArns: [ADMIN],
            keyAdminArns: [ADMIN, `arn:aws:iam::${mockAccountId}:role/Security`],
            amiType: "BOTTLEROCKET_x86_64",
            addonVersions: { vpcCni: "v1.20.0-eksbuild.1" },
            singleNatGateway: true,
            createAutoscalingServiceLinkedRole: true,
            logRetentionDays: 731,
        });
        expect(byType(list, T.entry).map((e) => e.inputs.principalArn)).toEqual([ADMIN]);
        for (const k of byType(list, T.key))
            expect(sid(k.inputs.policy, "KeyAdministrators")?.Principal?.AWS).toEqual([
                ADMIN,
                `arn:aws:iam::${mockAccountId}:role/Security`,
            ]);
        const bd = one(list, T.lt).inputs.blockDeviceMappings;
        expect(bd.map((b: { deviceName: string }) => b.deviceName)).toEqual(["/dev/xvda", "/dev/xvdb"]);
        for (const b of bd)
            expect(b.ebs).toMatchObject({
                encrypted: "true",
                volumeType: "gp3",
                kmsKeyId: "arn:aws:mock:::t-logs-volumes",
            });
        expect(addon(list, "vpc-cni").inputs.addonVersion).toBe("v1.20.0-eksbuild.1");
        expect(byType(list, T.nat)).toHaveLength(1);
        const slr = one(list, "aws:iam/serviceLinkedRole:ServiceLinkedRole");
        expect(slr.inputs.awsServiceName).toBe("autoscaling.amazonaws.com");
        expect(one(list, T.key, "logs-volumes").dependencies).toContain(slr.urn);
        expect(one(list, T.logGroup).inputs.retentionInDays).toBe(731);
    });
});
