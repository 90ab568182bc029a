import * as k8s from "@pulumi/kubernetes";
/** config/cluster.ts: key declarations, the reader's good paths, and the bring-your-own-cluster provider. */
import * as pulumi from "@pulumi/pulumi";
import { existingClusterProvider } from "../../components/cluster/existingCluster";
import { apiServiceIp } from "../../components/cluster/serviceCidr";
import { resolveClusterArgs } from "../../components/cluster/validate";
import { CLUSTER_CONFIG_KEYS, clusterKeys, readClusterConfig } from "../../config/cluster";
import { installMocks, settle } from "../lib/mocks";

/** A pulumi.Config stand-in that serves `values` and records every key read. */
function fakeConfig(values: Record<string, string>, secrets: Record<string, string> = {}) {
    const read = new Set<string>();
    const cfg = {
        get: (k: string) => {
            read.add(k);
            return values[k];
        },
        getSecret: (k: string) => {
            read.add(k);
            return secrets[k] === undefined ? undefined : pulumi.secret(secrets[k]);
        },
    } as unknown as pulumi.Config;
    return { cfg, read };
}

describe("clusterKeys", () => {
    test("unique cluster.* keys, each with a description; a default exactly when not secret; default matches type", () => {
        const keys = clusterKeys.map((k) => k.key);
        expect(new Set(keys).size).toBe(keys.length);
        for (const k of clusterKeys) {
            expect(k.key).toMatch(/^cluster\./);
            expect(k.description.length).toBeGreaterThan(10);
            if (k.secret) {
                expect(k.default).toBeUndefined();
                continue;
            }
            expect(k.default).toBeDefined();
            const t = Array.isArray(k.default)
                ? "array"
                : typeof k.default === "number"
                  ? "integer"
                  : typeof k.default;
            expect(`${k.key}:${t}`).toBe(`${k.key}:${k.type}`);
        }
        expect(clusterKeys.find((k) => k.key === "cluster.kubeconfig")?.secret).toBe(true);
        expect(keys).not.toContain("cluster.region"); // the region is aws:region
    });

    test("every declared key is read (eks or existing mode), and every validator field maps to a declared key", () => {
        const eks = fakeConfig({});
        readClusterConfig(eks.cfg);
        const byo = fakeConfig({
            "cluster.vpcId": "vpc-0123456789abcdef0",
            "cluster.privateSubnetIds": '["subnet-0123456789abcdef0","subnet-0123456789abcdef1"]',
        });
        readClusterConfig(byo.cfg);
        const existing = fakeConfig({ "cluster.mode": "existing" });
        readClusterConfig(existing.cfg);
        const read = new Set([...eks.read, ...byo.read, ...existing.read]);
        for (const k of clusterKeys) expect(`${k.key}:${read.has(k.key)}`).toBe(`${k.key}:true`);
        const declared = new Set(clusterKeys.map((k) => k.key));
        for (const key of Object.values(CLUSTER_CONFIG_KEYS)) expect(declared.has(key)).toBe(true);
    });
});

describe("readClusterConfig", () => {
    test("no config: mode eks with exactly the component defaults", () => {
        const c = readClusterConfig(fakeConfig({}).cfg);
        if (c.mode !== "eks") throw new Error("expected eks");
        expect(resolveClusterArgs(c.args)).toEqual(resolveClusterArgs({}));
    });

    test("lists, numbers and booleans are parsed; bring-your-own VPC becomes existingNetwork", () => {
        const c = readClusterConfig(
            fakeConfig({
                "cluster.vpcId": "vpc-0123456789abcdef0",
                "cluster.privateSubnetIds": '["subnet-0123456789abcdef0","subnet-0123456789abcdef1"]',
                "cluster.endpointPublicAccess": "true",
                "cluster.endpointPublicAccessCidrs": '["203.0.113.10/32"]',
                "cluster.system.maxSize": "5",
                "cluster.addons.coredns": "v1.11.4-eksbuild.2",
            }).cfg,
        );
        if (c.mode !== "eks") throw new Error("expected eks");
        expect(c.args.existingNetwork).toEqual({
            vpcId: "vpc-0123456789abcdef0",
            privateSubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
        });
        expect(c.args.vpcCidr).toBeUndefined();
        expect(c.args.endpointPublicAccess).toBe(true);
        expect(c.args.endpointPublicAccessCidrs).toEqual(["203.0.113.10/32"]);
        expect(c.args.systemNodes?.maxSize).toBe(5);
        expect(c.args.addonVersions).toMatchObject({ coredns: "v1.11.4-eksbuild.2", vpcCni: undefined });
    });

    test("existing mode: the kubeconfig stays secret; eks-only keys are not validated", async () => {
        const c = readClusterConfig(
            fakeConfig(
                { "cluster.mode": "existing", "cluster.version": "0.1", "cluster.kubeContext": "prod" },
                { "cluster.kubeconfig": "apiVersion: v1" },
            ).cfg,
        );
        if (c.mode !== "existing") throw new Error("expected existing");
        expect(c.context).toBe("prod");
        expect(c.kubeconfig).toBeDefined();
        expect(await pulumi.isSecret(c.kubeconfig as pulumi.Output<string>)).toBe(true);
    });

    test("existing mode: a bad StorageClass name is refused naming the key", () => {
        expect(() =>
            readClusterConfig(
                fakeConfig({ "cluster.mode": "existing", "cluster.storageClassName": "Fast SSD" }).cfg,
            ),
        ).toThrow(
            /^config cluster.storageClassName: Invalid value: "Fast SSD": must be a Kubernetes object name/,
        );
    });

    test("existing mode without a kubeconfig: ambient KUBECONFIG", () => {
        const c = readClusterConfig(fakeConfig({ "cluster.mode": "existing" }).cfg);
        expect(c).toEqual({
            mode: "existing",
            kubeconfig: undefined,
            context: undefined,
            storageClassName: "gp3-encrypted",
            networkCidr: "10.0.0.0/16",
            serviceCidr: "172.20.0.0/16",
        });
    });

    test("the cluster network's CIDR comes from cluster.vpcCidr in every mode (for the NetworkPolicy flows)", () => {
        const byo = readClusterConfig(
            fakeConfig({ "cluster.mode": "existing", "cluster.vpcCidr": "10.20.0.0/16" }).cfg,
        );
        expect(byo).toMatchObject({ mode: "existing", networkCidr: "10.20.0.0/16" });
        const ownVpc = readClusterConfig(
            fakeConfig({
                "cluster.vpcId": "vpc-0123456789abcdef0",
                "cluster.privateSubnetIds": '["subnet-0123456789abcdef0","subnet-0123456789abcdef1"]',
                "cluster.vpcCidr": "192.168.0.0/16",
            }).cfg,
        );
        expect(ownVpc).toMatchObject({ mode: "eks", networkCidr: "192.168.0.0/16" });
        expect(() =>
            readClusterConfig(fakeConfig({ "cluster.mode": "existing", "cluster.vpcCidr": "10.0.0.0" }).cfg),
        ).toThrow(/^config cluster\.vpcCidr: Invalid value: "10\.0\.0\.0": must be an IPv4 CIDR/);
    });

    test("cluster.serviceCidr (issue 13, item 1): default 172.20.0.0/16 on the EKS cluster, and in existing mode", () => {
        const c = readClusterConfig(fakeConfig({}).cfg);
        if (c.mode !== "eks") throw new Error("expected eks");
        expect([c.serviceCidr, c.args.serviceCidr]).toEqual(["172.20.0.0/16", "172.20.0.0/16"]);
        expect(resolveClusterArgs({}).serviceCidr).toBe("172.20.0.0/16");
        const other = readClusterConfig(fakeConfig({ "cluster.serviceCidr": "10.100.0.0/16" }).cfg);
        expect(other).toMatchObject({ serviceCidr: "10.100.0.0/16", args: { serviceCidr: "10.100.0.0/16" } });
        // Existing clusters: any IPv4 CIDR that does not overlap the network (kubeadm's 10.96.0.0/12 included).
        const kubeadm = readClusterConfig(
            fakeConfig({ "cluster.mode": "existing", "cluster.serviceCidr": "10.96.0.0/12" }).cfg,
        );
        expect(kubeadm).toMatchObject({ mode: "existing", serviceCidr: "10.96.0.0/12" });
        expect(() =>
            readClusterConfig(
                fakeConfig({ "cluster.mode": "existing", "cluster.vpcCidr": "172.20.0.0/16" }).cfg,
            ),
        ).toThrow(
            /^config cluster\.serviceCidr: "172\.20\.0\.0\/16" overlaps the VPC CIDR 172\.20\.0\.0\/16; pick a range outside it \(e\.g\. 10\.100\.0\.0\/16\)$/,
        );
        // A brought VPC is checked against cluster.vpcCidr too.
        expect(() =>
            readClusterConfig(
                fakeConfig({
                    "cluster.vpcId": "vpc-0123456789abcdef0",
                    "cluster.privateSubnetIds": '["subnet-0123456789abcdef0","subnet-0123456789abcdef1"]',
                    "cluster.vpcCidr": "172.20.0.0/16",
                }).cfg,
            ),
        ).toThrow(/^config cluster\.serviceCidr: .* overlaps the VPC CIDR 172\.20\.0\.0\/16/);
    });

    test("the API Service is the first address of the Service CIDR", () => {
        expect(apiServiceIp("172.20.0.0/16")).toBe("172.20.0.1");
        expect(apiServiceIp("10.96.0.0/12")).toBe("10.96.0.1");
    });
});

describe.each([false, true])("existingClusterProvider (preview=%s)", (preview) => {
    test("with a kubeconfig: a provider carrying it (as a secret) and the context", async () => {
        const resources = installMocks({ preview });
        const p = existingClusterProvider("byo", {
            kubeconfig: "apiVersion: v1\nkind: Config",
            context: "prod",
        });
        await settle();
        const r = resources.find((x) => x.type === "pulumi:providers:kubernetes");
        // Serialized as a secret: { <sig key>: <secret sig>, value }.
        expect(r?.inputs.kubeconfig).toEqual({
            [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
            value: "apiVersion: v1\nkind: Config",
        });
        expect(r?.inputs.context).toBe("prod");
        expect(p).toBeInstanceOf(k8s.Provider);
    });

    test("without: no kubeconfig input, so the provider uses the ambient KUBECONFIG", async () => {
        const resources = installMocks({ preview });
        existingClusterProvider("byo");
        await settle();
        const r = resources.find((x) => x.type === "pulumi:providers:kubernetes");
        expect(r).toBeDefined();
        expect(r?.inputs.kubeconfig).toBeUndefined();
        expect(r?.inputs.context).toBeUndefined();
    });
});
