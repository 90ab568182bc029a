/**
 * Objects, not names plus dependencies (issue 19): a component given a SecureNamespace waits for it, and a component
 * given the monitoring stack creates its ServiceMonitors after the stack's CRDs, with no dependsOn list at the call
 * site. Checked on the graph the guard captures (the RegisterResource requests the engine would see): the
 * components alone (fixtures/objects), and SecurityPlatform with its defaults (fixtures/platform-objects).
 */
import * as path from "path";
import { GuardResource, isSecret } from "../../guard/model";
import { captureProgramInChild } from "../../guard/program-process";

/* eslint-disable @typescript-eslint/no-explicit-any -- wire-form properties are untyped */

const RELEASE = "kubernetes:helm.sh/v3:Release";
const NAMESPACE = "kubernetes:core/v1:Namespace";

/**
 * The capture the guard makes of the fixture program: in the program's own process, as the guard runs it (its
 * JavaScript cached, not transpiled again by the test runner).
 */
async function capture(fixture: string): Promise<GuardResource[]> {
    const captured = await captureProgramInChild({
        program: path.join(__dirname, "fixtures", fixture),
        project: "blueprint",
        stack: "test",
        config: {},
        secretKeys: [],
        log: () => undefined,
    });
    return captured.resources;
}

// Both programs at once: each waits mostly for its own process.
let captured: Record<"objects" | "platformObjects", GuardResource[]>;
beforeAll(async () => {
    const [objects, platformObjects] = await Promise.all([capture("objects"), capture("platform-objects")]);
    captured = { objects, platformObjects };
}, 120_000);

function finder(resources: GuardResource[]) {
    return (type: string, name: string): GuardResource => {
        const r = resources.find((x) => x.type === type && x.name === name);
        if (!r)
            throw new Error(
                `${type} ${name} not captured; have ${resources.map((x) => `${x.type}/${x.name}`).join(", ")}`,
            );
        return r;
    };
}

const values = (r: GuardResource): any => {
    const v = r.inputs.values;
    return isSecret(v) ? (v as { value: unknown }).value : v;
};

describe("components given objects", () => {
    let one: ReturnType<typeof finder>;
    beforeAll(() => {
        one = finder(captured.objects);
    });

    test("each component waits for the SecureNamespace it was given, and installs into its name", () => {
        const cases: [string, string, string[]][] = [
            ["blueprint:monitoring:KubePrometheusStack", "monitoring", ["monitoring", "node-exporter"]],
            ["blueprint:vault:Vault", "vault", ["vault", "shop"]],
            ["blueprint:registry:Harbor", "harbor", ["harbor"]],
            ["blueprint:scanning:TrivyOperator", "trivy-operator", ["trivy-system"]],
            ["blueprint:runtime:Falco", "falco", ["falco"]],
            ["blueprint:compliance:KubeBench", "kube-bench", ["kube-bench"]],
            ["blueprint:compliance:KubeHunter", "kube-hunter", ["kube-hunter"]],
            ["blueprint:workload:SecureWorkload", "web", ["shop"]],
            [
                "blueprint:network:PlatformNetworkPolicies",
                "platform-flows",
                [
                    "vault",
                    "harbor",
                    "falco",
                    "monitoring",
                    "trivy-system",
                    "kube-bench",
                    "node-exporter",
                    "kube-hunter",
                ],
            ],
        ];
        for (const [type, name, namespaces] of cases) {
            const deps = one(type, name).dependencies;
            for (const ns of namespaces)
                expect({ name, deps }).toEqual({
                    name,
                    deps: expect.arrayContaining([one(NAMESPACE, `ns-${ns}`).urn]),
                });
        }
        expect(one(RELEASE, "vault").inputs.namespace).toBe("vault");
        expect(one(RELEASE, "harbor").inputs.namespace).toBe("harbor");
        expect(one(RELEASE, "trivy-operator").inputs.namespace).toBe("trivy-system");
        expect(one(RELEASE, "falco").inputs.namespace).toBe("falco");
        expect((one("kubernetes:apps/v1:Deployment", "web").inputs as any).metadata.namespace).toBe("shop");
        expect((one("kubernetes:core/v1:Secret", "vault-ca-shop").inputs as any).metadata.namespace).toBe(
            "shop",
        );
    });

    test("each release with ServiceMonitors waits for the monitoring stack's CRDs, and has them on", () => {
        const crds = one(RELEASE, "monitoring-crds").urn;
        const monitoring = one(RELEASE, "monitoring").urn;
        for (const name of ["vault", "harbor", "trivy-operator", "falco"]) {
            const deps = one(RELEASE, name).dependencies;
            expect({ name, crds: deps.includes(crds), whole: deps.includes(monitoring) }).toEqual({
                name,
                crds: true,
                whole: false,
            });
        }
        expect(values(one(RELEASE, "vault")).serverTelemetry.serviceMonitor.enabled).toBe(true);
        expect(values(one(RELEASE, "harbor")).metrics.serviceMonitor.enabled).toBe(true);
        expect(values(one(RELEASE, "trivy-operator")).serviceMonitor.enabled).toBe(true);
    });

    test("the old forms still work: a namespace name and monitoring: true (no dependency to add)", () => {
        const legacy = one(RELEASE, "vault-legacy");
        expect(legacy.inputs.namespace).toBe("vault-legacy");
        expect(legacy.dependencies).not.toContain(one(RELEASE, "monitoring-crds").urn);
        expect(values(legacy).serverTelemetry.serviceMonitor.enabled).toBe(true);
    });
});

describe("SecurityPlatform", () => {
    let resources: GuardResource[];
    let one: ReturnType<typeof finder>;
    beforeAll(() => {
        resources = captured.platformObjects;
        one = finder(resources);
    });

    test("the parts' ordering comes from the objects: namespaces on the components, the CRDs on the releases", () => {
        const crds = one(RELEASE, "monitoring-crds").urn;
        for (const [type, name, ns] of [
            ["blueprint:vault:Vault", "vault", "vault"],
            ["blueprint:scanning:TrivyOperator", "trivy-operator", "trivy-system"],
            ["blueprint:runtime:Falco", "falco", "falco"],
            ["blueprint:compliance:KubeBench", "kube-bench", "kube-bench"],
            ["blueprint:monitoring:KubePrometheusStack", "monitoring", "monitoring"],
        ]) {
            const deps = one(type, name).dependencies;
            expect({ name, ns: deps.includes(one(NAMESPACE, `ns-${ns}`).urn) }).toEqual({ name, ns: true });
        }
        for (const name of ["vault", "trivy-operator", "falco"])
            expect({ name, crds: one(RELEASE, name).dependencies.includes(crds) }).toEqual({
                name,
                crds: true,
            });
        // Not the whole component: Vault's KMS key, TLS and kube-bench's jobs need not wait for the CRDs.
        expect(one("blueprint:vault:Vault", "vault").dependencies).not.toContain(crds);
    });
});
