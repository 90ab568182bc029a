/**
 * Policy configuration: every policy's config schema (its own properties plus `exemptions`) validates sample
 * configs with ajv, every property has a default, an exemption without a reason or with an empty one is
 * refused, policy-pack/blueprint.policy-config.json validates and names only existing policies, and exemptions
 * take effect through the CrossGuard adapter (resource and stack policies).
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";
import { configSchemaOf, toCrossGuard } from "../../policy-pack/lib/adapter";
import { PolicyConfig, PolicyResource } from "../../policy-pack/lib/types";
import { allPolicies } from "../../policy-pack/policies";

const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true });
const validatorOf = (name: string) => {
    const p = allPolicies.find((x) => x.name === name);
    if (!p) throw new Error(`no policy ${name}`);
    return ajv.compile({ type: "object", properties: configSchemaOf(p).properties });
};
const blueprintConfig = JSON.parse(
    fs.readFileSync(path.join(__dirname, "../../policy-pack/blueprint.policy-config.json"), "utf8"),
) as Record<string, PolicyConfig>;

describe("config schemas", () => {
    test.each(allPolicies.map((p) => [p.name]))(
        "%s: schema compiles, every property has a default, defaults validate",
        (name) => {
            const p = allPolicies.find((x) => x.name === name)!;
            const props = configSchemaOf(p).properties as Record<string, Record<string, unknown>>;
            for (const [key, schema] of Object.entries(props))
                expect({ key, hasDefault: "default" in schema }).toEqual({ key, hasDefault: true });
            const validate = validatorOf(name);
            const config: Record<string, unknown> = {};
            expect(validate(config)).toBe(true);
            expect(config.exemptions).toEqual([]);
            expect(validate({ exemptions: [{ namespace: "falco", reason: "needs host access" }] })).toBe(
                true,
            );
            expect(validate({ exemptions: [{ namespace: "falco" }] })).toBe(false);
            expect(validate({ exemptions: [{ namespace: "falco", reason: "" }] })).toBe(false);
            expect(validate({ exemptions: [{ namespace: "falco", reason: "   " }] })).toBe(false);
            expect(validate({ exemptions: [{ reason: "no selector" }] })).toBe(false);
            expect(validate({ exemptions: [{ namespace: "falco", reason: "x", annotation: "y" }] })).toBe(
                false,
            );
        },
    );

    test("the configurable policies accept their documented settings and refuse bad ones", () => {
        const registries = validatorOf("allowed-image-registries");
        expect(registries({ registries: ["harbor.example.com", "*.dkr.ecr.*.amazonaws.com"] })).toBe(true);
        expect(registries({ registries: "harbor.example.com" })).toBe(false);
        expect(registries({ registries: [""] })).toBe(false);
        const retention = validatorOf("log-group-retention");
        const withDefault: Record<string, unknown> = {};
        retention(withDefault);
        expect(withDefault.minimumRetentionDays).toBe(365);
        expect(retention({ minimumRetentionDays: 731 })).toBe(true);
        expect(retention({ minimumRetentionDays: 0 })).toBe(false);
        const sg = validatorOf("security-group-no-public-ingress");
        const sgDefault: Record<string, unknown> = {};
        sg(sgDefault);
        expect(sgDefault.allowedPublicPorts).toEqual([]);
        expect(sg({ allowedPublicPorts: [443] })).toBe(true);
        expect(sg({ allowedPublicPorts: [70000] })).toBe(false);
        expect(validatorOf("container-resources")({ required: ["limits.gpu"] })).toBe(false);
        expect(
            validatorOf("ingress-auth")({ authAnnotations: ["alb.ingress.kubernetes.io/auth-type"] }),
        ).toBe(true);
    });
});

describe("blueprint.policy-config.json", () => {
    test("every key names an existing policy and every entry validates against that policy's schema", () => {
        const names = new Set(allPolicies.map((p) => p.name));
        expect(Object.keys(blueprintConfig).length).toBeGreaterThan(0);
        for (const [name, config] of Object.entries(blueprintConfig)) {
            expect({ name, exists: names.has(name) }).toEqual({ name, exists: true });
            const validate = validatorOf(name);
            expect({ name, ok: validate(structuredClone(config)), errors: validate.errors ?? null }).toEqual({
                name,
                ok: true,
                errors: null,
            });
        }
    });

    test("privileged namespaces are exactly the ones that need host access, each with a specific reason", () => {
        const ex = blueprintConfig["namespace-privileged-requires-exemption"].exemptions ?? [];
        expect(ex.map((e) => e.namespace).sort()).toEqual([
            "falco",
            "kube-bench",
            "node-exporter",
            "trivy-system",
        ]);
        for (const e of ex) expect(e.reason.length).toBeGreaterThan(80);
        const all = Object.values(blueprintConfig).flatMap((c) => c.exemptions ?? []);
        for (const ns of ["vault", "harbor", "monitoring"])
            expect(ex.some((e) => e.namespace === ns)).toBe(false);
        expect(all.every((e) => e.reason.trim().length > 40)).toBe(true);
    });
});

describe("exemptions through the CrossGuard adapter", () => {
    type Report = (message: string, urn?: string) => void;
    const deployment = (namespace: string): PolicyResource => ({
        type: "kubernetes:apps/v1:Deployment",
        name: `web-${namespace}`,
        urn: `urn:pulumi:t::bp::kubernetes:apps/v1:Deployment::web-${namespace}`,
        props: {
            metadata: { name: "web", namespace },
            spec: { template: { spec: { containers: [{ name: "c", image: "evil.io/x:1" }] } } },
        },
    });
    const namespace = (name: string, level: string): PolicyResource => ({
        type: "kubernetes:core/v1:Namespace",
        name,
        urn: `urn:pulumi:t::bp::kubernetes:core/v1:Namespace::${name}`,
        props: { metadata: { name, labels: { "pod-security.kubernetes.io/enforce": level } } },
    });

    function runResource(name: string, r: PolicyResource, config: PolicyConfig): string[] {
        const p = toCrossGuard(allPolicies.find((x) => x.name === name)!) as ResourceValidationPolicy;
        const messages: string[] = [];
        const report: Report = (m) => messages.push(m);
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a minimal ResourceValidationArgs
        (p.validateResource as any)({ ...r, getConfig: () => config }, report);
        return messages;
    }
    function runStack(
        name: string,
        resources: PolicyResource[],
        config: PolicyConfig,
    ): Array<[string, string | undefined]> {
        const p = toCrossGuard(allPolicies.find((x) => x.name === name)!) as StackValidationPolicy;
        const out: Array<[string, string | undefined]> = [];
        const report: Report = (m, urn) => out.push([m, urn]);
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a minimal StackValidationArgs
        (p.validateStack as any)({ resources, getConfig: () => config }, report);
        return out;
    }

    test("a resource policy skips exactly the exempted namespace, kind or name", () => {
        const cfg = {
            exemptions: [{ namespace: "tools", reason: "vendor image writes to its root filesystem" }],
        };
        expect(runResource("read-only-root-filesystem", deployment("tools"), cfg)).toEqual([]);
        expect(runResource("read-only-root-filesystem", deployment("apps"), cfg)).toHaveLength(1);
        expect(
            runResource("read-only-root-filesystem", deployment("apps"), {
                exemptions: [{ namespace: "apps", kind: "StatefulSet", reason: "x" }],
            }),
        ).toHaveLength(1);
        expect(
            runResource("read-only-root-filesystem", deployment("apps"), {
                exemptions: [{ namespace: "apps", name: "web", kind: "Deployment", reason: "x" }],
            }),
        ).toEqual([]);
    });

    test("allowed-image-registries (a stack policy) skips exactly the exempted namespace, kind or name", () => {
        const cfg = { exemptions: [{ namespace: "tools", reason: "vendor image mirrored later" }] };
        expect(runStack("allowed-image-registries", [deployment("tools")], cfg)).toEqual([]);
        expect(runStack("allowed-image-registries", [deployment("apps")], cfg)).toEqual([
            [expect.stringMatching(/evil\.io/), deployment("apps").urn],
        ]);
        expect(
            runStack("allowed-image-registries", [deployment("apps")], {
                exemptions: [{ namespace: "apps", kind: "StatefulSet", reason: "x" }],
            }),
        ).toHaveLength(1);
        expect(
            runStack("allowed-image-registries", [deployment("apps")], {
                exemptions: [{ namespace: "apps", name: "web", kind: "Deployment", reason: "x" }],
            }),
        ).toEqual([]);
    });

    test("a stack policy drops the findings an exemption covers: the blueprint's privileged namespaces pass, others fail", () => {
        const config = blueprintConfig["namespace-privileged-requires-exemption"];
        const stack = ["falco", "node-exporter", "kube-bench", "trivy-system", "rogue"].map((n) =>
            namespace(n, "privileged"),
        );
        const found = runStack(
            "namespace-privileged-requires-exemption",
            [...stack, namespace("vault", "restricted")],
            config,
        );
        expect(found).toEqual([[expect.stringMatching(/"rogue"/), stack[4].urn]]);
        expect(runStack("namespace-privileged-requires-exemption", stack, {})).toHaveLength(5);
    });

    test("secrets-from-vault honours the blueprint's bootstrap exemptions and still flags app namespaces", () => {
        const config = blueprintConfig["secrets-from-vault"];
        const secret = (ns: string): PolicyResource => ({
            type: "kubernetes:core/v1:Secret",
            name: `s-${ns}`,
            urn: `urn:pulumi:t::bp::kubernetes:core/v1:Secret::s-${ns}`,
            props: { metadata: { name: "admin", namespace: ns }, stringData: { password: "x" } },
        });
        expect(runResource("secrets-from-vault", secret("monitoring"), config)).toEqual([]);
        expect(runResource("secrets-from-vault", secret("harbor"), config)).toEqual([]);
        expect(runResource("secrets-from-vault", secret("team-a"), config)).toHaveLength(1);
    });
});
