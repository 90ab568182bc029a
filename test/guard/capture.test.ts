// Program mode: what the guard records from a real Pulumi program run under the SDK's mock monitor.
import * as path from "path";
import { captureProgram } from "../../guard/capture";
import { GuardResource, isSecret, secretSig, unknownValue } from "../../guard/model";

const fixture = path.join(__dirname, "../fixtures/programs/capture");
let resources: GuardResource[];
const byName = (type: string, name: string) => {
    const r = resources.find((x) => x.type === type && x.name === name);
    if (!r) throw new Error(`${type} ${name} not captured`);
    return r;
};

beforeAll(async () => {
    const captured = await captureProgram({
        program: fixture,
        project: "fixture",
        stack: "dev",
        config: { "fixture:team": "payments" },
        secretKeys: [],
        log: () => undefined,
    });
    resources = captured.resources;
});

describe("captureProgram", () => {
    test("registers the root stack, and top-level resources are its children", () => {
        const root = byName("pulumi:pulumi:Stack", "fixture-dev");
        expect(root.urn).toBe("urn:pulumi:dev::fixture::pulumi:pulumi:Stack::fixture-dev");
        expect(byName("aws:kms/key:Key", "secrets").parent).toBe(root.urn);
    });

    test("computes URNs from the full chain of parent types, as the engine does", () => {
        const secret = byName("kubernetes:core/v1:Secret", "creds");
        expect(secret.urn).toBe(
            "urn:pulumi:dev::fixture::fixture:index:Group$kubernetes:core/v1:Namespace$kubernetes:core/v1:Secret::creds",
        );
        expect(secret.parent).toBe(
            "urn:pulumi:dev::fixture::fixture:index:Group$kubernetes:core/v1:Namespace::ns",
        );
    });

    test("records explicit dependsOn and implicit Output dependencies, and propertyDependencies", () => {
        const cluster = byName("aws:eks/cluster:Cluster", "cluster");
        const ns = byName("kubernetes:core/v1:Namespace", "ns");
        const key = byName("aws:kms/key:Key", "secrets");
        expect(cluster.dependencies).toEqual(expect.arrayContaining([ns.urn, key.urn]));
        expect(cluster.propertyDependencies.encryptionConfig).toEqual([key.urn]);
        expect(cluster.propertyDependencies.roleArn).toEqual([]);
    });

    test("keeps secrets as secrets and unknowns as unknowns", () => {
        const secret = byName("kubernetes:core/v1:Secret", "creds");
        expect(isSecret(secret.inputs.stringData)).toBe(true);
        expect(Object.keys(secret.inputs.stringData as object).sort()).toEqual([secretSig, "value"].sort());
        expect((secret.inputs.stringData as { value: unknown }).value).toEqual({ password: "hunter2" });
        const cluster = byName("aws:eks/cluster:Cluster", "cluster");
        const enc = cluster.inputs.encryptionConfig as { provider: { keyArn: unknown } };
        expect(enc.provider.keyArn).toBe(unknownValue);
    });

    test("records resource options", () => {
        const secret = byName("kubernetes:core/v1:Secret", "creds");
        expect(secret.options.protect).toBe(true);
        expect(secret.options.ignoreChanges).toEqual(["metadata.annotations"]);
        expect(secret.options.deleteBeforeReplace).toBe(true);
        const cluster = byName("aws:eks/cluster:Cluster", "cluster");
        expect(cluster.options.customTimeouts?.create).toBe("30m");
        expect(cluster.options.additionalSecretOutputs).toEqual(["certificateAuthority"]);
        expect(cluster.options.protect).toBe(false);
    });

    test("synthesizes default providers and references explicit ones", () => {
        const aws = byName("pulumi:providers:aws", "default_7_48_0");
        expect(aws.synthesized).toBe(true);
        expect(aws.inputs).toEqual({ version: "7.48.0" });
        expect(byName("aws:kms/key:Key", "secrets").provider).toBe(`${aws.urn}::${unknownValue}`);
        const explicit = byName("pulumi:providers:kubernetes", "cluster");
        expect(byName("kubernetes:core/v1:Namespace", "ns").provider?.startsWith(`${explicit.urn}::`)).toBe(
            true,
        );
        expect(resources.some((r) => r.type === "pulumi:providers:kubernetes" && r.synthesized)).toBe(false);
    });

    test("passes stack config to the program", () => {
        expect((byName("kubernetes:core/v1:Namespace", "ns").inputs.metadata as { name: string }).name).toBe(
            "payments",
        );
    });

    test("components have no inputs and are not custom", () => {
        const group = byName("fixture:index:Group", "group");
        expect(group.custom).toBe(false);
        expect(group.inputs).toEqual({});
    });
});
